import { z } from 'zod';
import { iso } from '../../http/schemas.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { Address } from './address.ts';
import type { ExchangeRow } from './exchanges.repo.ts';
import type { ItemRow } from './items.repo.ts';
import { exchangeStatuses, itemKinds, itemStatuses, paymentStatuses } from './mall.schema.ts';

export const itemOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(itemKinds),
  points: z.number().int(),
  cashCents: z.number().int(),
  postageCents: z.number().int(),
  couponTemplateId: z.string().nullable(),
  redemptionInstructions: z.string().nullable(),
  stock: z.number().int().nullable().describe('total; null: unlimited'),
  stockLeft: z.number().int().nullable(),
  exchanged: z.number().int().describe('units in exchanges not cancelled'),
  perMemberLimit: z.number().int().nullable(),
  minTierRank: z.number().int().nullable(),
  tierIds: z.array(z.string()),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  images: z.array(z.string()),
  sortOrder: z.number().int(),
  status: z.enum(itemStatuses),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ItemView = z.infer<typeof itemOut>;

export const itemView = (r: ItemRow): ItemView => ({
  id: toPublicId('mallItem', r.id),
  name: r.name,
  description: r.description,
  kind: r.kind,
  points: Number(r.points),
  cashCents: Number(r.cash_cents),
  postageCents: Number(r.postage_cents),
  couponTemplateId: toPublicId('couponTemplate', r.coupon_template_id),
  redemptionInstructions: r.redemption_instructions,
  stock: r.stock_left === null ? null : r.stock_left + r.exchanged,
  stockLeft: r.stock_left,
  exchanged: r.exchanged,
  perMemberLimit: r.per_member_limit,
  minTierRank: r.min_tier_rank,
  tierIds: r.tier_ids.map((t) => toPublicId('tier', t)),
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  images: r.images,
  sortOrder: r.sort_order,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const previewOut = z.object({
  name: z.string().describe('first character, the rest masked'),
  phone: z.string().describe('masked'),
  province: z.string(),
  city: z.string(),
  district: z.string().nullable(),
});

export const exchangeOut = z.object({
  id: z.string(),
  memberId: z.string(),
  itemId: z.string(),
  kind: z.enum(itemKinds),
  itemName: z.string(),
  qty: z.number().int(),
  points: z.number().int(),
  cashCents: z.number().int(),
  postageCents: z.number().int(),
  paymentStatus: z.enum(paymentStatuses),
  paidAt: z.string().nullable(),
  paymentRef: z.string().nullable(),
  status: z.enum(exchangeStatuses),
  holdId: z.string(),
  couponIds: z.array(z.string()),
  redemptionInstructions: z.string().nullable(),
  address: previewOut.nullable(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  placedAt: z.string(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  placedBy: z.string(),
  updatedAt: z.string(),
});
export type ExchangeView = z.infer<typeof exchangeOut>;

export const exchangeView = (r: ExchangeRow): ExchangeView => ({
  id: toPublicId('mallExchange', r.id),
  memberId: toPublicId('member', r.member_id),
  itemId: toPublicId('mallItem', r.item_id),
  kind: r.kind,
  itemName: r.item_name,
  qty: r.qty,
  points: Number(r.points),
  cashCents: Number(r.cash_cents),
  postageCents: Number(r.postage_cents),
  paymentStatus: r.payment_status,
  paidAt: iso(r.paid_at),
  paymentRef: r.payment_ref,
  status: r.status,
  holdId: toPublicId('hold', r.hold_id),
  couponIds: r.coupon_ids.map((c) => toPublicId('coupon', c)),
  redemptionInstructions: r.redemption_instructions,
  address: r.address_preview,
  carrier: r.carrier,
  trackingNo: r.tracking_no,
  placedAt: r.placed_at.toISOString(),
  shippedAt: iso(r.shipped_at),
  deliveredAt: iso(r.delivered_at),
  cancelledAt: iso(r.cancelled_at),
  cancelReason: r.cancel_reason,
  placedBy: r.placed_by,
  updatedAt: r.updated_at.toISOString(),
});

/** The detail adds the street address for fulfilment (the phone stays masked until revealed). */
export const exchangeDetailOut = exchangeOut.extend({
  shipTo: z
    .object({
      name: z.string(),
      phone: z.string().describe('masked; POST …/reveal-phone shows it'),
      province: z.string(),
      city: z.string(),
      district: z.string().nullable(),
      line: z.string(),
      postcode: z.string().nullable(),
    })
    .nullable(),
});

export const exchangeDetailView = (r: ExchangeRow, address: Address | null) => ({
  ...exchangeView(r),
  shipTo: address
    ? {
        name: address.name,
        phone: r.address_preview?.phone ?? '****',
        province: address.province,
        city: address.city,
        district: address.district ?? null,
        line: address.line,
        postcode: address.postcode ?? null,
      }
    : null,
});
