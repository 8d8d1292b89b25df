import type { Tx } from '../../db/database.ts';
import { notFound } from '../../shared/errors.ts';
import type { Rules } from './applicability.ts';
import type { TemplateRow } from './templates.repo.ts';

export type CouponStatus = 'available' | 'redeemed' | 'shared' | 'expired';

export interface CouponRow extends Record<string, unknown> {
  id: string;
  template_id: string;
  code: string;
  member_id: string;
  origin_member_id: string;
  status: CouponStatus;
  source_type: string;
  source_id: string | null;
  issued_at: Date;
  claimed_at: Date | null;
  valid_from: Date;
  valid_to: Date;
  shared_from: string | null;
  shared_at: Date | null;
  redeemed_at: Date | null;
  redemption_id: string | null;
  redeemed_channel: string | null;
  redeemed_order_ref: string | null;
  redeemed_order_id: string | null;
  redeemed_store_id: string | null;
  redeemed_region_id: string | null;
  expired_at: Date | null;
}

export const couponColumns = `c.id, c.template_id, c.code, c.member_id, c.origin_member_id, c.status, c.source_type,
  c.source_id, c.issued_at, c.claimed_at, c.valid_from, c.valid_to, c.shared_from, c.shared_at, c.redeemed_at,
  c.redemption_id, c.redeemed_channel, c.redeemed_order_ref, c.redeemed_order_id, c.redeemed_store_id,
  c.redeemed_region_id, c.expired_at`;

export async function lockCoupon(tx: Tx, by: { id: string } | { code: string }): Promise<CouponRow> {
  const [column, value] = 'id' in by ? ['id', by.id] : ['code', by.code];
  const row = await tx.maybeOne<CouponRow>(
    `SELECT ${couponColumns} FROM coupons c WHERE c.${column} = $1 FOR NO KEY UPDATE`,
    [value],
  );
  if (!row) throw notFound('Coupon');
  return row;
}

export interface RedemptionRow extends Record<string, unknown> {
  id: string;
  coupon_id: string;
  template_id: string;
  member_id: string;
  channel: string;
  external_order_id: string;
  order_id: string | null;
  store_id: string | null;
  region_id: string | null;
  order_total_cents: string;
  discount_cents: string;
  paid_cents: string;
  refunded_cents: string;
  payload_hash: Buffer;
  via: 'api' | 'order';
  status: 'redeemed' | 'reversed';
  redeemed_at: Date;
  reversed_at: Date | null;
  reversal_reason: string | null;
}

export const redemptionColumns = `id, coupon_id, template_id, member_id, channel, external_order_id, order_id, store_id,
  region_id, order_total_cents, discount_cents, paid_cents, refunded_cents, payload_hash, via, status, redeemed_at,
  reversed_at, reversal_reason`;

export const liveRedemption = (tx: Tx, couponId: string): Promise<RedemptionRow | undefined> =>
  tx.maybeOne<RedemptionRow>(
    `SELECT ${redemptionColumns} FROM coupon_redemptions WHERE coupon_id = $1 AND status = 'redeemed'`,
    [couponId],
  );

export const rulesOf = (t: TemplateRow): Rules => ({
  kind: t.kind,
  amountOffCents: t.amount_off_cents === null ? null : Number(t.amount_off_cents),
  percentOffBp: t.percent_off_bp,
  maxDiscountCents: t.max_discount_cents === null ? null : Number(t.max_discount_cents),
  thresholdCents: Number(t.threshold_cents),
  giftSku: t.gift_sku,
  channels: t.channels,
  storeIds: t.store_ids,
  skus: t.skus,
  categoryPrefixes: t.category_prefixes,
});
