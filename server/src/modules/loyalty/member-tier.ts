import type { Tx } from '../../db/database.ts';
import { type Benefits, type TierRow, tierView } from './program.schema.ts';
import { type LoadedProgram, loadPrograms } from './program.service.ts';
import { qualifying, tierFor } from './tiers.ts';

// A member's tier as other modules and routes read it: the staff route GET /members/:id/tier,
// the member's own view in the H5, the card scan and the simulator.

export interface TierRef {
  id: string;
  code: string;
  name: string;
  rank: number;
  threshold: number;
  benefits: Benefits;
}

export interface MemberTier {
  basis: 'paid_12m' | 'growth';
  qualifying: number;
  tier: TierRef | null;
  /** The tier the qualifying amount reaches now (above `tier` only until the upgrade is applied). */
  qualifiesFor: TierRef | null;
  next: (TierRef & { remaining: number }) | null;
  /** 0…1 from the current tier's threshold to the next one's (1 at the top tier). */
  progress: number;
  since: string | null;
  evaluateAt: string | null;
  tiers: TierRef[];
}

const ref = tierView;

export async function programOf(tx: Tx, poolId: string): Promise<LoadedProgram | undefined> {
  return (await loadPrograms(tx)).get(String(poolId));
}

/** The member's row in the programme's tier table: the tier assigned, since when, next evaluation. */
export async function tierRow(
  tx: Tx,
  program: LoadedProgram,
  memberId: string,
): Promise<{ tier: TierRow | null; since: Date | null; evaluateAt: Date | null }> {
  const row = await tx.maybeOne<{ tier_id: string | null; since: Date; evaluate_at: Date }>(
    'SELECT tier_id, since, evaluate_at FROM loyalty_member_tiers WHERE program_id = $1 AND member_id = $2',
    [program.row.id, memberId],
  );
  return {
    tier: program.tiers.find((t) => t.id === row?.tier_id) ?? null,
    since: row?.since ?? null,
    evaluateAt: row?.evaluate_at ?? null,
  };
}

/** The member's tier and progress, or null when the member's pool has no programme. */
export async function memberTier(
  tx: Tx,
  memberId: string,
  poolId: string,
  now = new Date(),
): Promise<MemberTier | null> {
  const p = await programOf(tx, poolId);
  if (!p) return null;
  const q = (await qualifying(tx, p, [memberId], now)).get(memberId) ?? 0;
  // The tier the programme assigned (what the mall and benefits go by).
  const { tier, since, evaluateAt } = await tierRow(tx, p, memberId);
  const reaches = tierFor(p.tiers, q);
  const next = p.tiers.find((t) => t.rank > (tier?.rank ?? 0)) ?? null;
  const floor = tier ? Number(tier.threshold) : 0;
  const span = next ? Number(next.threshold) - floor : 0;
  return {
    basis: p.row.tier_basis,
    qualifying: q,
    tier: tier ? ref(tier) : null,
    qualifiesFor: reaches ? ref(reaches) : null,
    next: next ? { ...ref(next), remaining: Math.max(0, Number(next.threshold) - q) } : null,
    progress: next ? Math.min(1, Math.max(0, span > 0 ? (q - floor) / span : 0)) : 1,
    since: since ? since.toISOString() : null,
    evaluateAt: evaluateAt ? evaluateAt.toISOString() : null,
    tiers: p.tiers.map(ref),
  };
}

/** Just the tier's name and code, for the card scan. */
export async function currentTierName(
  tx: Tx,
  memberId: string,
  poolId: string,
): Promise<{ code: string; name: string } | null> {
  const p = await programOf(tx, poolId);
  if (!p) return null;
  const { tier } = await tierRow(tx, p, memberId);
  return tier ? { code: tier.code, name: tier.name } : null;
}
