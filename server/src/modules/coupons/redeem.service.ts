import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { emit } from '../events/outbox.ts';
import { formatYuan } from '../orders/money.ts';
import { storeInfo } from '../tenancy/org.service.ts';
import { evaluate, type OrderLine } from './applicability.ts';
import { normalizeCode } from './codes.ts';
import { couponError } from './coupon-errors.ts';
import {
  type CouponRow,
  liveRedemption,
  lockCoupon,
  type RedemptionRow,
  redemptionColumns,
  rulesOf,
} from './coupons.repo.ts';
import { checkKey, once, payloadHash } from './idempotency.ts';
import { resolveMembers } from './member-lookup.ts';
import { loadTemplate } from './templates.repo.ts';

export interface RedeemRequest {
  code: string;
  /** The member presenting the coupon (internal id; a merged member counts as the survivor). */
  memberId: string;
  order: {
    channel: string;
    externalOrderId: string;
    /** Internal store id. */
    storeId?: string | null | undefined;
    totalCents: number;
    shippingCents?: number | undefined;
    lines: readonly OrderLine[];
  };
  idempotencyKey?: string | undefined;
  now?: Date;
}

export interface Redemption {
  redemptionId: string;
  couponId: string;
  templateId: string;
  memberId: string;
  channel: string;
  externalOrderId: string;
  storeId: string | null;
  regionId: string | null;
  discountCents: number;
  redeemedAt: string;
}

export const redemptionOf = (r: RedemptionRow): Redemption => ({
  redemptionId: r.id,
  couponId: r.coupon_id,
  templateId: r.template_id,
  memberId: r.member_id,
  channel: r.channel,
  externalOrderId: r.external_order_id,
  storeId: r.store_id,
  regionId: r.region_id,
  discountCents: Number(r.discount_cents),
  redeemedAt: r.redeemed_at.toISOString(),
});

/**
 * Redeems a coupon against an order at a POS or mall and returns the discount. Idempotent on
 * the Idempotency-Key and on (coupon, order): the same request again returns the first answer;
 * the same key or the same order with different details is a 409 that writes nothing.
 */
export async function redeemCoupon(
  tx: Tx,
  ctx: Ctx,
  req: RedeemRequest,
): Promise<{ redemption: Redemption; replayed: boolean }> {
  const key = checkKey(req.idempotencyKey);
  const linesCents = req.order.lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (linesCents > req.order.totalCents) {
    throw invalid('order.totalCents', `less than the lines together (¥${formatYuan(linesCents)})`);
  }
  const order = {
    ...req.order,
    storeId: req.order.storeId ?? null,
    shippingCents: req.order.shippingCents ?? 0,
  };
  const payload = { code: normalizeCode(req.code), memberId: req.memberId, order };
  const hash = payloadHash(payload);
  const out = await once(tx, ctx, 'redeem', key, payload, async () => {
    const coupon = await lockCoupon(tx, { code: payload.code });
    if (coupon.status === 'redeemed')
      return { redemption: await replay(tx, coupon, order, hash), replayed: true };
    await checkUsable(tx, ctx, coupon, req.memberId, req.now ?? new Date());
    const template = await loadTemplate(tx, coupon.template_id);
    const store = order.storeId ? (await storeInfo(tx, { ids: [order.storeId] }))[0] : undefined;
    if (order.storeId && !store) throw invalid('order.storeId', 'no such store');
    const result = evaluate(rulesOf(template), order);
    if (!result.ok) throw couponError(result.reason, result.field, result.message);
    const paid = Math.max(0, order.totalCents + order.shippingCents - result.discountCents);
    const row = await recordRedemption(tx, ctx, coupon, {
      channel: order.channel,
      externalOrderId: order.externalOrderId,
      orderId: null,
      storeId: order.storeId,
      regionId: store?.regionId ?? null,
      totalCents: order.totalCents,
      discountCents: result.discountCents,
      paidCents: paid,
      hash,
      via: 'api',
      at: req.now ?? new Date(),
    });
    return { redemption: redemptionOf(row), replayed: false };
  });
  return { redemption: out.result.redemption, replayed: out.replayed || out.result.replayed };
}

