import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { lockAccountsById, lotColumns, systemAccounts, toLot } from './ledger.accounts.ts';
import { allocateIds, Plan } from './ledger.engine.ts';
import { requestHash } from './ledger.idempotency.ts';
import type { AccountRow, LedgerOptions, LotRow } from './ledger.types.ts';
import { spentEvent } from './points.spend.ts';

export interface HoldClosed {
  holdId: string;
  memberId: string;
  status: 'captured' | 'voided';
  points: number;
  journalId: string;
  replayed: boolean;
}

type HoldDb = {
  id: string;
  account_id: string;
  points: string;
  status: 'open' | 'captured' | 'voided';
  expires_at: Date;
  source_type: string | null;
  source_id: string | null;
  result: unknown;
};

/** Reads the holds and locks their accounts; a merge may move a hold between the read and the lock. */
async function lockHolds(
  tx: Tx,
  ids: string[],
): Promise<{ holds: HoldDb[]; accounts: Map<string, AccountRow> }> {
  let accounts = new Map<string, AccountRow>();
  for (let attempt = 0; attempt < 3; attempt++) {
    const holds = await tx.many<HoldDb>(
      `SELECT h.id, h.account_id, h.points, h.status, h.expires_at, h.source_type, h.source_id, j.result
       FROM ledger_holds h LEFT JOIN ledger_journals j ON j.id = h.closing_journal_id
       WHERE h.id = ANY ($1::bigint[])`,
      [ids],
    );
    const missing = ids.find((id) => !holds.some((h) => h.id === id));
    if (missing) throw notFound(`Hold ${toPublicId('hold', missing)}`);
    const need = holds.map((h) => h.account_id).filter((a) => !accounts.has(a));
    if (need.length === 0) return { holds, accounts };
    accounts = await lockAccountsById(tx, [...accounts.keys(), ...need]);
  }
  throw new AppError('CONFLICT', 'The holds moved while being closed; retry');
}

/** Captures (spends) or voids (returns to their own lots) open holds, in one set of statements. */
async function closeHolds(
  tx: Tx,
  ctx: Ctx,
  kind: 'capture' | 'void',
  holdIds: string[],
  opts: LedgerOptions,
): Promise<HoldClosed[]> {
  const now = opts.now ?? new Date();
  const ids = [...new Set(holdIds)];
  if (ids.length === 0) return [];
  const { holds, accounts } = await lockHolds(tx, ids);
  const target: HoldClosed['status'] = kind === 'capture' ? 'captured' : 'voided';
  const out = new Map<string, HoldClosed>();
  const acting: HoldDb[] = [];
  for (const h of holds) {
    if (h.status === target) out.set(h.id, { ...(h.result as Omit<HoldClosed, 'replayed'>), replayed: true });
    else if (h.status !== 'open')
      throw new AppError('CONFLICT', `Hold ${toPublicId('hold', h.id)} was already ${h.status}`);
    else if (kind === 'capture' && h.expires_at <= now)
      throw new AppError('CONFLICT', `Hold ${toPublicId('hold', h.id)} has expired; its points go back`);
    else acting.push(h);
  }
  if (acting.length > 0) {
    const allocations = await tx.many<Record<string, unknown> & { hold_id: string; points: string }>(
      `SELECT ha.hold_id, ha.points, ${lotColumns
        .split(', ')
        .map((c) => `l.${c}`)
        .join(', ')}
       FROM ledger_hold_allocations ha JOIN ledger_lots l ON l.id = ha.lot_id
       WHERE ha.hold_id = ANY ($1::bigint[]) ORDER BY ha.hold_id, l.id`,
      [acting.map((h) => h.id)],
    );
    const lots = new Map<string, LotRow>();
    for (const a of allocations) if (!lots.has(a.id as string)) lots.set(a.id as string, toLot(a as never));
    const system = kind === 'capture' ? await systemAccounts(tx, ctx) : undefined;
    const plan = new Plan(await allocateIds(tx, { journals: acting.length }), accounts);
    for (const h of acting) {
      const account = accounts.get(h.account_id)!;
      const j = plan.journal({
        kind,
        key: `sys:${kind}:${h.id}`,
        hash: requestHash(kind, { holdId: h.id }),
        accountId: account.id,
        sourceType: h.source_type,
        sourceId: h.source_id,
        occurredAt: now,
      });
      for (const a of allocations.filter((x) => x.hold_id === h.id)) {
        const lot = lots.get(a.id as string)!;
        plan.post(j, account.id, 'held', -Number(a.points), lot);
        if (kind === 'void') plan.post(j, account.id, 'available', Number(a.points), lot);
      }
      const points = Number(h.points);
      if (system) plan.post(j, system.points_redeemed, 'available', points);
      const result = { holdId: h.id, memberId: account.memberId, status: target, points, journalId: j };
      plan.setResult(j, result);
      out.set(h.id, { ...result, replayed: false });
      if (kind === 'capture') {
        const source = h.source_type ? { type: h.source_type, id: h.source_id! } : null;
        plan.events.push(spentEvent(account.memberId, j, points, account.available, source, h.id));
      }
    }
    await plan.commit(tx, ctx);
    await tx.exec(
      `UPDATE ledger_holds h SET status = $2, closing_journal_id = x.j, closed_at = $3
       FROM json_to_recordset($1::json) AS x(id bigint, j bigint) WHERE h.id = x.id AND h.status = 'open'`,
      [JSON.stringify(acting.map((h) => ({ id: h.id, j: out.get(h.id)!.journalId }))), target, now],
    );
  }
  return holdIds.map((id) => out.get(id)!);
}

/** Spends what the holds reserve. Capturing a captured hold answers as before; a voided or expired one is a conflict. */
export const captureHolds = (tx: Tx, ctx: Ctx, holdIds: string[], opts: LedgerOptions = {}) =>
  closeHolds(tx, ctx, 'capture', holdIds, opts);

/** Returns held points to the lots they came from, with their own expiry. */
export const voidHolds = (tx: Tx, ctx: Ctx, holdIds: string[], opts: LedgerOptions = {}) =>
  closeHolds(tx, ctx, 'void', holdIds, opts);

export const captureHold = async (tx: Tx, ctx: Ctx, holdId: string, opts?: LedgerOptions) =>
  (await captureHolds(tx, ctx, [holdId], opts))[0]!;
export const voidHold = async (tx: Tx, ctx: Ctx, holdId: string, opts?: LedgerOptions) =>
  (await voidHolds(tx, ctx, [holdId], opts))[0]!;

/** Voids open holds past their expiry, at most `limit`; returns how many. */
export async function sweepExpiredHolds(
  tx: Tx,
  ctx: Ctx,
  opts: LedgerOptions & { limit?: number; accountIds?: string[] } = {},
): Promise<number> {
  const now = opts.now ?? new Date();
  const only = opts.accountIds ? 'AND account_id = ANY ($3::bigint[])' : '';
  const due = await tx.many<{ id: string }>(
    `SELECT id FROM ledger_holds WHERE status = 'open' AND expires_at <= $1 ${only} ORDER BY expires_at, id LIMIT $2`,
    opts.accountIds ? [now, opts.limit ?? 1000, opts.accountIds] : [now, opts.limit ?? 1000],
  );
  if (due.length === 0) return 0;
  // Another sweep or a capture may close some first: only those still open are voided here.
  const { holds } = await lockHolds(
    tx,
    due.map((d) => d.id),
  );
  const open = holds.filter((h) => h.status === 'open').map((h) => h.id);
  await voidHolds(tx, ctx, open, { now });
  return open.length;
}
