// The programme form's values and their conversion to and from the API: thresholds of a programme
// by amount paid are typed in yuan, the member price as a percentage, the expiry date as a day.
import dayjs, { type Dayjs } from 'dayjs';
import type { Benefits, Expiry, ExpiryKind, Program, ProgramInput, TierBasis } from '../../api/loyalty';
import { toCents } from '../../components/money';

export interface BenefitsForm {
  pointsMultiplier?: number | null;
  /** % of the list price: 95 is a discount rate of 0.95. */
  discountRate?: number | null;
  freeShipping?: boolean;
  prioritySupport?: boolean;
  birthdayCouponTemplateId?: string | null;
  upgradeCouponTemplateId?: string | null;
}

export interface TierForm {
  code: string;
  name: string;
  /** Yuan for paid_12m, growth value for growth. */
  threshold: number;
  benefits: BenefitsForm;
}

export interface ProgramForm extends Omit<ProgramInput, 'expiry' | 'tiers'> {
  expiry: { kind: ExpiryKind; months?: number | null; years?: number | null; at?: Dayjs | null };
  tiers: TierForm[];
}

export const thresholdToForm = (threshold: number, basis: TierBasis) =>
  basis === 'paid_12m' ? threshold / 100 : threshold;
export const thresholdFromForm = (threshold: number, basis: TierBasis) =>
  basis === 'paid_12m' ? toCents(threshold) : Math.round(threshold);

const benefitsToForm = (b: Benefits): BenefitsForm => ({
  pointsMultiplier: b.pointsMultiplier ?? null,
  discountRate: b.discountRate === undefined ? null : Math.round(b.discountRate * 1000) / 10,
  freeShipping: b.freeShipping ?? false,
  prioritySupport: b.prioritySupport ?? false,
  birthdayCouponTemplateId: b.birthdayCouponTemplateId ?? null,
  upgradeCouponTemplateId: b.upgradeCouponTemplateId ?? null,
});

/** Only the benefits a tier has: an empty field is no benefit, not a zero one. */
function benefitsFromForm(b: BenefitsForm): Benefits {
  const out: Benefits = {};
  if (b.pointsMultiplier !== null && b.pointsMultiplier !== undefined)
    out.pointsMultiplier = b.pointsMultiplier;
  if (b.discountRate !== null && b.discountRate !== undefined)
    out.discountRate = Math.round(b.discountRate * 10) / 1000;
  if (b.freeShipping) out.freeShipping = true;
  if (b.prioritySupport) out.prioritySupport = true;
  if (b.birthdayCouponTemplateId) out.birthdayCouponTemplateId = b.birthdayCouponTemplateId;
  if (b.upgradeCouponTemplateId) out.upgradeCouponTemplateId = b.upgradeCouponTemplateId;
  return out;
}

function expiryToForm(e: Expiry): ProgramForm['expiry'] {
  switch (e.kind) {
    case 'months_after':
      return { kind: e.kind, months: e.months };
    case 'end_of_year':
      return { kind: e.kind, years: e.years };
    case 'fixed':
      return { kind: e.kind, at: dayjs(e.at) };
    default:
      return { kind: 'never' };
  }
}

function expiryFromForm(e: ProgramForm['expiry']): Expiry {
  switch (e.kind) {
    case 'months_after':
      return { kind: e.kind, months: e.months ?? 12 };
    case 'end_of_year':
      return { kind: e.kind, years: e.years ?? 0 };
    case 'fixed':
      // The end of the chosen day in the console's time zone.
      return { kind: e.kind, at: (e.at ?? dayjs()).endOf('day').toISOString() };
    default:
      return { kind: 'never' };
  }
}

/** A new programme: 1 point per ¥1 kept 7 days for returns, points valid 12 months, two tiers. */
export const defaultProgramForm = (name: string): ProgramForm => ({
  name,
  status: 'active',
  rounding: 'floor',
  returnWindowDays: 7,
  expiry: { kind: 'months_after', months: 12 },
  orderCap: null,
  dailyCap: null,
  tierBasis: 'paid_12m',
  growthPerYuan: 1,
  evaluation: 'anniversary',
  downgradeGraceDays: 30,
  tiers: [],
});

export function programToForm(p: Program): ProgramForm {
  return {
    name: p.name,
    status: p.status,
    rounding: p.rounding,
    returnWindowDays: p.returnWindowDays,
    expiry: expiryToForm(p.expiry),
    orderCap: p.orderCap,
    dailyCap: p.dailyCap,
    tierBasis: p.tierBasis,
    growthPerYuan: p.growthPerYuan,
    evaluation: p.evaluation,
    downgradeGraceDays: p.downgradeGraceDays,
    tiers: p.tiers.map((t) => ({
      code: t.code,
      name: t.name,
      threshold: thresholdToForm(t.threshold, p.tierBasis),
      benefits: benefitsToForm(t.benefits),
    })),
  };
}

export function programFromForm(f: ProgramForm): ProgramInput {
  return {
    name: f.name.trim(),
    status: f.status,
    rounding: f.rounding,
    returnWindowDays: f.returnWindowDays,
    expiry: expiryFromForm(f.expiry),
    orderCap: f.orderCap ?? null,
    dailyCap: f.dailyCap ?? null,
    tierBasis: f.tierBasis,
    growthPerYuan: f.growthPerYuan,
    evaluation: f.evaluation,
    downgradeGraceDays: f.downgradeGraceDays,
    tiers: (f.tiers ?? []).map((t) => ({
      code: t.code.trim(),
      name: t.name.trim(),
      threshold: thresholdFromForm(t.threshold ?? 0, f.tierBasis),
      benefits: benefitsFromForm(t.benefits ?? {}),
    })),
  };
}