/** A redeemed coupon presented again: the same order and details is a replay, anything else is refused. */
async function replay(
  tx: Tx,
  coupon: CouponRow,
  order: { channel: string; externalOrderId: string },
  hash: Buffer,
): Promise<Redemption> {
  const live = await liveRedemption(tx, coupon.id);
  if (live && live.channel === order.channel && live.external_order_id === order.externalOrderId) {
    if (live.payload_hash.equals(hash)) return redemptionOf(live);
    throw new AppError(
      'IDEMPOTENCY_MISMATCH',
      'This coupon was redeemed on this order with different details; nothing was done',
      [{ field: 'order', message: 'differs from the redemption already recorded for this order' }],
    );
  }
  throw couponError('already_redeemed', 'code', 'this coupon has already been used on another order');
}

/** Status, owner and validity window: what makes a coupon usable by this member now. */
export async function checkUsable(
  tx: Tx,
  ctx: Ctx,
  coupon: CouponRow,
  memberId: string,
  now: Date,
): Promise<void> {
  if (coupon.status === 'shared') {
    throw couponError(
      'not_available',
      'code',
      'this coupon was passed on to someone else; its code no longer works',
    );
  }
  if (coupon.status === 'expired' || coupon.valid_to <= now) {
    throw couponError('expired', 'code', `this coupon expired at ${coupon.valid_to.toISOString()}`);
  }
  if (coupon.valid_from > now) {
    throw couponError(
      'not_yet_valid',
      'code',
      `this coupon is valid from ${coupon.valid_from.toISOString()}`,
    );
  }
  const holder = (await resolveMembers(tx, ctx, [memberId], { scoped: false })).get(memberId);
  if (holder !== coupon.member_id)
    throw couponError('not_owner', 'memberId', 'this coupon belongs to another member');
}

export interface RedemptionFacts {
  channel: string;
  externalOrderId: string;
  orderId: string | null;
  storeId: string | null;
  regionId: string | null;
  totalCents: number;
  discountCents: number;
  paidCents: number;
  hash: Buffer;
  via: 'api' | 'order';
  at: Date;
}

/** Writes the redemption, marks the (locked) coupon used, and emits coupon.redeemed. */
export async function recordRedemption(
  tx: Tx,
  ctx: Ctx,
  coupon: CouponRow,
  f: RedemptionFacts,
): Promise<RedemptionRow> {
  const row = await tx.one<RedemptionRow>(
    `INSERT INTO coupon_redemptions (tenant_id, coupon_id, template_id, member_id, channel, external_order_id, order_id,
       store_id, region_id, order_total_cents, discount_cents, paid_cents, payload_hash, via, redeemed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING ${redemptionColumns}`,
    [
      ctx.tenantId,
      coupon.id,
      coupon.template_id,
      coupon.member_id,
      f.channel,
      f.externalOrderId,
      f.orderId,
      f.storeId,
      f.regionId,
      f.totalCents,
      f.discountCents,
      f.paidCents,
      f.hash,
      f.via,
      f.at,
    ],
  );
  await tx.exec(
    `UPDATE coupons SET status = 'redeemed', redeemed_at = $2, redemption_id = $3, redeemed_channel = $4,
       redeemed_order_ref = $5, redeemed_order_id = $6, redeemed_store_id = $7, redeemed_region_id = $8
     WHERE id = $1`,
    [coupon.id, f.at, row.id, f.channel, f.externalOrderId, f.orderId, f.storeId, f.regionId],
  );
  await emit(tx, ctx, {
    type: 'coupon.redeemed',
    aggregateType: 'coupon',
    aggregateId: `cpn_${coupon.id}`,
    payload: {
      couponId: `cpn_${coupon.id}`,
      templateId: `cpt_${coupon.template_id}`,
      memberId: `mem_${coupon.member_id}`,
      redemptionId: `cpr_${row.id}`,
      channel: f.channel,
      externalOrderId: f.externalOrderId,
      orderId: f.orderId ? `ord_${f.orderId}` : null,
      storeId: f.storeId ? `sto_${f.storeId}` : null,
      regionId: f.regionId ? `reg_${f.regionId}` : null,
      discountCents: f.discountCents,
      redeemedAt: f.at.toISOString(),
    },
  });
  return row;
}
