import type { Tx } from '../../db/database.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { Benefits, TierRow } from '../loyalty/program.schema.ts';
import { type LoadedProgram, loadPrograms } from '../loyalty/program.service.ts';
import { qualifying, tierFor } from '../loyalty/tiers.ts';

// The loyalty module exports no "tier of a member" read yet; its GET /members/:id/tier route reads
// loyalty_member_tiers itself. This is the same read for the member's own view and the card scan,
// and belongs in loyalty's service API once it has one.

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

const ref = (t: TierRow): TierRef => ({
  id: toPublicId('tier', t.id),
  code: t.code,
  name: t.name,
  rank: t.rank,
  threshold: Number(t.threshold),
  benefits: t.benefits,
});

export async function programOf(tx: Tx, poolId: string): Promise<LoadedProgram | undefined> {
  return (await loadPrograms(tx)).get(String(poolId));
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
  const row = await tx.maybeOne<{ tier_id: string | null; since: Date; evaluate_at: Date }>(
    'SELECT tier_id, since, evaluate_at FROM loyalty_member_tiers WHERE program_id = $1 AND member_id = $2',
    [p.row.id, memberId],
  );
  // The tier the programme assigned (what the mall and benefits go by). A member with no
  // qualifying event since joining has none yet, even where the entry tier's threshold is 0.
  const tier = p.tiers.find((t) => t.id === row?.tier_id) ?? null;
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
    since: row?.since ? row.since.toISOString() : null,
    evaluateAt: row?.evaluate_at ? row.evaluate_at.toISOString() : null,
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
  const row = await tx.maybeOne<{ tier_id: string | null }>(
    'SELECT tier_id FROM loyalty_member_tiers WHERE program_id = $1 AND member_id = $2',
    [p.row.id, memberId],
  );
  const t = p.tiers.find((x) => x.id === row?.tier_id);
  return t ? { code: t.code, name: t.name } : null;
}
