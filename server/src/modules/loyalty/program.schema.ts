import { z } from 'zod';
import { code, iso, name } from '../../http/schemas.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { ExpiryPolicy } from './points.expiry-policy.ts';

const couponTemplateId = z.string().regex(/^cpt_[1-9][0-9]{0,17}$/, 'a coupon template id (cpt_…)');

export const benefitsInput = z.strictObject({
  pointsMultiplier: z.number().min(0).max(100).optional().describe('Points earned × this (1.5 = +50%)'),
  discountRate: z.number().gt(0).max(1).optional().describe('Price × this at checkout (0.95 = 5% off)'),
  freeShipping: z.boolean().optional(),
  birthdayCouponTemplateId: couponTemplateId.optional().describe('Issued once a year on the birthday'),
  upgradeCouponTemplateId: couponTemplateId.optional().describe('Issued once when reaching the tier'),
  prioritySupport: z.boolean().optional(),
});
export type Benefits = z.infer<typeof benefitsInput>;

export const tierInput = z.strictObject({
  code,
  name,
  threshold: z
    .number()
    .int()
    .min(0)
    .max(1e12)
    .describe('Rolling 12-month paid amount in cents (paid_12m) or growth value (growth) to reach it'),
  benefits: benefitsInput.default({}),
});

export const expiryInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('never') }),
  z.strictObject({ kind: z.literal('months_after'), months: z.number().int().min(1).max(120) }),
  z.strictObject({ kind: z.literal('end_of_year'), years: z.number().int().min(0).max(10) }),
  z.strictObject({ kind: z.literal('fixed'), at: z.iso.datetime({ offset: true }) }),
]);

export const programInput = z
  .strictObject({
    name,
    status: z.enum(['active', 'paused']).default('active'),
    rounding: z.enum(['floor', 'round', 'ceil']).default('floor'),
    returnWindowDays: z.number().int().min(0).max(365).default(7),
    expiry: expiryInput.default({ kind: 'never' }),
    orderCap: z.number().int().positive().nullable().default(null),
    dailyCap: z.number().int().positive().nullable().default(null),
    tierBasis: z.enum(['paid_12m', 'growth']).default('paid_12m'),
    growthPerYuan: z.number().min(0).max(1000).default(1),
    evaluation: z.enum(['anniversary', 'calendar_year']).default('anniversary'),
    downgradeGraceDays: z.number().int().min(0).max(365).default(0),
    tiers: z.array(tierInput).max(20).default([]),
  })
  .superRefine((p, issue) => {
    const codes = new Set<string>();
    p.tiers.forEach((t, i) => {
      if (codes.has(t.code))
        issue.addIssue({ code: 'custom', path: ['tiers', i, 'code'], message: 'duplicate code' });
      codes.add(t.code);
      if (i > 0 && t.threshold <= p.tiers[i - 1]!.threshold)
        issue.addIssue({
          code: 'custom',
          path: ['tiers', i, 'threshold'],
          message: 'must be above the threshold of the tier before it',
        });
    });
  });
export type ProgramInput = z.infer<typeof programInput>;

const actions = [
  'join',
  'complete_profile',
  'birthday',
  'check_in',
  'review',
  'referral',
  'scan_product',
] as const;
export type ActionKind = (typeof actions)[number];
export const actionKinds = actions;

const conditions = {
  channels: z.array(z.string().min(1).max(60)).max(20).default([]),
  storeIds: z
    .array(z.string().regex(/^sto_[1-9][0-9]{0,17}$/, 'a store id (sto_…)'))
    .max(500)
    .default([]),
  skus: z.array(z.string().min(1).max(64)).max(1000).default([]),
  categoryPrefixes: z.array(z.string().min(1).max(200)).max(100).default([]),
  startsAt: z.iso.datetime({ offset: true }).nullable().default(null),
  endsAt: z.iso.datetime({ offset: true }).nullable().default(null),
};

