import { AppError, invalid } from '../../shared/errors.ts';

/** A bucket of an account. Debt holds negative value: an account's `debt` is minus its debt postings. */
export type Bucket = 'available' | 'pending' | 'held' | 'debt';
export type LotState = 'pending' | 'available';

/** The tenant's system accounts: the other side of every member posting. */
export const systemCodes = [
  'points_issued',
  'points_redeemed',
  'points_expired',
  'points_adjustment',
  'points_debt_writeoff',
] as const;
export type SystemCode = (typeof systemCodes)[number];

/** A member's points account: scopeId '0' is group-wide, else the business unit keeping its own members. */
export interface AccountRef {
  memberId: string;
  scopeId?: string;
}

/** What points came from (an order, a check-in…), so a refund can reverse them. */
export interface SourceRef {
  type: string;
  id: string;
}

/** Options every operation takes. `now` is the ledger's clock (jobs and tests pass their own). */
export interface LedgerOptions {
  now?: Date;
}

export interface Balances {
  available: number;
  pending: number;
  held: number;
  debt: number;
}

export interface AccountRow extends Balances {
  id: string;
  memberId: string;
  scopeId: string;
}

/** An open lot as the operations see it (a copy they allocate from). */
export interface LotRow {
  id: string;
  accountId: string;
  state: LotState;
  remaining: number;
  held: number;
  earnedAt: Date;
  expiresAt: Date | null;
  sourceType: string | null;
  sourceId: string | null;
}

export const accountKey = (r: AccountRef): string => `${r.memberId}/${r.scopeId ?? '0'}`;

/** Points are integers within JavaScript's exact range. */
export function checkPoints(value: number, field: string, { allowNegative = false } = {}): number {
  if (!Number.isSafeInteger(value) || value === 0 || (!allowNegative && value < 0)) {
    throw invalid(field, allowNegative ? 'must be a non-zero integer' : 'must be a positive integer');
  }
  return value;
}

const keyPattern = /^[\x21-\x7e]{1,200}$/;

/** Caller keys: printable, at most 200 characters; `sys:` is kept for the ledger's own journals. */
export function checkKey(key: string, field = 'idempotencyKey'): string {
  if (!keyPattern.test(key)) throw invalid(field, 'must be 1-200 printable ASCII characters');
  if (key.startsWith('sys:')) throw invalid(field, 'keys starting with sys: are reserved');
  return key;
}

export function checkAccount(ref: AccountRef, field = 'account'): AccountRef {
  if (!/^[1-9][0-9]{0,17}$/.test(ref.memberId)) throw invalid(`${field}.memberId`, 'not a member id');
  if (ref.scopeId !== undefined && !/^(0|[1-9][0-9]{0,17})$/.test(ref.scopeId))
    throw invalid(`${field}.scopeId`, 'not a business unit id');
  return ref;
}

export const insufficient = (field: string, wanted: number, has: number): AppError =>
  new AppError('POINTS_INSUFFICIENT', `${field}: ${wanted} points wanted, ${has} spendable`, [
    { field, message: `only ${has} points spendable` },
  ]);

/** Lots in the order spending takes them: soonest expiry first (never-expiring last), then oldest. */
export function spendOrder(a: LotRow, b: LotRow): number {
  const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  const d = a.earnedAt.getTime() - b.earnedAt.getTime();
  if (d !== 0) return d;
  return BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0;
}

/** Whether a lot's points can be spent or held at `now` (available, not past expiry). */
export const spendable = (l: LotRow, now: Date): boolean =>
  l.state === 'available' && l.remaining > 0 && (l.expiresAt === null || l.expiresAt > now);

/** Takes `points` from lots in spend order; returns the allocations, or the shortfall. */
export function allocate(
  lots: LotRow[],
  points: number,
  now: Date,
): { takes: { lot: LotRow; points: number }[]; short: number } {
  const takes: { lot: LotRow; points: number }[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    if (!spendable(lot, now)) continue;
    const take = Math.min(lot.remaining, left);
    takes.push({ lot, points: take });
    left -= take;
  }
  return { takes, short: left };
}
