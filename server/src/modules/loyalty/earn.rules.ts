// What an order or an action earns under a programme's rules, with every step explained: the
// settlement uses the total, the console's simulator shows the steps. Pure functions: no I/O.

export type Rounding = 'floor' | 'round' | 'ceil';

export interface ProgramRules {
  rounding: Rounding;
  orderCap: number | null;
  growthPerYuan: number;
}

export interface EarnRule {
  id: string;
  kind: 'base' | 'multiplier' | 'action';
  name: string;
  active: boolean;
  rate: number | null;
  action: string | null;
  points: number | null;
  growth: number;
  channels: string[];
  storeIds: string[];
  skus: string[];
  categoryPrefixes: string[];
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface OrderFacts {
  channel: string;
  storeId: string | null;
  paidAt: Date;
  lines: { sku: string; categoryPath: string; paidCents: number }[];
}

export interface TierFacts {
  name: string;
  pointsMultiplier: number;
}

export interface Step {
  kind: 'line' | 'tier' | 'rounding' | 'order_cap' | 'daily_cap' | 'growth';
  ruleId: string | null;
  /** What happened, for people: 'SKU-1 ¥120.00 × 1 pt/¥ (Base rate) × 2 (Double 11)'. */
  detail: string;
  /** Points after this step (for line steps: the line's unrounded points). */
  points: number;
}

export interface Earning {
  points: number;
  growth: number;
  steps: Step[];
}

const inWindow = (r: EarnRule, at: Date) =>
  (r.startsAt === null || r.startsAt <= at) && (r.endsAt === null || at < r.endsAt);

/** The longest category prefix of the rule that the line's category path starts with, or -1. */
function categoryMatch(r: EarnRule, path: string): number {
  let best = -1;
  for (const p of r.categoryPrefixes) {
    if ((path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`)) && p.length > best) best = p.length;
  }
  return best;
}

/**
 * How specifically a rule targets a line, or -1 if it does not apply: SKU beats category (longer
 * prefix beats shorter), category beats store, store beats channel, channel beats a rule for all.
 */
export function specificity(r: EarnRule, order: OrderFacts, line: OrderFacts['lines'][number]): number {
  if (r.channels.length > 0 && !r.channels.includes(order.channel)) return -1;
  if (r.storeIds.length > 0 && (order.storeId === null || !r.storeIds.includes(order.storeId))) return -1;
  if (r.skus.length > 0 && !r.skus.includes(line.sku)) return -1;
  let score = 0;
  if (r.categoryPrefixes.length > 0) {
    const m = categoryMatch(r, line.categoryPath);
    if (m < 0) return -1;
    score += 10_000 + m;
  }
  if (r.skus.length > 0) score += 1_000_000;
  if (r.storeIds.length > 0) score += 100;
  if (r.channels.length > 0) score += 10;
  return score;
}

const yuan = (cents: number) => `¥${(cents / 100).toFixed(2)}`;

export function round(value: number, mode: Rounding): number {
  // Guard against binary noise (0.1 × 3 = 0.30000000000000004) before rounding.
  const v = Math.round(value * 1e6) / 1e6;
  return mode === 'floor' ? Math.floor(v) : mode === 'ceil' ? Math.ceil(v) : Math.round(v);
}

/**
 * Points and growth of an order: per line, the most specific base rate × the highest campaign
 * multiplier in its window; the sum × the tier's multiplier; rounded once per order; capped per
 * order. The daily cap depends on what the member earned that day, so the caller applies it
 * (applyDailyCap). Growth is paid yuan × growth per yuan, floored.
 */
export function orderEarning(
  program: ProgramRules,
  rules: EarnRule[],
  order: OrderFacts,
  tier: TierFacts | null,
): Earning {
  const live = rules.filter((r) => r.active && inWindow(r, order.paidAt));
  const bases = live.filter((r) => r.kind === 'base');
  const multipliers = live.filter((r) => r.kind === 'multiplier');
  const steps: Step[] = [];
  let raw = 0;
  let paid = 0;
  for (const line of order.lines) {
    paid += line.paidCents;
    let base: EarnRule | undefined;
    let bestScore = -1;
    for (const r of bases) {
      const s = specificity(r, order, line);
      if (s > bestScore || (s === bestScore && s >= 0 && base && (r.rate ?? 0) > (base.rate ?? 0))) {
        base = r;
        bestScore = s;
      }
    }
    if (!base) {
      steps.push({
        kind: 'line',
        ruleId: null,
        detail: `${line.sku} ${yuan(line.paidCents)}: no base rule`,
        points: 0,
      });
      continue;
    }
    let factor = 1;
    let campaign: EarnRule | undefined;
    for (const r of multipliers) {
      if (specificity(r, order, line) >= 0 && (r.rate ?? 1) > factor) {
        factor = r.rate ?? 1;
        campaign = r;
      }
    }
    const points = (line.paidCents / 100) * (base.rate ?? 0) * factor;
    raw += points;
    steps.push({
      kind: 'line',
      ruleId: base.id,
      detail: `${line.sku} ${yuan(line.paidCents)} × ${base.rate} pt/¥ (${base.name})${campaign ? ` × ${factor} (${campaign.name})` : ''}`,
      points,
    });
  }
  if (tier && tier.pointsMultiplier !== 1) {
    raw *= tier.pointsMultiplier;
    steps.push({
      kind: 'tier',
      ruleId: null,
      detail: `× ${tier.pointsMultiplier} (${tier.name})`,
      points: raw,
    });
  }
  let points = round(raw, program.rounding);
  steps.push({ kind: 'rounding', ruleId: null, detail: `${program.rounding} per order`, points });
  if (program.orderCap !== null && points > program.orderCap) {
    points = program.orderCap;
    steps.push({
      kind: 'order_cap',
      ruleId: null,
      detail: `capped at ${program.orderCap} per order`,
      points,
    });
  }
  const growth = Math.floor(Math.round((paid / 100) * program.growthPerYuan * 1e6) / 1e6);
  steps.push({
    kind: 'growth',
    ruleId: null,
    detail: `${yuan(paid)} × ${program.growthPerYuan} growth/¥ = ${growth} growth`,
    points,
  });
  return { points, growth, steps };
}

/** Caps what an earning adds to a member's day; returns the points allowed and the step explaining it. */
export function applyDailyCap(points: number, earnedToday: number, dailyCap: number | null) {
  if (dailyCap === null || earnedToday + points <= dailyCap) return { points, step: undefined };
  const allowed = Math.max(0, dailyCap - earnedToday);
  const step: Step = {
    kind: 'daily_cap',
    ruleId: null,
    detail: `capped at ${dailyCap} a day (${earnedToday} earned already)`,
    points: allowed,
  };
  return { points: allowed, step };
}

/** The action rule for an action at a time, if one is active. */
export const actionRule = (rules: EarnRule[], action: string, at: Date): EarnRule | undefined =>
  rules.find((r) => r.kind === 'action' && r.active && r.action === action && inWindow(r, at));
