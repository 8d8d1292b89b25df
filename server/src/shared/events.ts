/** Domain event types; webhooks subscribe to these. Modules add theirs here. */
export const eventTypes = [
  'tenant.updated',
  'business_unit.created',
  'business_unit.updated',
  'region.created',
  'region.updated',
  'store.created',
  'store.updated',
  'store.closed',
  'staff.created',
  'staff.updated',
  'staff.disabled',
  'staff.enabled',
  'webhook.test',
  'member.created',
  'member.updated',
  'member.merged',
  'member.unmerged',
  'identity.linked',
  'order.paid',
  'order.revised',
  'order.refunded',
  'coupon.issued',
  'coupon.claimed',
  'coupon.shared',
  'coupon.redeemed',
  'coupon.unredeemed',
  'coupon.expired',
  'points.earned',
  'points.spent',
  'points.reversed',
  'points.expiring',
  'points.expired',
  'points.adjusted',
  'tier.upgraded',
  'tier.downgraded',
  'benefit.granted',
  'mall.exchange.placed',
  'mall.exchange.shipped',
  'mall.exchange.delivered',
  'mall.exchange.cancelled',
] as const;

export type EventType = (typeof eventTypes)[number];

export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  tenantId: string;
  type: EventType;
  aggregateType: string;
  aggregateId: string;
  payload: P;
  occurredAt: string;
}
