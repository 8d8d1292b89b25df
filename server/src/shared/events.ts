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
