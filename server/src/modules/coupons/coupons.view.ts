import { z } from 'zod';
import { iso } from '../../http/schemas.ts';
import { toPublicId } from '../../shared/ids.ts';
import { type CouponListRow, effectiveStatus } from './coupons.query.ts';
import { kinds, statuses } from './coupons.schema.ts';
import type { IssueResult } from './issue.service.ts';
import type { Redemption } from './redeem.service.ts';
import type { TemplateRow } from './templates.repo.ts';
import { asInput } from './templates.service.ts';

export const templateOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(kinds),
  amountOffCents: z.number().int().nullable(),
  percentOffBp: z.number().int().nullable(),
  maxDiscountCents: z.number().int().nullable(),
  thresholdCents: z.number().int(),
  giftSku: z.string().nullable(),
  stockTotal: z.number().int().nullable(),
  stockLeft: z.number().int().nullable(),
  perMemberLimit: z.number().int().nullable(),
  validity: z.union([
    z.object({ kind: z.literal('fixed'), from: z.string(), to: z.string() }),
    z.object({ kind: z.literal('relative'), days: z.number().int() }),
  ]),
  channels: z.array(z.string()),
  storeIds: z.array(z.string()),
  skus: z.array(z.string()),
  categoryPrefixes: z.array(z.string()),
  shareable: z.boolean(),
  claimable: z.boolean(),
  claimCode: z.string().nullable().describe('for the claim link; null unless claimable'),
  status: z.enum(statuses),
  businessUnitId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const templateView = (t: TemplateRow) => {
  const v = asInput(t);
  return {
    id: toPublicId('couponTemplate', t.id),
    name: v.name,
    description: v.description ?? null,
    kind: v.kind,
    amountOffCents: v.amountOffCents ?? null,
    percentOffBp: v.percentOffBp ?? null,
    maxDiscountCents: v.maxDiscountCents ?? null,
    thresholdCents: v.thresholdCents ?? 0,
    giftSku: v.giftSku ?? null,
    stockTotal: t.stock_total,
    stockLeft: t.stock_left,
    perMemberLimit: t.per_member_limit,
    validity: v.validity,
    channels: t.channels,
    storeIds: v.storeIds ?? [],
    skus: t.skus,
    categoryPrefixes: t.category_prefixes,
    shareable: t.shareable,
    claimable: t.claimable,
    claimCode: t.claimable ? t.claim_code : null,
    status: t.status,
    businessUnitId: v.businessUnitId ?? null,
    createdBy: t.created_by,
    createdAt: iso(t.created_at)!,
    updatedAt: iso(t.updated_at)!,
  };
};

export const couponOut = z.object({
  id: z.string(),
  code: z.string(),
  templateId: z.string(),
  templateName: z.string(),
  kind: z.string(),
  memberId: z.string(),
  status: z.enum(['available', 'redeemed', 'shared', 'expired']),
  source: z.object({ type: z.string(), id: z.string().nullable() }),
  issuedAt: z.string(),
  claimedAt: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  sharedFrom: z.string().nullable(),
  sharedAt: z.string().nullable(),
  redeemedAt: z.string().nullable(),
  redemptionId: z.string().nullable(),
  redeemedOrder: z
    .object({ channel: z.string(), externalOrderId: z.string(), orderId: z.string().nullable() })
    .nullable(),
  redeemedStoreId: z.string().nullable(),
  redeemedRegionId: z.string().nullable(),
  expiredAt: z.string().nullable(),
});

export const couponView = (c: CouponListRow, now: Date) => ({
  id: toPublicId('coupon', c.id),
  code: c.code,
  templateId: toPublicId('couponTemplate', c.template_id),
  templateName: c.template_name,
  kind: c.kind,
  memberId: toPublicId('member', c.member_id),
  status: effectiveStatus(c, now),
  source: { type: c.source_type, id: c.source_id },
  issuedAt: iso(c.issued_at)!,
  claimedAt: iso(c.claimed_at),
  validFrom: iso(c.valid_from)!,
  validTo: iso(c.valid_to)!,
  sharedFrom: toPublicId('coupon', c.shared_from),
  sharedAt: iso(c.shared_at),
  redeemedAt: iso(c.redeemed_at),
  redemptionId: toPublicId('couponRedemption', c.redemption_id),
  redeemedOrder:
    c.redeemed_channel && c.redeemed_order_ref
      ? {
          channel: c.redeemed_channel,
          externalOrderId: c.redeemed_order_ref,
          orderId: toPublicId('order', c.redeemed_order_id),
        }
      : null,
  redeemedStoreId: toPublicId('store', c.redeemed_store_id),
  redeemedRegionId: toPublicId('region', c.redeemed_region_id),
  expiredAt: iso(c.expired_at ?? (c.status === 'available' && c.valid_to <= now ? c.valid_to : null)),
});

export const redemptionOut = z.object({
  redemptionId: z.string(),
  couponId: z.string(),
  templateId: z.string(),
  memberId: z.string(),
  channel: z.string(),
  externalOrderId: z.string(),
  storeId: z.string().nullable(),
  regionId: z.string().nullable(),
  discountCents: z.number().int(),
  redeemedAt: z.string(),
  replayed: z.boolean().describe('true when this answers a repeat of an earlier request'),
});

export const redemptionView = (r: Redemption, replayed: boolean) => ({
  ...r,
  redemptionId: toPublicId('couponRedemption', r.redemptionId),
  couponId: toPublicId('coupon', r.couponId),
  templateId: toPublicId('couponTemplate', r.templateId),
  memberId: toPublicId('member', r.memberId),
  storeId: toPublicId('store', r.storeId),
  regionId: toPublicId('region', r.regionId),
  replayed,
});

export const issuedOut = z.object({
  couponId: z.string(),
  memberId: z.string(),
  code: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
});

export const issueOut = z.object({
  templateId: z.string(),
  issued: z.array(issuedOut),
  skipped: z.array(
    z.object({
      memberId: z.string(),
      reason: z.enum(['member_not_found', 'duplicate', 'limit_reached', 'out_of_stock']),
    }),
  ),
});

export const issuedView = (c: IssueResult['issued'][number]) => ({
  ...c,
  couponId: toPublicId('coupon', c.couponId),
  memberId: toPublicId('member', c.memberId),
});

export const issueView = (r: IssueResult, requested: Map<string, string>) => ({
  templateId: toPublicId('couponTemplate', r.templateId),
  issued: r.issued.map(issuedView),
  skipped: r.skipped.map((s) => ({
    memberId: requested.get(s.memberId) ?? toPublicId('member', s.memberId),
    reason: s.reason,
  })),
});
