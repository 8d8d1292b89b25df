import type { Tx } from '../../db/database.ts';
import { loadPrograms } from '../loyalty/program.service.ts';

// The members and loyalty modules export no "member with their current tier" read yet; this one
// query reads their tables (members, loyalty_member_tiers, loyalty_tiers) and is the only place
// the mall does. It belongs in loyalty's service API (a `currentTier(memberId)`) and should move.

export interface MemberForMall {
  id: string;
  poolId: string;
  status: 'active' | 'merged' | 'erased';
  /** The member's tier in their pool's programme, or null (no programme, or below the entry level). */
  tier: { id: string; rank: number; name: string } | null;
}

export async function memberForMall(tx: Tx, memberId: string): Promise<MemberForMall | undefined> {
  const row = await tx.maybeOne<{
    id: string;
    pool_id: string;
    status: MemberForMall['status'];
    tier_id: string | null;
    rank: number | null;
    tier_name: string | null;
  }>(
    `SELECT m.id, m.pool_id, m.status, t.id AS tier_id, t.rank, t.name AS tier_name
     FROM members m
     LEFT JOIN loyalty_programs p ON p.pool_id = m.pool_id
     LEFT JOIN loyalty_member_tiers mt ON mt.program_id = p.id AND mt.member_id = m.id
     LEFT JOIN loyalty_tiers t ON t.id = mt.tier_id
     WHERE m.id = $1`,
    [memberId],
  );
  if (!row) return undefined;
  return {
    id: row.id,
    poolId: String(row.pool_id),
    status: row.status,
    tier: row.tier_id ? { id: row.tier_id, rank: row.rank!, name: row.tier_name! } : null,
  };
}

export interface TierInfo {
  id: string;
  rank: number;
  name: string;
  code: string;
  poolId: string;
}

/** Every tier of the tenant's programmes, by id: to check an item's tier list and to name it. */
export async function tenantTiers(tx: Tx): Promise<Map<string, TierInfo>> {
  const out = new Map<string, TierInfo>();
  for (const [poolId, p] of await loadPrograms(tx)) {
    for (const t of p.tiers) out.set(t.id, { id: t.id, rank: t.rank, name: t.name, code: t.code, poolId });
  }
  return out;
}
