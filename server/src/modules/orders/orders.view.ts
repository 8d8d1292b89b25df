import { z } from 'zod';
import { iso } from '../../http/schemas.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { OrderDetail, TimelineEntry } from './orders.query.ts';
import type { LineRow, OrderRow } from './orders.repo.ts';
import type { RefundRow } from './refunds.service.ts';

export const orderOut = z.object({
  id: z.string(),
  channel: z.string(),
  externalId: z.string(),
  storeId: z.string().nullable(),
  guideId: z.string().nullable(),
  memberId: z.string().nullable(),
  status: z.enum(['paid', 'partially_refunded', 'refunded', 'cancelled']),
  totalCents: z.number().int(),
  discountCents: z.number().int(),
  paidCents: z.number().int(),
  refundedCents: z.number().int(),
  units: z.number().int(),
  couponCodes: z.array(z.string()),
  paidAt: z.string(),
  revision: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const lineOut = z.object({
  lineNo: z.number().int(),
  sku: z.string(),
  productId: z.string().nullable(),
  qty: z.number().int(),
  unitPriceCents: z.number().int(),
  paidCents: z.number().int(),
  refundedQty: z.number().int(),
  refundedCents: z.number().int(),
});

export const refundOut = z.object({
  id: z.string(),
  channel: z.string(),
  externalId: z.string(),
  externalOrderId: z.string(),
  orderId: z.string().nullable(),
  status: z.enum(['held', 'applied', 'rejected']),
  full: z.boolean(),
  amountCents: z.number().int().nullable(),
  lines: z.array(
    z.object({
      lineNo: z.number().optional(),
      sku: z.string().optional(),
      qty: z.number(),
      amountCents: z.number(),
    }),
  ),
  reason: z.string().nullable(),
  rejection: z.string().nullable(),
  refundedAt: z.string(),
  createdAt: z.string(),
  appliedAt: z.string().nullable(),
});

export const orderDetailOut = orderOut.extend({
  lines: z.array(lineOut),
  revisions: z.array(z.object({ revision: z.number().int(), payload: z.unknown(), receivedAt: z.string() })),
  refunds: z.array(refundOut),
});

export const orderView = (o: OrderRow) => ({
  id: toPublicId('order', o.id),
  channel: o.channel,
  externalId: o.external_id,
  storeId: toPublicId('store', o.store_id),
  guideId: toPublicId('staff', o.guide_id),
  memberId: toPublicId('member', o.member_id),
  status: o.status,
  totalCents: Number(o.total_cents),
  discountCents: Number(o.discount_cents),
  paidCents: Number(o.paid_cents),
  refundedCents: Number(o.refunded_cents),
  units: o.units,
  couponCodes: o.coupon_codes,
  paidAt: iso(o.paid_at)!,
  revision: o.revision,
  createdAt: iso(o.created_at)!,
  updatedAt: iso(o.updated_at)!,
});

export const lineView = (l: LineRow) => ({
  lineNo: l.line_no,
  sku: l.sku,
  productId: toPublicId('product', l.product_id),
  qty: l.qty,
  unitPriceCents: Number(l.unit_price_cents),
  paidCents: Number(l.paid_cents),
  refundedQty: l.refunded_qty,
  refundedCents: Number(l.refunded_cents),
});

export const refundView = (r: RefundRow) => ({
  id: toPublicId('refund', r.id),
  channel: r.channel,
  externalId: r.external_id,
  externalOrderId: r.external_order_id,
  orderId: toPublicId('order', r.order_id),
  status: r.status,
  full: r.full_refund,
  amountCents: r.amount_cents === null ? null : Number(r.amount_cents),
  lines: r.lines,
  reason: r.reason,
  rejection: r.rejection,
  refundedAt: iso(r.refunded_at)!,
  createdAt: iso(r.created_at)!,
  appliedAt: iso(r.applied_at),
});

export const orderDetailView = (d: OrderDetail) => ({
  ...orderView(d.order),
  lines: d.lines.map(lineView),
  revisions: d.revisions.map((r) => ({
    revision: r.revision,
    payload: r.payload,
    receivedAt: iso(r.received_at)!,
  })),
  refunds: d.refunds.map(refundView),
});

export const timelineOut = z.object({
  items: z.array(
    z.object({
      type: z.enum(['order', 'refund']),
      at: z.string(),
      order: orderOut.optional(),
      refund: refundOut.optional(),
      orderId: z.string().optional(),
    }),
  ),
});

export const timelineView = (entries: TimelineEntry[]) => ({
  items: entries.map((e) =>
    e.type === 'order'
      ? { type: e.type, at: iso(e.at)!, order: orderView(e.order) }
      : {
          type: e.type,
          at: iso(e.at)!,
          refund: refundView(e.refund),
          orderId: toPublicId('order', e.orderId),
        },
  ),
});
