import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { lockAccountsById, openAccounts } from './ledger.accounts.ts';
import { allocateIds, Plan } from './ledger.engine.ts';
import { assemble, requestHash, splitReplays } from './ledger.idempotency.ts';
import {
  type AccountRef,
  type AccountRow,
  accountKey,
  checkAccount,
  checkKey,
  checkPoints,
  type LedgerOptions,
  type LotRow,
  type SourceRef,
} from './ledger.types.ts';

export interface EarnItem {
  /** Idempotency key, unique per tenant (e.g. `order:ord_42:base`). */
  key: string;
  account: AccountRef;
  points: number;
  /** Pending until this time (an order's return window); absent or past: available at once. */
  availableAt?: Date | null;
  /** When the points expire (see points.expiry-policy.ts); null never. */
  expiresAt?: Date | null;
  source?: SourceRef;
  reason?: string;
}

export interface EarnResult {
  journalId: string;
  lotId: string;
  points: number;
  state: 'pending' | 'available';
  /** Points of this earning that paid the member's debt at once. */
  debtRepaid: number;
  replayed: boolean;
}

/** Debt is paid first from points that become available: returns what was repaid from `lot`. */
export function repayDebt(plan: Plan, journalId: string, account: AccountRow, lot: LotRow): number {
  const repay = Math.min(account.debt, lot.remaining);
  if (repay <= 0) return 0;
  plan.post(journalId, account.id, 'available', -repay, lot);
  plan.post(journalId, account.id, 'debt', repay);
  return repay;
}

export const earnRequest = (item: EarnItem) => ({
  memberId: item.account.memberId,
  scopeId: item.account.scopeId ?? '0',
  points: item.points,
  availableAt: item.availableAt ?? null,
  expiresAt: item.expiresAt ?? null,
  source: item.source ?? null,
  reason: item.reason ?? null,
});

/**
 * Credits points, each item one journal and one lot: available at once (paying any debt first) or
 * pending until `availableAt`. A batch of any size is a handful of statements.
 */
export async function earnPoints(
  tx: Tx,
  ctx: Ctx,
  items: EarnItem[],
  opts: LedgerOptions = {},
): Promise<EarnResult[]> {
  const now = opts.now ?? new Date();
  const keyed = items.map((item, i) => {
    checkKey(item.key, `items.${i}.key`);
    checkAccount(item.account, `items.${i}.account`);
    checkPoints(item.points, `items.${i}.points`);
    if (item.source && (!item.source.type || !item.source.id))
      throw invalid(`items.${i}.source`, 'type and id');
    return { ...item, hash: requestHash('earn', earnRequest(item)) };
  });
  if (keyed.length === 0) return [];
  const accounts = await openAccounts(
    tx,
    ctx,
    keyed.map((i) => i.account),
  );
  const { fresh, replays, dupOf, ids } = await splitReplays(tx, keyed, { lots: true });
  const results = new Map<number, Omit<EarnResult, 'replayed'>>();
  if (fresh.length > 0) {
    const plan = new Plan(ids, accounts.byId);
    for (const i of fresh) {
      const item = keyed[i]!;
      const account = accounts.byRef.get(accountKey(item.account))!;
      const pending = item.availableAt != null && item.availableAt > now;
      const j = plan.journal({
        kind: 'earn',
        key: item.key,
        hash: item.hash,
        accountId: account.id,
        sourceType: item.source?.type,
        sourceId: item.source?.id,
        reason: item.reason,
        occurredAt: now,
      });
      const lot = plan.lot(j, account.id, pending ? 'pending' : 'available', item.points, {
        earnedAt: now,
        availableAt: item.availableAt ?? null,
        expiresAt: item.expiresAt ?? null,
        sourceType: item.source?.type,
        sourceId: item.source?.id,
      });
      plan.post(j, account.id, pending ? 'pending' : 'available', item.points, lot);
      plan.post(j, accounts.system.points_issued, 'available', -item.points);
      const debtRepaid = pending ? 0 : repayDebt(plan, j, account, lot);
      if (item.source) plan.source(item.source.type, item.source.id, item.points, 0);
      const result = {
        journalId: j,
        lotId: lot.id,
        points: item.points,
        state: lot.state,
        debtRepaid,
      };
      plan.setResult(j, result);
      results.set(i, result);
      plan.events.push({
        type: 'points.earned',
        aggregateType: 'member',
        aggregateId: toPublicId('member', account.memberId),
        payload: {
          memberId: toPublicId('member', account.memberId),
          scopeId: account.scopeId,
          journalId: toPublicId('journal', j),
          lotId: toPublicId('lot', lot.id),
          points: item.points,
          state: lot.state,
          availableAt: item.availableAt?.toISOString() ?? null,
          expiresAt: item.expiresAt?.toISOString() ?? null,
          debtRepaid,
          source: item.source ?? null,
          balance: account.available,
        },
      });
    }
    await plan.commit(tx, ctx);
  }
  return assemble(keyed.length, results, replays, dupOf);
}

