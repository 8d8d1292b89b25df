import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { memberScope } from '../members/members.query.ts';

// The members module exports no set-based lookup yet; these two queries read its tables through
// its own scope helper and are the only place the coupons module does. They belong in members'
// service API (a `resolveMemberIds` / `membersByPhoneHash`) and should move there.

/**
 * Requested member ids → the member each stands for now (a merged member's survivor), among active
 * members the actor may see (with `scoped`; a member claiming for themselves is not scoped).
 */
export async function resolveMembers(
  tx: Tx,
  ctx: Ctx,
  ids: readonly string[],
  options: { scoped: boolean },
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const params: unknown[] = [ids];
  const scope = options.scoped ? memberScope(ctx, params, 'm') : 'true';
  const rows = await tx.many<{ req: string; id: string }>(
    `WITH RECURSIVE chain (req, id, status, merged_into, hops) AS (
       SELECT m.id, m.id, m.status, m.merged_into, 0 FROM members m WHERE m.id = ANY ($1::bigint[])
       UNION ALL
       SELECT c.req, m.id, m.status, m.merged_into, c.hops + 1
       FROM chain c JOIN members m ON m.id = c.merged_into
       WHERE c.status = 'merged' AND c.hops < 50
     )
     SELECT c.req, c.id FROM chain c JOIN members m ON m.id = c.id
     WHERE c.status = 'active' AND ${scope}`,
    params,
  );
  return new Map(rows.map((r) => [r.req, r.id]));
}

/** Phone hashes → member ids (several when business units keep members apart). */
export async function membersByPhoneHash(tx: Tx, hashes: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (hashes.length === 0) return out;
  const rows = await tx.many<{ value: string; member_id: string }>(
    `SELECT value, member_id FROM member_identities WHERE kind = 'phone' AND value = ANY ($1::text[])`,
    [hashes],
  );
  for (const r of rows) out.set(r.value, [...(out.get(r.value) ?? []), r.member_id]);
  return out;
}

/** SQL condition: the coupon's holder (`column`) is a member the actor may see. */
export function holderVisible(ctx: Ctx, params: unknown[], column: string): string {
  if (ctx.actor.scope === 'all') return 'true';
  return `${column} IN (SELECT m.id FROM members m WHERE ${memberScope(ctx, params, 'm')})`;
}
