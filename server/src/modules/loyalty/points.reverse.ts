import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { lotColumns, openAccounts, toLot } from './ledger.accounts.ts';
import { Plan } from './ledger.engine.ts';
import { assemble, requestHash, splitReplays } from './ledger.idempotency.ts';
import {
  type AccountRef,
  accountKey,
  checkAccount,
  checkKey,
  checkPoints,
  type LedgerOptions,
  type LotRow,
  type SourceRef,
  spendOrder,
} from './ledger.types.ts';

export interface ReverseItem {
  key: string;
  /** The member the source belongs to now (an order's member follows merges). */
  account: AccountRef;
  source: SourceRef;
  /** Reverse this many points (capped at what is left to reverse)… */
  points?: number;
  /**
   * …or bring the source's reversed total up to this share of what it earned (refunded ÷ paid,
   * cumulative): partial refunds then add up to exactly what was earned, rounding included.
   */
  share?: { numerator: number; denominator: number };
  reason?: string;
}

export interface ReverseResult {
  journalId: string;
  /** Points reversed in all. */
  points: number;
  /** …of which taken back from the source's own lots… */
  fromLots: number;
  /** …and the rest, already spent or held, added to the member's debt. */
  debt: number;
  replayed: boolean;
}

const key = (type: string, id: string) => `${type}\u0000${id}`;

function checkItem(item: ReverseItem, i: number): void {
  checkKey(item.key, `items.${i}.key`);
  checkAccount(item.account, `items.${i}.account`);
  if (!item.source?.type || !item.source.id) throw invalid(`items.${i}.source`, 'type and id are required');
  if ((item.points === undefined) === (item.share === undefined))
    throw invalid(`items.${i}`, 'give either points or share');
  if (item.points !== undefined) checkPoints(item.points, `items.${i}.points`);
  if (item.share) {
    const { numerator: n, denominator: d } = item.share;
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d <= 0 || n < 0 || n > d)
      throw invalid(`items.${i}.share`, 'needs integers 0 ≤ numerator ≤ denominator, denominator > 0');
  }
}

/**
 * Reverses what sources earned (refunds). Points come back from the source's own lots — pending
 * first, then available soonest-expiring first, even past expiry if not yet swept; what is no
 * longer there (spent, held, expired or used to pay debt) becomes debt, which later earnings pay
 * first. So earning and fully reversing an untouched order leaves the account as it was.
 */
export async function reversePoints(
  tx: Tx,
  ctx: Ctx,
  items: ReverseItem[],
  opts: LedgerOptions = {},
): Promise<ReverseResult[]> {
  const now = opts.now ?? new Date();
  const keyed = items.map((item, i) => {
    checkItem(item, i);
    const request = {
      memberId: item.account.memberId,
      scopeId: item.account.scopeId ?? '0',
      source: item.source,
      points: item.points,
      share: item.share,
      reason: item.reason ?? null,
    };
    return { ...item, hash: requestHash('reverse', request) };
  });
  const accounts = await openAccounts(
    tx,
    ctx,
    keyed.map((i) => i.account),
  );
  const { fresh, replays, dupOf, ids: newIds } = await splitReplays(tx, keyed);
  const results = new Map<number, Omit<ReverseResult, 'replayed'>>();
  if (fresh.length > 0) {
    const types = fresh.map((i) => keyed[i]!.source.type);
    const ids = fresh.map((i) => keyed[i]!.source.id);
    const sources = new Map<string, { earned: number; reversed: number }>();
    for (const r of await tx.many<{
      source_type: string;
      source_id: string;
      earned: string;
      reversed: string;
    }>(
      `SELECT s.source_type, s.source_id, s.earned, s.reversed FROM ledger_sources s
       JOIN unnest($1::text[], $2::text[]) AS u(t, i) ON s.source_type = u.t AND s.source_id = u.i`,
      [types, ids],
    ))
      sources.set(key(r.source_type, r.source_id), {
        earned: Number(r.earned),
        reversed: Number(r.reversed),
      });
    const lotsBySource = new Map<string, LotRow[]>();
    const lotRows = await tx.many(
      `SELECT ${lotColumns} FROM ledger_lots l
       JOIN unnest($1::text[], $2::text[]) AS u(t, i) ON l.source_type = u.t AND l.source_id = u.i
       WHERE l.account_id = ANY ($3::bigint[]) AND l.remaining > 0`,
      [types, ids, [...accounts.byId.keys()]],
    );
    for (const l of lotRows.map((r) => toLot(r as never))) {
      const k = `${l.accountId}\u0000${key(l.sourceType!, l.sourceId!)}`;
      lotsBySource.set(k, [...(lotsBySource.get(k) ?? []), l]);
    }
    const pendingFirst = (a: LotRow, b: LotRow) =>
      a.state !== b.state ? (a.state === 'pending' ? -1 : 1) : spendOrder(a, b);
    const plan = new Plan(newIds, accounts.byId);
    for (const i of fresh) {
      const item = keyed[i]!;
      const account = accounts.byRef.get(accountKey(item.account))!;
      const s = sources.get(key(item.source.type, item.source.id)) ?? { earned: 0, reversed: 0 };
      sources.set(key(item.source.type, item.source.id), s);
      const left = s.earned - s.reversed;
      const want = item.share
        ? Math.max(
            0,
            Number((BigInt(s.earned) * BigInt(item.share.numerator)) / BigInt(item.share.denominator)) -
              s.reversed,
          )
        : Math.min(item.points!, left);
      const j = plan.journal({
        kind: 'reverse',
        key: item.key,
        hash: item.hash,
        accountId: account.id,
        sourceType: item.source.type,
        sourceId: item.source.id,
        reason: item.reason,
        occurredAt: now,
      });
      let fromLots = 0;
      const own = (
        lotsBySource.get(`${account.id}\u0000${key(item.source.type, item.source.id)}`) ?? []
      ).sort(pendingFirst);
      for (const lot of own) {
        const take = Math.min(lot.remaining, want - fromLots);
        if (take <= 0) continue;
        plan.post(j, account.id, lot.state, -take, lot);
        fromLots += take;
      }
      const debt = want - fromLots;
      plan.post(j, account.id, 'debt', -debt);
      plan.post(j, accounts.system.points_issued, 'available', want);
      if (want > 0) plan.source(item.source.type, item.source.id, 0, want);
      s.reversed += want;
      const result = { journalId: j, points: want, fromLots, debt };
      plan.setResult(j, result);
      results.set(i, result);
      if (want > 0)
        plan.events.push({
          type: 'points.reversed',
          aggregateType: 'member',
          aggregateId: toPublicId('member', account.memberId),
          payload: {
            memberId: toPublicId('member', account.memberId),
            journalId: toPublicId('journal', j),
            source: item.source,
            points: want,
            fromLots,
            debt,
            balance: account.available,
            totalDebt: account.debt,
          },
        });
    }
    await plan.commit(tx, ctx);
  }
  return assemble(keyed.length, results, replays, dupOf);
}

export const reversePoint = async (tx: Tx, ctx: Ctx, item: ReverseItem, opts?: LedgerOptions) =>
  (await reversePoints(tx, ctx, [item], opts))[0]!;