export const earnPoint = async (tx: Tx, ctx: Ctx, item: EarnItem, opts?: LedgerOptions) =>
  (await earnPoints(tx, ctx, [item], opts))[0]!;

/**
 * Makes pending lots whose time has come available (paying debt first), oldest first, at most
 * `limit` lots; returns how many lots it released. Run it again until it returns less than `limit`.
 */
export async function releasePendingPoints(
  tx: Tx,
  ctx: Ctx,
  opts: LedgerOptions & { limit?: number; accountIds?: string[] } = {},
): Promise<{ lots: number; points: number }> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 2000;
  const due = await tx.many<{ account_id: string }>(
    `SELECT DISTINCT account_id FROM (
       SELECT account_id FROM ledger_lots WHERE state = 'pending' AND available_at <= $1
       ${opts.accountIds ? 'AND account_id = ANY ($3::bigint[])' : ''}
       ORDER BY available_at, id LIMIT $2) d`,
    opts.accountIds ? [now, limit, opts.accountIds] : [now, limit],
  );
  if (due.length === 0) return { lots: 0, points: 0 };
  const accounts = await lockAccountsById(
    tx,
    due.map((d) => d.account_id),
  );
  // Read again under the locks: another run may have released some meanwhile.
  const lots = await tx.many<{
    id: string;
    account_id: string;
    remaining: string;
    earned_at: Date;
    expires_at: Date | null;
  }>(
    `SELECT id, account_id, remaining, earned_at, expires_at FROM ledger_lots
     WHERE account_id = ANY ($1::bigint[]) AND state = 'pending' AND available_at <= $2
     ORDER BY available_at, id LIMIT $3`,
    [[...accounts.keys()], now, limit],
  );
  const withPoints = lots.filter((l) => Number(l.remaining) > 0);
  const ids = await allocateIds(tx, { journals: withPoints.length });
  const plan = new Plan(ids, accounts);
  let points = 0;
  for (const l of lots) {
    const account = accounts.get(l.account_id)!;
    const lot: LotRow = {
      id: l.id,
      accountId: l.account_id,
      state: 'pending',
      remaining: Number(l.remaining),
      held: 0,
      earnedAt: l.earned_at,
      expiresAt: l.expires_at,
      sourceType: null,
      sourceId: null,
    };
    plan.setState(lot, 'available');
    if (lot.remaining === 0) continue;
    const j = plan.journal({
      kind: 'release',
      key: `sys:release:${lot.id}`,
      hash: requestHash('release', { lotId: lot.id }),
      accountId: account.id,
      occurredAt: now,
    });
    const amount = lot.remaining;
    plan.post(j, account.id, 'pending', -amount, lot);
    plan.post(j, account.id, 'available', amount, lot);
    const debtRepaid = repayDebt(plan, j, account, lot);
    plan.setResult(j, { journalId: j, lotId: lot.id, points: amount, debtRepaid });
    points += amount;
  }
  // Pending lots emptied by refunds post nothing; they only turn available.
  await plan.commit(tx, ctx);
  return { lots: lots.length, points };
}
