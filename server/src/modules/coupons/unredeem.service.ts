import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { audit } from '../audit/audit.ts';
import { emitMany, type NewEvent } from '../events/outbox.ts';
import { couponError } from './coupon-errors.ts';
import {
  type CouponRow,
  couponColumns,
  liveRedemption,
  lockCoupon,
  type RedemptionRow,
  redemptionColumns,
} from './coupons.repo.ts';
import { checkKey, once } from './idempotency.ts';

export interface UnredeemResult {
  couponId: string;
  redemptionId: string;
  /** Where the coupon went: back to its holder, or straight to expired if its validity has ended. */
  status: 'available' | 'expired';
}

/**
 * Reverses a coupon's redemption (a refund, a cancelled sale): the coupon returns to its holder if
 * still valid, else it expires. With an Idempotency-Key a retry gets the first answer; without one
 * a second call finds nothing to reverse.
 */
export async function unredeemCoupon(
  tx: Tx,
  ctx: Ctx,
  req: { couponId: string; reason: string; idempotencyKey?: string | undefined; now?: Date },
): Promise<UnredeemResult> {
  const key = checkKey(req.idempotencyKey);
  const { result } = await once(
    tx,
    ctx,
    'unredeem',
    key,
    { couponId: req.couponId, reason: req.reason },
    async () => {
      const coupon = await lockCoupon(tx, { id: req.couponId });
      const live = coupon.status === 'redeemed' ? await liveRedemption(tx, coupon.id) : undefined;
      if (!live) throw couponError('not_redeemed', 'id', 'this coupon is not redeemed');
      const result = await reverse(tx, ctx, coupon, live, req.reason, req.now ?? new Date());
      await audit(tx, ctx, {
        action: 'coupon.unredeemed',
        entityType: 'coupon',
        entityId: `cpn_${coupon.id}`,
        before: {
          status: 'redeemed',
          redemptionId: `cpr_${live.id}`,
          externalOrderId: live.external_order_id,
        },
        after: { status: result.status, reason: req.reason },
      });
      return result;
    },
  );
  return result;
}

/**
 * An order was refunded (order.refunded): adds the refund to the order's live redemptions and
 * reverses those whose order is now refunded in full. Runs once per event (the outbox consumer).
 */
export async function reverseForRefund(
  tx: Tx,
  ctx: Ctx,
  refund: { orderId: string; amountCents: number; full: boolean; now?: Date },
): Promise<UnredeemResult[]> {
  // Coupons first, in id order, as every other coupon write does: then their redemptions.
  const coupons = await tx.many<CouponRow>(
    `SELECT ${couponColumns} FROM coupons c WHERE c.id IN (
       SELECT coupon_id FROM coupon_redemptions WHERE order_id = $1 AND status = 'redeemed')
     ORDER BY c.id FOR NO KEY UPDATE`,
    [refund.orderId],
  );
  if (coupons.length === 0) return [];
  const rows = await tx.many<RedemptionRow & { done: boolean }>(
    `UPDATE coupon_redemptions SET refunded_cents = refunded_cents + $2
     WHERE order_id = $1 AND status = 'redeemed'
     RETURNING ${redemptionColumns}, ($3 OR refunded_cents >= paid_cents) AS done`,
    [refund.orderId, refund.amountCents, refund.full],
  );
  const out: UnredeemResult[] = [];
  for (const coupon of coupons) {
    const live = rows.find((r) => r.coupon_id === coupon.id);
    if (!live?.done) continue;
    out.push(await reverse(tx, ctx, coupon, live, 'order refunded in full', refund.now ?? new Date()));
  }
  return out;
}

async function reverse(
  tx: Tx,
  ctx: Ctx,
  coupon: CouponRow,
  live: RedemptionRow,
  reason: string,
  now: Date,
): Promise<UnredeemResult> {
  await tx.exec(
    `UPDATE coupon_redemptions SET status = 'reversed', reversed_at = $2, reversal_reason = $3 WHERE id = $1`,
    [live.id, now, reason],
  );
  const status = coupon.valid_to > now ? 'available' : 'expired';
  await tx.exec(
    `UPDATE coupons SET status = $2, expired_at = CASE WHEN $2 = 'expired' THEN $3::timestamptz END,
       redeemed_at = NULL, redemption_id = NULL, redeemed_channel = NULL, redeemed_order_ref = NULL,
       redeemed_order_id = NULL, redeemed_store_id = NULL, redeemed_region_id = NULL
     WHERE id = $1`,
    [coupon.id, status, now],
  );
  const base = {
    couponId: `cpn_${coupon.id}`,
    templateId: `cpt_${coupon.template_id}`,
    memberId: `mem_${coupon.member_id}`,
  };
  const events: NewEvent[] = [
    {
      type: 'coupon.unredeemed',
      aggregateType: 'coupon',
      aggregateId: base.couponId,
      payload: {
        ...base,
        redemptionId: `cpr_${live.id}`,
        channel: live.channel,
        externalOrderId: live.external_order_id,
        orderId: live.order_id ? `ord_${live.order_id}` : null,
        reason,
        status,
      },
    },
  ];
  if (status === 'expired') {
    events.push({
      type: 'coupon.expired',
      aggregateType: 'coupon',
      aggregateId: base.couponId,
      payload: { ...base, validTo: coupon.valid_to.toISOString() },
    });
  }
  await emitMany(tx, ctx, events);
  return { couponId: coupon.id, redemptionId: live.id, status };
}
