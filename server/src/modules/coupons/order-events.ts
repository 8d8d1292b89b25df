import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { BatchConsumer } from '../events/consumers.ts';
import { storeInfo } from '../tenancy/org.service.ts';
import { evaluate } from './applicability.ts';
import { looksLikeCode, normalizeCode } from './codes.ts';
import { type CouponRow, couponColumns, rulesOf } from './coupons.repo.ts';
import { payloadHash } from './idempotency.ts';
import { recordRedemption } from './redeem.service.ts';
import { loadTemplate } from './templates.repo.ts';
import { reverseForRefund } from './unredeem.service.ts';

interface PaidOrder {
  orderId: string;
  channel: string;
  externalId: string;
  memberId: string | null;
  storeId: string | null;
  paidAt: string;
  totalCents: number;
  paidCents: number;
  couponCodes: string[];
  lines: { sku: string; qty: number; paidCents: number }[];
}

const internal = (publicId: string | null): string | null =>
  publicId ? publicId.replace(/^[a-z]+_/, '') : null;

/**
 * An order arrived paid (order.paid). Redemptions already made for it by API are tied to the
 * order and take its paid amount; coupon codes the order carries that are this tenant's, held by
 * the order's member and valid when it was paid, are marked redeemed. Runs once per event.
 */
export async function onOrderPaid(tx: Tx, ctx: Ctx, o: PaidOrder): Promise<number> {
  const orderId = internal(o.orderId)!;
  // Coupons before their redemptions, in id order, like every other coupon write.
  const linked = await tx.many<{ id: string }>(
    `SELECT c.id FROM coupons c WHERE c.id IN (
       SELECT coupon_id FROM coupon_redemptions WHERE channel = $1 AND external_order_id = $2 AND order_id IS NULL)
     ORDER BY c.id FOR NO KEY UPDATE`,
    [o.channel, o.externalId],
  );
  if (linked.length > 0) {
    await tx.exec(
      `UPDATE coupon_redemptions SET order_id = $3, paid_cents = $4
       WHERE channel = $1 AND external_order_id = $2 AND order_id IS NULL`,
      [o.channel, o.externalId, orderId, o.paidCents],
    );
    await tx.exec(
      `UPDATE coupons c SET redeemed_order_id = r.order_id FROM coupon_redemptions r
       WHERE r.id = c.redemption_id AND c.id = ANY ($1::bigint[])`,
      [linked.map((l) => l.id)],
    );
  }
  const codes = [...new Set(o.couponCodes.map(normalizeCode).filter(looksLikeCode))].slice(0, 50);
  const memberId = internal(o.memberId);
  if (codes.length === 0 || !memberId) return 0;
  const paidAt = new Date(o.paidAt);
  const coupons = await tx.many<CouponRow>(
    `SELECT ${couponColumns} FROM coupons c WHERE c.code = ANY ($1::text[]) ORDER BY c.id FOR NO KEY UPDATE`,
    [codes],
  );
  let redeemed = 0;
  for (const coupon of coupons) {
    // Codes of other coupons, or not this member's, or not valid then: the channel's business, not ours.
    if (coupon.status !== 'available' || coupon.member_id !== memberId) continue;
    if (coupon.valid_from > paidAt || coupon.valid_to <= paidAt) continue;
    const template = await loadTemplate(tx, coupon.template_id);
    const storeId = internal(o.storeId);
    const store = storeId ? (await storeInfo(tx, { ids: [storeId] }))[0] : undefined;
    const order = {
      channel: o.channel,
      storeId,
      totalCents: o.totalCents,
      shippingCents: 0,
      lines: o.lines.map((l) => ({ sku: l.sku, qty: l.qty, amountCents: l.paidCents })),
    };
    // The channel already honoured the coupon; what it took off is our best reading of the rules.
    const result = evaluate(rulesOf(template), order);
    await recordRedemption(tx, ctx, coupon, {
      channel: o.channel,
      externalOrderId: o.externalId,
      orderId,
      storeId: order.storeId,
      regionId: store?.regionId ?? null,
      totalCents: o.totalCents,
      discountCents: result.ok ? result.discountCents : 0,
      paidCents: o.paidCents,
      hash: payloadHash({ orderEvent: o.orderId }),
      via: 'order',
      at: paidAt,
    });
    redeemed++;
  }
  return redeemed;
}

/**
 * The consumer the runtime registers: order.paid marks coupons used, order.refunded gives them
 * back. It takes events in batches: most orders carry no coupon and no redemption waits for them,
 * and one query finds those that do, so a million imported orders cost a thousand queries here.
 */
export const couponsConsumer: BatchConsumer = {
  name: 'coupons',
  events: ['order.paid', 'order.refunded'],
  batchSize: 500,
  async handleMany(tx: Tx, ctx: Ctx, events: DomainEvent[]): Promise<void> {
    const paid = events.filter((e) => e.type === 'order.paid').map((e) => e.payload as unknown as PaidOrder);
    const waiting = new Set<string>();
    if (paid.length > 0) {
      const rows = await tx.many<{ channel: string; external_order_id: string }>(
        `SELECT DISTINCT r.channel, r.external_order_id FROM coupon_redemptions r
         JOIN unnest($1::text[], $2::text[]) AS k(channel, external_id)
           ON r.channel = k.channel AND r.external_order_id = k.external_id
         WHERE r.order_id IS NULL`,
        [paid.map((o) => o.channel), paid.map((o) => o.externalId)],
      );
      for (const r of rows) waiting.add(`${r.channel}\u0000${r.external_order_id}`);
    }
    for (const event of events) {
      if (event.type === 'order.paid') {
        const o = event.payload as unknown as PaidOrder;
        if (o.couponCodes.length === 0 && !waiting.has(`${o.channel}\u0000${o.externalId}`)) continue;
        await onOrderPaid(tx, ctx, o);
        continue;
      }
      const p = event.payload as { orderId: string; amountCents: number; full?: boolean };
      await reverseForRefund(tx, ctx, {
        orderId: internal(p.orderId)!,
        amountCents: Number(p.amountCents),
        full: p.full === true,
      });
    }
  },
};
