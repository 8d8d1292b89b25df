// Shapes of the loyalty API: programme, tiers, earn rules, the simulator, a member's tier and
// points ledger (server/src/modules/loyalty/programs.routes.ts, points.routes.ts).
import { api, type Page, request } from './client';

export const ROUNDINGS = ['floor', 'round', 'ceil'] as const;
export type Rounding = (typeof ROUNDINGS)[number];

export const TIER_BASES = ['paid_12m', 'growth'] as const;
export type TierBasis = (typeof TIER_BASES)[number];

export const EVALUATIONS = ['anniversary', 'calendar_year'] as const;
export type Evaluation = (typeof EVALUATIONS)[number];

export const EXPIRY_KINDS = ['never', 'months_after', 'end_of_year', 'fixed'] as const;
export type ExpiryKind = (typeof EXPIRY_KINDS)[number];

export type Expiry =
  | { kind: 'never' }
  | { kind: 'months_after'; months: number }
  | { kind: 'end_of_year'; years: number }
  | { kind: 'fixed'; at: string };

export interface Benefits {
  pointsMultiplier?: number;
  discountRate?: number;
  freeShipping?: boolean;
  birthdayCouponTemplateId?: string;
  upgradeCouponTemplateId?: string;
  prioritySupport?: boolean;
}

export interface TierInput {
  code: string;
  name: string;
  /** Cents for paid_12m, growth value for growth. */
  threshold: number;
  benefits: Benefits;
}

export interface Tier extends TierInput {
  id: string;
  rank: number;
}

export interface ProgramInput {
  name: string;
  status: 'active' | 'paused';
  rounding: Rounding;
  returnWindowDays: number;
  expiry: Expiry;
  orderCap: number | null;
  dailyCap: number | null;
  tierBasis: TierBasis;
  growthPerYuan: number;
  evaluation: Evaluation;
  downgradeGraceDays: number;
  tiers: TierInput[];
}

export interface Program extends Omit<ProgramInput, 'tiers'> {
  id: string;
  businessUnitId: string | null;
  tiers: Tier[];
  updatedAt: string;
}

export const RULE_KINDS = ['base', 'multiplier', 'action'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const ACTION_KINDS = [
  'join',
  'complete_profile',
  'birthday',
  'check_in',
  'review',
  'referral',
  'scan_product',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

interface RuleWindow {
  startsAt: string | null;
  endsAt: string | null;
}

export interface RuleConditions extends RuleWindow {
  channels: string[];
  storeIds: string[];
  skus: string[];
  categoryPrefixes: string[];
}

export type RuleInput =
  | ({ kind: 'base' | 'multiplier'; name: string; active: boolean; rate: number } & RuleConditions)
  | ({
      kind: 'action';
      name: string;
      active: boolean;
      action: ActionKind;
      points: number;
      growth: number;
      limitPerDay: number | null;
      limitPerMember: number | null;
      limitTotal: number | null;
    } & RuleWindow);

export interface EarnRule extends RuleConditions {
  id: string;
  programId: string;
  kind: RuleKind;
  name: string;
  active: boolean;
  rate: number | null;
  action: ActionKind | null;
  points: number | null;
  growth: number;
  limitPerDay: number | null;
  limitPerMember: number | null;
  limitTotal: number | null;
}

export interface SimulateInput {
  businessUnitId?: string;
  memberId?: string;
  order: {
    channel: string;
    storeId: string | null;
    paidAt?: string;
    lines: { sku: string; categoryPath?: string; paidCents: number }[];
  };
}

export const STEP_KINDS = ['line', 'tier', 'rounding', 'order_cap', 'daily_cap', 'growth'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export interface SimulationStep {
  kind: StepKind;
  ruleId: string | null;
  /** The server's explanation, in English: 'SKU-1 ¥120.00 × 1 pt/¥ (Base) × 2 (Double 11)'. */
  detail: string;
  points: number;
}

export interface Simulation {
  points: number;
  growth: number;
  tier: Tier | null;
  steps: SimulationStep[];
  note: string | null;
}

export interface TierRef {
  id: string;
  code: string;
  name: string;
}

export interface MemberTier {
  programId: string;
  basis: TierBasis;
  qualifying: number;
  tier: Tier | null;
  qualifiesFor: TierRef | null;
  since: string | null;
  evaluateAt: string | null;
  next: { tier: Tier; remaining: number } | null;
  history: { from: TierRef | null; to: TierRef | null; reason: string; qualifying: number; at: string }[];
}

export interface Lot {
  id: string;
  state: 'pending' | 'available';
  amount: number;
  remaining: number;
  held: number;
  earnedAt: string;
  availableAt: string | null;
  expiresAt: string | null;
  source: { type: string; id: string } | null;
}

export interface PointsSummary {
  memberId: string;
  accountId: string | null;
  available: number;
  pending: number;
  held: number;
  debt: number;
  lots: Lot[];
  nextExpiry: { points: number; at: string } | null;
}

export interface Posting {
  seq: number;
  /** A member id, or system:<code> for the other side. */
  account: string;
  bucket: string;
  amount: number;
  lotId: string | null;
}

export interface Journal {
  id: string;
  kind: string;
  reason: string | null;
  source: { type: string; id: string } | null;
  createdBy: string;
  occurredAt: string;
  change: { available: number; pending: number; held: number; debt: number };
  postings: Posting[];
}

export interface AdjustmentInput {
  points: number;
  reason: string;
  expiresAt?: string | null;
  writeOffDebt?: boolean;
}

export interface Adjustment {
  journalId: string;
  memberId: string;
  points: number;
  lotId: string | null;
  debtRepaid: number;
  debtWrittenOff: number;
}

/**
 * A fresh key per user action: a retried request with it changes nothing twice. getRandomValues,
 * unlike randomUUID, also works on a console served over plain http.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The group's programme, or that of a business unit that keeps its own members. */
const unit = (businessUnitId?: string) => (businessUnitId ? { businessUnitId } : undefined);

export const loyaltyApi = {
  program: (businessUnitId?: string) => api.get<Program>('/loyalty/program', unit(businessUnitId)),
  saveProgram: (input: ProgramInput, businessUnitId?: string) =>
    api.put<Program>('/loyalty/program', input, unit(businessUnitId)),
  evaluate: () => api.post<{ more: boolean }>('/loyalty/evaluate'),
  rules: (businessUnitId?: string) => api.get<{ items: EarnRule[] }>('/loyalty/rules', unit(businessUnitId)),
  createRule: (input: RuleInput, businessUnitId?: string) =>
    request<EarnRule>('POST', '/loyalty/rules', input, unit(businessUnitId)),
  updateRule: (id: string, input: RuleInput) => api.put<EarnRule>(`/loyalty/rules/${id}`, input),
  simulate: (input: SimulateInput) => api.post<Simulation>('/loyalty/simulate', input),
  memberTier: (memberId: string) => api.get<MemberTier>(`/members/${memberId}/tier`),
  points: (memberId: string) => api.get<PointsSummary>(`/members/${memberId}/points`),
  journalPath: (memberId: string) => `/members/${memberId}/points/journal`,
  journal: (memberId: string, limit: number, offset: number) =>
    api.list<Journal>(`/members/${memberId}/points/journal`, { limit, offset }) as Promise<Page<Journal>>,
  adjust: (memberId: string, input: AdjustmentInput, key: string) =>
    request<Adjustment>('POST', `/members/${memberId}/points/adjustments`, input, undefined, {
      'Idempotency-Key': key,
    }),
};
