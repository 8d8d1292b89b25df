import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import { toPublicId } from '../../shared/ids.ts';
import { type CouponListRow, effectiveStatus } from '../coupons/coupons.query.ts';
import { getTemplate, type TemplateRow } from '../coupons/coupons.service.ts';
import type { JournalView, PointsSummary } from '../loyalty/points.query.ts';
import type { MemberRow } from '../members/members.repo.ts';

// What the member sees of their own data: masked phone, no staff-side fields (provenance,
// consents log, attributes, join guide), ids as public ids.

export const meOut = z.object({
  id: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable().describe('masked'),
  gender: z.enum(['male', 'female', 'unknown']).nullable(),
  birthday: z.string().nullable(),
  joinedAt: z.string(),
  tenant: z.object({ code: z.string(), name: z.string(), locale: z.string() }),
});

export const meView = (m: MemberRow, tenant: { code: string; name: string; locale: string }) => ({
  id: toPublicId('member', m.id),
  name: m.name,
  phone: m.phone_masked,
  gender: m.gender,
  birthday: m.birthday,
  joinedAt: m.joined_at.toISOString(),
  tenant: { code: tenant.code, name: tenant.name, locale: tenant.locale },
});

export const pointsOut = z.object({
  available: z.number().int(),
  pending: z.number().int().describe('earned, released when the order’s return window ends'),
  held: z.number().int().describe('reserved by an exchange in progress'),
  debt: z.number().int(),
  nextExpiry: z.object({ points: z.number().int(), at: z.string() }).nullable(),
  expiringSoon: z
    .array(z.object({ points: z.number().int(), at: z.string() }))
    .describe('available points expiring within 90 days, by date'),
});

const soonDays = 90;

export function pointsView(s: PointsSummary, now: Date) {
  const horizon = now.getTime() + soonDays * 86_400_000;
  const byDate = new Map<string, number>();
  for (const l of s.lots) {
    if (l.state !== 'available' || l.remaining <= 0 || !l.expiresAt) continue;
    const at = Date.parse(l.expiresAt);
    if (at <= now.getTime() || at > horizon) continue;
    byDate.set(l.expiresAt, (byDate.get(l.expiresAt) ?? 0) + l.remaining);
  }
  return {
    available: s.available,
    pending: s.pending,
    held: s.held,
    debt: s.debt,
    nextExpiry: s.nextExpiry,
    expiringSoon: [...byDate]
      .sort(([a], [b]) => Date.parse(a) - Date.parse(b))
      .slice(0, 12)
      .map(([at, points]) => ({ at, points })),
  };
}

export const historyOut = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.string().describe('earn, release, hold, capture, void, spend, reverse, expire, adjust…'),
      reason: z.string().nullable(),
      sourceType: z.string().nullable(),
      occurredAt: z.string(),
      points: z.number().int().describe('change of the member’s points (available + pending + held)'),
      available: z.number().int(),
      pending: z.number().int(),
      debt: z.number().int(),
    }),
  ),
  total: z.number().int(),
});

export const historyItem = (j: JournalView) => ({
  id: j.id,
  kind: j.kind,
  reason: j.reason,
  sourceType: j.source?.type ?? null,
  occurredAt: j.occurredAt,
  points: j.change.available + j.change.pending + j.change.held,
  available: j.change.available,
  pending: j.change.pending,
  debt: j.change.debt,
});

const benefitsOut = z.object({
  pointsMultiplier: z.number().optional(),
  discountRate: z.number().optional(),
  freeShipping: z.boolean().optional(),
  birthdayCouponTemplateId: z.string().optional(),
  upgradeCouponTemplateId: z.string().optional(),
  prioritySupport: z.boolean().optional(),
});
const tierRefOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  rank: z.number().int(),
  threshold: z.number(),
  benefits: benefitsOut,
});

export const tierOut = z.object({
  program: z.boolean().describe('false when the brand has no loyalty programme yet'),
  basis: z
    .enum(['paid_12m', 'growth'])
    .nullable()
    .describe('paid_12m: cents paid in 12 months; growth: growth value'),
  qualifying: z.number(),
  tier: tierRefOut.nullable().describe('as assigned by the programme; null until a first qualifying event'),
  qualifiesFor: tierRefOut.nullable(),
  next: tierRefOut.extend({ remaining: z.number() }).nullable(),
  progress: z.number().min(0).max(1),
  since: z.string().nullable(),
  evaluateAt: z.string().nullable(),
  tiers: z.array(tierRefOut),
});

export const walletCouponOut = z.object({
  id: z.string(),
  code: z.string().describe('shown only while the coupon is available to use'),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(['cash_off', 'percent_off', 'gift', 'free_shipping']),
  amountOffCents: z.number().int().nullable(),
  percentOffBp: z.number().int().nullable(),
  maxDiscountCents: z.number().int().nullable(),
  thresholdCents: z.number().int(),
  giftSku: z.string().nullable(),
  status: z.enum(['available', 'redeemed', 'shared', 'expired']),
  shareable: z.boolean(),
  validFrom: z.string(),
  validTo: z.string(),
  redeemedAt: z.string().nullable(),
  sharedAt: z.string().nullable(),
  receivedFromFriend: z.boolean(),
});

export const walletOut = z.object({
  available: z.array(walletCouponOut),
  used: z.array(walletCouponOut),
  expired: z.array(walletCouponOut),
});

/** The wallet's coupons with what each gives, from their templates (a handful per wallet). */
export async function walletView(
  tx: Tx,
  wallet: { available: CouponListRow[]; used: CouponListRow[]; expired: CouponListRow[] },
  now: Date,
) {
  const templates = new Map<string, TemplateRow>();
  for (const c of [...wallet.available, ...wallet.used, ...wallet.expired]) {
    if (!templates.has(c.template_id)) templates.set(c.template_id, await getTemplate(tx, c.template_id));
  }
  const view = (c: CouponListRow) => {
    const t = templates.get(c.template_id)!;
    const status = effectiveStatus(c, now);
    return {
      id: toPublicId('coupon', c.id),
      code: status === 'available' ? c.code : '',
      name: t.name,
      description: t.description,
      kind: t.kind,
      amountOffCents: t.amount_off_cents === null ? null : Number(t.amount_off_cents),
      percentOffBp: t.percent_off_bp,
      maxDiscountCents: t.max_discount_cents === null ? null : Number(t.max_discount_cents),
      thresholdCents: Number(t.threshold_cents),
      giftSku: t.gift_sku,
      status,
      shareable: t.shareable,
      validFrom: c.valid_from.toISOString(),
      validTo: c.valid_to.toISOString(),
      redeemedAt: c.redeemed_at?.toISOString() ?? null,
      sharedAt: c.shared_at?.toISOString() ?? null,
      receivedFromFriend: c.shared_from !== null,
    };
  };
  return {
    available: wallet.available.map(view),
    used: wallet.used.map(view),
    expired: wallet.expired.map(view),
  };
}
