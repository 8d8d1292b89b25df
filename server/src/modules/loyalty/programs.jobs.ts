import type { Database, Tx } from '../../db/database.ts';
import { type Ctx, systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import type { MergeParticipant } from '../members/member-hooks.ts';
import { localDay } from './local-day.ts';
import { type LoadedProgram, loadPrograms } from './program.service.ts';
import { grantCoupons, retier } from './tiers.ts';

const dayMs = 24 * 3600 * 1000;

/**
 * The periodic evaluation: members whose evaluation date (plus the programme's grace) has come
 * are re-tiered both ways on their last 12 months, and their next date set. Chunked; returns
 * whether more are due.
 */
export async function evaluateDue(tx: Tx, ctx: Ctx, now = new Date(), limit = 1_000): Promise<boolean> {
  let more = false;
  for (const program of (await loadPrograms(tx)).values()) {
    const due = await tx.many<{ member_id: string }>(
      `SELECT member_id FROM loyalty_member_tiers WHERE program_id = $1 AND evaluate_at <= $2
       ORDER BY evaluate_at LIMIT $3`,
      [program.row.id, new Date(now.getTime() - program.row.downgrade_grace_days * dayMs), limit],
    );
    if (due.length === 0) continue;
    await retier(
      tx,
      ctx,
      program,
      due.map((d) => d.member_id),
      now,
      'any',
      'evaluation',
    );
    more ||= due.length === limit;
  }
  return more;
}

/** Birthday gifts: members whose birthday is today (the tenant's calendar) get their tier's coupon, once a year. */
export async function grantBirthdayGifts(tx: Tx, ctx: Ctx, now = new Date()): Promise<number> {
  let granted = 0;
  for (const program of (await loadPrograms(tx)).values()) {
    const day = localDay(now, program.timeZone);
    for (const tier of program.tiers.filter((t) => t.benefits.birthdayCouponTemplateId)) {
      const members = await tx.many<{ member_id: string }>(
        `SELECT t.member_id FROM loyalty_member_tiers t JOIN members m ON m.id = t.member_id
         WHERE t.program_id = $1 AND t.tier_id = $2 AND m.status = 'active'
           AND to_char(m.birthday, 'MM-DD') = $3`,
        [program.row.id, tier.id, day.slice(5)],
      );
      const ids = members.map((m) => m.member_id);
      granted += (await grantCoupons(tx, ctx, program, tier.id, 'birthday_gift', day.slice(0, 4), ids, now))
        .length;
    }
  }
  return granted;
}

export async function eachTenantChunked(
  db: Database,
  step: (tx: Tx, ctx: Ctx) => Promise<boolean>,
): Promise<void> {
  const tenants = await db.system((tx) =>
    tx.many<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM loyalty_programs ORDER BY tenant_id'),
  );
  for (const { tenant_id } of tenants) {
    const ctx = systemCtx(tenant_id, allPermissions, 'loyalty');
    while (await db.tenant(tenant_id, (tx) => step(tx, ctx))) await new Promise((r) => setImmediate(r));
  }
}

/**
 * Merges move what the absorbed member earned (settlements, actions) to the survivor, who may
 * qualify for a higher tier at once; an unmerge moves them back — settlements follow their orders,
 * which the orders participant has moved back already — and re-tiers both members.
 */
export const programsMergeParticipant: MergeParticipant = {
  name: 'loyalty.programs',
  async onMerge(tx, ctx, change) {
    await tx.exec('UPDATE loyalty_settlements SET member_id = $1 WHERE member_id = ANY ($2::bigint[])', [
      change.survivorId,
      change.mergedMemberIds,
    ]);
    await tx.exec('UPDATE loyalty_actions SET member_id = $1 WHERE member_id = ANY ($2::bigint[])', [
      change.survivorId,
      change.mergedMemberIds,
    ]);
    await retierAll(tx, ctx, [change.survivorId], 'up', 'merge');
  },
  async onUnmerge() {
    // Settlements follow their orders, which the orders participant moves back: see afterUnmerge.
  },
  async afterUnmerge(tx, ctx, change) {
    await tx.exec(
      `UPDATE loyalty_settlements s SET member_id = o.member_id FROM orders o
       WHERE o.id = s.order_id AND s.member_id = $1 AND o.member_id IS DISTINCT FROM $1 AND o.member_id IS NOT NULL`,
      [change.survivorId],
    );
    await tx.exec(
      `UPDATE loyalty_actions SET member_id = origin_member_id
       WHERE member_id = $1 AND origin_member_id = ANY ($2::bigint[])`,
      [change.survivorId, change.mergedMemberIds],
    );
    await retierAll(tx, ctx, [change.survivorId, change.mergedId], 'any', 'unmerge');
  },
};

async function retierAll(
  tx: Tx,
  ctx: Ctx,
  memberIds: string[],
  mode: 'up' | 'any',
  reason: 'merge' | 'unmerge',
): Promise<void> {
  const programs: Map<string, LoadedProgram> = await loadPrograms(tx);
  if (programs.size === 0) return;
  const pools = await tx.many<{ id: string; pool_id: string }>(
    'SELECT id, pool_id FROM members WHERE id = ANY ($1::bigint[])',
    [memberIds],
  );
  for (const m of pools) {
    const program = programs.get(m.pool_id);
    if (program) await retier(tx, ctx, program, [m.id], new Date(), mode, reason);
  }
}
