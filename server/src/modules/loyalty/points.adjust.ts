import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
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
} from './ledger.types.ts';
import { repayDebt } from './points.earn.ts';

export interface AdjustItem {
  key: string;
  account: AccountRef;
  /** Positive credits a new lot (paying debt first); negative takes from lots, soonest expiry first. */
  points: number;
  reason: string;
  /** Expiry of credited points; null never. */
  expiresAt?: Date | null;
  /** Instead: forgive this much of the member's debt (points > 0, at most the debt). */
  writeOffDebt?: boolean;
}

export interface AdjustResult {
  journalId: string;
  points: number;
  lotId: string | null;
  debtRepaid: number;
  debtWrittenOff: number;
  replayed: boolean;
}

/**
 * Manual corrections by staff, with a reason, each audit-logged. The route checks points:adjust;
 * callers inside Siyu (a goodwill gesture by a rule) check their own rights.
 */
export async function adjustPoints(
  tx: Tx,
  ctx: Ctx,
  items: AdjustItem[],
  opts: LedgerOptions = {},
): Promise<AdjustResult[]> {
  const now = opts.now ?? new Date();
  const keyed = items.map((item, i) => {
    checkKey(item.key, `items.${i}.key`);
    checkAccount(item.account, `items.${i}.account`);
    checkPoints(item.points, `items.${i}.points`, { allowNegative: !item.writeOffDebt });
    if (!item.reason?.trim()) throw invalid(`items.${i}.reason`, 'a reason is required');
    const request = {
      memberId: item.account.memberId,
      scopeId: item.account.scopeId ?? '0',
      points: item.points,
      reason: item.reason,
      expiresAt: item.expiresAt ?? null,
      writeOffDebt: item.writeOffDebt ?? false,
    };
    return { ...item, hash: requestHash('adjust', request) };
  });
  const accounts = await openAccounts(
    tx,
    ctx,
    keyed.map((i) => i.account),
  );
  const { fresh, replays, dupOf, ids } = await splitReplays(tx, keyed, { lots: true });
  const results = new Map<number, Omit<AdjustResult, 'replayed'>>();
  if (fresh.length > 0) {
    const debits = fresh.filter((i) => keyed[i]!.points < 0);
    const lots = await openLots(
      tx,
      debits.map((i) => accounts.byRef.get(accountKey(keyed[i]!.account))!.id),
    );
    const plan = new Plan(ids, accounts.byId);
    for (const i of fresh) {
      const item = keyed[i]!;
      const account = accounts.byRef.get(accountKey(item.account))!;
      const j = plan.journal({
        kind: 'adjust',
        key: item.key,
        hash: item.hash,
        accountId: account.id,
        reason: item.reason,
        occurredAt: now,
      });
      let lotId: string | null = null;
      let debtRepaid = 0;
      let debtWrittenOff = 0;
      if (item.writeOffDebt) {
        if (item.points > account.debt)
          throw invalid(`items.${i}.points`, `the member owes only ${account.debt} points`);
        plan.post(j, account.id, 'debt', item.points);
        plan.post(j, accounts.system.points_debt_writeoff, 'available', -item.points);
        debtWrittenOff = item.points;
      } else if (item.points > 0) {
        const lot = plan.lot(j, account.id, 'available', item.points, {
          earnedAt: now,
          expiresAt: item.expiresAt ?? null,
        });
        plan.post(j, account.id, 'available', item.points, lot);
        plan.post(j, accounts.system.points_adjustment, 'available', -item.points);
        debtRepaid = repayDebt(plan, j, account, lot);
        lotId = lot.id;
      } else {
        const { takes, short } = allocate(lots.get(account.id)!, -item.points, now);
        if (short > 0) throw insufficient(`items.${i}.points`, -item.points, -item.points - short);
        for (const t of takes) plan.post(j, account.id, 'available', -t.points, t.lot);
        plan.post(j, accounts.system.points_adjustment, 'available', -item.points);
      }
      const result = { journalId: j, points: item.points, lotId, debtRepaid, debtWrittenOff };
      plan.setResult(j, result);
      results.set(i, result);
      const memberId = toPublicId('member', account.memberId);
      plan.events.push({
        type: 'points.adjusted',
        aggregateType: 'member',
        aggregateId: memberId,
        payload: {
          memberId,
          journalId: toPublicId('journal', j),
          points: item.points,
          reason: item.reason,
          debtRepaid,
          debtWrittenOff,
          balance: account.available,
        },
      });
      await audit(tx, ctx, {
        action: 'points.adjusted',
        entityType: 'member',
        entityId: memberId,
        after: { ...result, journalId: toPublicId('journal', j), reason: item.reason },
      });
    }
    await plan.commit(tx, ctx);
  }
  return assemble(keyed.length, results, replays, dupOf);
}

export const adjustPoint = async (tx: Tx, ctx: Ctx, item: AdjustItem, opts?: LedgerOptions) =>
  (await adjustPoints(tx, ctx, [item], opts))[0]!;
