import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { openAccounts, openLots } from './ledger.accounts.ts';
import { Plan } from './ledger.engine.ts';
import { assemble, requestHash, splitReplays } from './ledger.idempotency.ts';
import {
  type AccountRef,
  accountKey,
  allocate,
  checkAccount,
  checkKey,
  checkPoints,
  insufficient,
  type LedgerOptions,
  type SourceRef,
} from './ledger.types.ts';

export interface SpendItem {
  key: string;
  account: AccountRef;
  points: number;
  source?: SourceRef;
  reason?: string;
}

export interface HoldItem extends SpendItem {
  /** When an uncaptured hold is voided by the sweep. */
  expiresAt: Date;
}

export interface Allocation {
  lotId: string;
  points: number;
  expiresAt: string | null;
}

export interface SpendResult {
  journalId: string;
  points: number;
  allocations: Allocation[];
  replayed: boolean;
}

export interface HoldResult extends SpendResult {
  holdId: string;
  memberId: string;
  expiresAt: string;
}

const spendRequest = (item: SpendItem | HoldItem) => ({
  memberId: item.account.memberId,
  scopeId: item.account.scopeId ?? '0',
  points: item.points,
  source: item.source ?? null,
  reason: item.reason ?? null,
  expiresAt: 'expiresAt' in item ? item.expiresAt : undefined,
});

/**
 * Spends (kind 'spend') or reserves (kind 'hold') points from the members' lots, soonest expiry
 * first. All or nothing: if any item lacks points the call fails with POINTS_INSUFFICIENT.
 */
async function take(
  tx: Tx,
  ctx: Ctx,
  kind: 'spend' | 'hold',
  items: (SpendItem & { expiresAt?: Date })[],
  opts: LedgerOptions,
) {
  const now = opts.now ?? new Date();
  const keyed = items.map((item, i) => {
    checkKey(item.key, `items.${i}.key`);
    checkAccount(item.account, `items.${i}.account`);
    checkPoints(item.points, `items.${i}.points`);
    if (kind === 'hold' && !(item.expiresAt instanceof Date))
      throw invalid(`items.${i}.expiresAt`, 'required');
    return { ...item, hash: requestHash(kind, spendRequest(item)) };
  });
  const accounts = await openAccounts(
    tx,
    ctx,
    keyed.map((i) => i.account),
  );
  const { fresh, replays, dupOf, ids } = await splitReplays(tx, keyed, { holds: kind === 'hold' });
  const results = new Map<number, Omit<HoldResult, 'replayed'>>();
  // Only new holds must end in the future: a replay after the hold's end still answers as before.
  for (const i of fresh)
    if (kind === 'hold' && keyed[i]!.expiresAt! <= now)
      throw invalid(`items.${i}.expiresAt`, 'must be in the future');
  if (fresh.length > 0) {
    const lots = await openLots(tx, [
      ...new Set(fresh.map((i) => accounts.byRef.get(accountKey(keyed[i]!.account))!.id)),
    ]);
    const plan = new Plan(ids, accounts.byId);
    const holds: {
      id: string;
      accountId: string;
      journalId: string;
      item: (typeof keyed)[number];
      allocations: Allocation[];
    }[] = [];
    for (const i of fresh) {
      const item = keyed[i]!;
      const account = accounts.byRef.get(accountKey(item.account))!;
      const { takes, short } = allocate(lots.get(account.id)!, item.points, now);
      if (short > 0) throw insufficient(`items.${i}.points`, item.points, item.points - short);
      const j = plan.journal({
        kind,
        key: item.key,
        hash: item.hash,
        accountId: account.id,
        sourceType: item.source?.type,
        sourceId: item.source?.id,
        reason: item.reason,
        occurredAt: now,
      });
      for (const t of takes) {
        plan.post(j, account.id, 'available', -t.points, t.lot);
        if (kind === 'hold') plan.post(j, account.id, 'held', t.points, t.lot);
      }
      if (kind === 'spend') plan.post(j, accounts.system.points_redeemed, 'available', item.points);
      const allocations = takes.map((t) => ({
        lotId: t.lot.id,
        points: t.points,
        expiresAt: t.lot.expiresAt?.toISOString() ?? null,
      }));
      const holdId = kind === 'hold' ? ids.holds[holds.length]! : '';
      const spent = { journalId: j, points: item.points, allocations };
      const result =
        kind === 'hold'
          ? { ...spent, holdId, memberId: account.memberId, expiresAt: item.expiresAt!.toISOString() }
          : (spent as Omit<HoldResult, 'replayed'>);
      plan.setResult(j, result);
      results.set(i, result);
      if (kind === 'hold') holds.push({ id: holdId, accountId: account.id, journalId: j, item, allocations });
      else plan.events.push(spentEvent(account.memberId, j, item.points, account.available, item.source));
    }
    await plan.commit(tx, ctx);
    if (holds.length > 0) await insertHolds(tx, ctx, holds);
  }
  return assemble(keyed.length, results, replays, dupOf);
}

