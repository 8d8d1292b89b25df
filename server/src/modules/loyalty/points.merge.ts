import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { MergeChange, MergeParticipant } from '../members/member-hooks.ts';
import { lockAccountsById, lotColumns, openAccounts, toLot } from './ledger.accounts.ts';
import { allocateIds, Plan } from './ledger.engine.ts';
import { requestHash } from './ledger.idempotency.ts';
import type { AccountRow, LotRow } from './ledger.types.ts';

/**
 * On merge, everything in the absorbed member's points accounts moves to the survivor's account of
 * the same scope in one merge_transfer journal per account: each open lot is copied (same state,
 * expiry, source and earning time; origin_lot_id names the original) with what remains and what
 * open holds reserve — those holds move along — and the debt moves too. Nothing is netted: debt
 * is paid by later earnings, as always.
 *
 * On unmerge, what still remains of each copy goes back into its original lot (with the state the
 * copy has reached), and the debt moved goes back as far as the survivor still owes it. What the
 * survivor spent, or holds, of the copies meanwhile stays spent with the survivor: nothing
 * vanishes and nothing is created, so every journal still sums to zero.
 */
export const pointsMergeParticipant: MergeParticipant = {
  name: 'points',
  onMerge: mergePoints,
  onUnmerge: unmergePoints,
};

async function mergePoints(tx: Tx, ctx: Ctx, change: MergeChange): Promise<void> {
  const from = await tx.many<{ id: string; scope_id: string }>(
    `SELECT id, scope_id FROM ledger_accounts WHERE member_id = $1 AND kind = 'points'`,
    [change.mergedId],
  );
  if (from.length === 0) return;
  // Creating the survivor's accounts locks them; then the absorbed ones, in id order among themselves.
  const to = await openAccounts(
    tx,
    ctx,
    from.map((a) => ({ memberId: change.survivorId, scopeId: a.scope_id })),
  );
  const sources = await lockAccountsById(
    tx,
    from.map((a) => a.id),
  );
  const lots = await tx.many(
    `SELECT ${lotColumns}, available_at FROM ledger_lots
     WHERE account_id = ANY ($1::bigint[]) AND (remaining > 0 OR held > 0) ORDER BY id`,
    [[...sources.keys()]],
  );
  const moving = [...sources.values()].filter(
    (a) => a.debt > 0 || lots.some((l) => (l as { account_id: string }).account_id === a.id),
  );
  if (moving.length === 0) return;
  const members = new Map<string, AccountRow>([...sources, ...to.byId]);
  const plan = new Plan(await allocateIds(tx, { journals: moving.length, lots: lots.length }), members);
  const repoint: { old: string; new: string }[] = [];
  const movedHolds: { from: string; to: string }[] = [];
  for (const a of moving) {
    const target = to.byRef.get(`${change.survivorId}/${a.scopeId}`)!;
    const j = plan.journal({
      kind: 'merge_transfer',
      key: `sys:merge:${change.mergeId}:${a.id}`,
      hash: requestHash('merge_transfer', { mergeId: change.mergeId, accountId: a.id }),
      accountId: a.id,
      sourceType: 'merge',
      sourceId: change.mergeId,
      reason: 'member merge',
      occurredAt: new Date(),
    });
    let moved = 0;
    for (const raw of lots.filter((l) => (l as { account_id: string }).account_id === a.id)) {
      const lot = toLot(raw as never);
      const copy = plan.lot(
        j,
        target.id,
        lot.state,
        lot.remaining + lot.held,
        { ...lot, availableAt: (raw as { available_at: Date | null }).available_at },
        { originLotId: lot.id, mergeId: change.mergeId },
      );
      if (lot.held > 0) repoint.push({ old: lot.id, new: copy.id });
      moved += lot.remaining + lot.held;
      moveLot(plan, j, lot, copy);
    }
    movedHolds.push({ from: a.id, to: target.id });
    const debt = a.debt;
    plan.post(j, a.id, 'debt', debt);
    plan.post(j, target.id, 'debt', -debt);
    plan.setResult(j, { journalId: j, points: moved, debt, to: target.id });
  }
  await plan.commit(tx, ctx);
  if (repoint.length > 0) {
    // Open holds follow their points: allocations to the copies, holds to the survivor's account.
    await tx.exec(
      `WITH ha AS (
         UPDATE ledger_hold_allocations ha SET lot_id = m.new
         FROM json_to_recordset($1::json) AS m(old bigint, new bigint), ledger_holds h
         WHERE ha.lot_id = m.old AND h.id = ha.hold_id AND h.status = 'open' RETURNING 1
       )
       UPDATE ledger_holds h SET account_id = m.to
       FROM json_to_recordset($2::json) AS m("from" bigint, "to" bigint)
       WHERE h.account_id = m.from AND h.status = 'open'`,
      [JSON.stringify(repoint), JSON.stringify(movedHolds)],
    );
  }
}