export const ruleInput = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('base'),
      name,
      active: z.boolean().default(true),
      rate: z.number().min(0).max(1000).describe('Points per ¥1 paid on matching lines'),
      ...conditions,
    }),
    z.strictObject({
      kind: z.literal('multiplier'),
      name,
      active: z.boolean().default(true),
      rate: z.number().min(1).max(100).describe('Factor on matching lines, e.g. 2 for double points'),
      ...conditions,
    }),
    z.strictObject({
      kind: z.literal('action'),
      name,
      active: z.boolean().default(true),
      action: z.enum(actions),
      points: z.number().int().min(0).max(1_000_000),
      growth: z.number().int().min(0).max(1_000_000).default(0),
      limitPerDay: z.number().int().positive().nullable().default(null),
      limitPerMember: z.number().int().positive().nullable().default(null),
      limitTotal: z.number().int().positive().nullable().default(null),
      startsAt: conditions.startsAt,
      endsAt: conditions.endsAt,
    }),
  ])
  .superRefine((r, issue) => {
    if (r.startsAt && r.endsAt && Date.parse(r.startsAt) >= Date.parse(r.endsAt))
      issue.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  });
export type RuleInput = z.infer<typeof ruleInput>;

export interface ProgramRow extends Record<string, unknown> {
  id: string;
  pool_id: string;
  name: string;
  status: 'active' | 'paused';
  rounding: 'floor' | 'round' | 'ceil';
  return_window_days: number;
  expiry: ExpiryPolicy | { kind: 'fixed'; at: string };
  order_cap: number | null;
  daily_cap: number | null;
  tier_basis: 'paid_12m' | 'growth';
  growth_per_yuan: string;
  evaluation: 'anniversary' | 'calendar_year';
  downgrade_grace_days: number;
  created_at: Date;
  updated_at: Date;
}

export interface TierRow extends Record<string, unknown> {
  id: string;
  program_id: string;
  rank: number;
  code: string;
  name: string;
  threshold: string;
  benefits: Benefits;
}

export interface RuleRow extends Record<string, unknown> {
  id: string;
  program_id: string;
  kind: 'base' | 'multiplier' | 'action';
  name: string;
  active: boolean;
  rate: string | null;
  action: ActionKind | null;
  points: number | null;
  growth: number;
  channels: string[];
  store_ids: string[];
  skus: string[];
  category_prefixes: string[];
  starts_at: Date | null;
  ends_at: Date | null;
  limit_per_day: number | null;
  limit_per_member: number | null;
  limit_total: number | null;
}

export const tierView = (t: TierRow) => ({
  id: toPublicId('tier', t.id),
  rank: t.rank,
  code: t.code,
  name: t.name,
  threshold: Number(t.threshold),
  benefits: t.benefits,
});

export const programView = (p: ProgramRow, tiers: TierRow[]) => ({
  id: toPublicId('loyaltyProgram', p.id),
  businessUnitId: p.pool_id === '0' ? null : toPublicId('businessUnit', p.pool_id),
  name: p.name,
  status: p.status,
  rounding: p.rounding,
  returnWindowDays: p.return_window_days,
  expiry: p.expiry as z.infer<typeof expiryInput>,
  orderCap: p.order_cap,
  dailyCap: p.daily_cap,
  tierBasis: p.tier_basis,
  growthPerYuan: Number(p.growth_per_yuan),
  evaluation: p.evaluation,
  downgradeGraceDays: p.downgrade_grace_days,
  tiers: tiers.map(tierView),
  updatedAt: iso(p.updated_at)!,
});

export const ruleView = (r: RuleRow) => ({
  id: toPublicId('earnRule', r.id),
  programId: toPublicId('loyaltyProgram', r.program_id),
  kind: r.kind,
  name: r.name,
  active: r.active,
  rate: r.rate === null ? null : Number(r.rate),
  action: r.action,
  points: r.points,
  growth: r.growth,
  channels: r.channels,
  storeIds: r.store_ids.map((s) => toPublicId('store', s)),
  skus: r.skus,
  categoryPrefixes: r.category_prefixes,
  startsAt: iso(r.starts_at),
  endsAt: iso(r.ends_at),
  limitPerDay: r.limit_per_day,
  limitPerMember: r.limit_per_member,
  limitTotal: r.limit_total,
});