export const spentEvent = (
  memberId: string,
  journalId: string,
  points: number,
  balance: number,
  source?: SourceRef | null,
  holdId?: string,
) => ({
  type: 'points.spent' as const,
  aggregateType: 'member',
  aggregateId: toPublicId('member', memberId),
  payload: {
    memberId: toPublicId('member', memberId),
    journalId: toPublicId('journal', journalId),
    points,
    balance,
    source: source ?? null,
    holdId: holdId ? toPublicId('hold', holdId) : null,
  },
});

async function insertHolds(
  tx: Tx,
  ctx: Ctx,
  holds: {
    id: string;
    accountId: string;
    journalId: string;
    item: HoldItem | (SpendItem & { expiresAt?: Date });
    allocations: Allocation[];
  }[],
): Promise<void> {
  await tx.exec(
    `WITH h AS (
       INSERT INTO ledger_holds (tenant_id, id, account_id, points, status, expires_at, journal_id, source_type, source_id)
       SELECT $1, x.id, x.account_id, x.points, 'open', x.expires_at, x.journal_id, x.source_type, x.source_id
       FROM json_to_recordset($2::json) AS x(id bigint, account_id bigint, points bigint, expires_at timestamptz, journal_id bigint, source_type text, source_id text)
       RETURNING 1
     )
     INSERT INTO ledger_hold_allocations (tenant_id, hold_id, lot_id, points)
     SELECT $1, x.hold_id, x.lot_id, x.points FROM json_to_recordset($3::json) AS x(hold_id bigint, lot_id bigint, points bigint)`,
    [
      ctx.tenantId,
      JSON.stringify(
        holds.map((h) => ({
          id: h.id,
          account_id: h.accountId,
          points: h.item.points,
          expires_at: h.item.expiresAt,
          journal_id: h.journalId,
          source_type: h.item.source?.type ?? null,
          source_id: h.item.source?.id ?? null,
        })),
      ),
      JSON.stringify(
        holds.flatMap((h) =>
          h.allocations.map((a) => ({ hold_id: h.id, lot_id: a.lotId, points: a.points })),
        ),
      ),
    ],
  );
}

/** Spends points at once (a redemption that needs no confirmation), soonest-expiring lots first. */
export async function spendPoints(
  tx: Tx,
  ctx: Ctx,
  items: SpendItem[],
  opts: LedgerOptions = {},
): Promise<SpendResult[]> {
  return (await take(tx, ctx, 'spend', items, opts)).map(({ journalId, points, allocations, replayed }) => ({
    journalId,
    points,
    allocations,
    replayed,
  }));
}

/** Reserves points for a redemption (mall exchange, POS) until captured, voided or expired. */
export async function holdPoints(
  tx: Tx,
  ctx: Ctx,
  items: HoldItem[],
  opts: LedgerOptions = {},
): Promise<HoldResult[]> {
  return take(tx, ctx, 'hold', items, opts);
}

export const spendPoint = async (tx: Tx, ctx: Ctx, item: SpendItem, opts?: LedgerOptions) =>
  (await spendPoints(tx, ctx, [item], opts))[0]!;
export const holdPoint = async (tx: Tx, ctx: Ctx, item: HoldItem, opts?: LedgerOptions) =>
  (await holdPoints(tx, ctx, [item], opts))[0]!;