/** Moves a lot's remaining and held points into another lot (of another account), bucket by bucket. */
function moveLot(plan: Plan, j: string, from: LotRow, to: LotRow): void {
  const remaining = from.remaining;
  const held = from.held;
  plan.post(j, from.accountId, from.state, -remaining, from);
  plan.post(j, to.accountId, to.state, remaining, to);
  plan.post(j, from.accountId, 'held', -held, from);
  plan.post(j, to.accountId, 'held', held, to);
}

async function unmergePoints(tx: Tx, ctx: Ctx, change: MergeChange): Promise<void> {
  const transfers = await tx.many<{ account_id: string; result: { debt?: number; to?: string } }>(
    `SELECT account_id, result FROM ledger_journals
     WHERE source_type = 'merge' AND source_id = $1 AND kind = 'merge_transfer'`,
    [change.mergeId],
  );
  if (transfers.length === 0) return;
  const copies = await tx.many(
    `SELECT ${lotColumns}, origin_lot_id FROM ledger_lots WHERE merge_id = $1 ORDER BY id`,
    [change.mergeId],
  );
  const accounts = await lockAccountsById(tx, [
    ...transfers.map((t) => t.account_id),
    ...transfers.map((t) => t.result.to!),
  ]);
  // Read again under the locks.
  const fresh = await tx.many(
    `SELECT ${lotColumns}, origin_lot_id FROM ledger_lots WHERE id = ANY ($1::bigint[])`,
    [copies.map((c) => (c as { id: string }).id)],
  );
  const originIds = fresh.map((c) => (c as { origin_lot_id: string }).origin_lot_id);
  const origins = new Map(
    (await tx.many(`SELECT ${lotColumns} FROM ledger_lots WHERE id = ANY ($1::bigint[])`, [originIds])).map(
      (r) => {
        const lot = toLot(r as never);
        return [lot.id, lot] as const;
      },
    ),
  );
  const plan = new Plan(await allocateIds(tx, { journals: transfers.length }), accounts);
  for (const t of transfers) {
    const j = plan.journal({
      kind: 'unmerge_transfer',
      key: `sys:unmerge:${change.mergeId}:${t.account_id}`,
      hash: requestHash('unmerge_transfer', { mergeId: change.mergeId, accountId: t.account_id }),
      accountId: t.account_id,
      sourceType: 'merge',
      sourceId: change.mergeId,
      reason: 'member unmerge',
      occurredAt: new Date(),
    });
    let moved = 0;
    for (const raw of fresh) {
      const copy = toLot(raw as never);
      const origin = origins.get((raw as { origin_lot_id: string }).origin_lot_id)!;
      if (origin.accountId !== t.account_id || copy.remaining === 0) continue;
      if (origin.state !== copy.state) plan.setState(origin, copy.state);
      const points = copy.remaining;
      plan.post(j, copy.accountId, copy.state, -points, copy);
      plan.post(j, origin.accountId, origin.state, points, origin);
      moved += points;
    }
    const survivor = accounts.get(t.result.to!)!;
    const debt = Math.min(t.result.debt ?? 0, survivor.debt);
    plan.post(j, survivor.id, 'debt', debt);
    plan.post(j, t.account_id, 'debt', -debt);
    plan.setResult(j, { journalId: j, points: moved, debt });
  }
  await plan.commit(tx, ctx);
}
