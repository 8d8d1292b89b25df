import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { checkIdempotencyKey, once as onceIn } from '../../shared/idempotency.ts';

export { canonical, payloadHash } from '../../shared/idempotency.ts';

export type Operation = 'issue' | 'claim' | 'share' | 'redeem' | 'unredeem';

/** An Idempotency-Key as a client sends it, if one was sent. */
export function checkKey(key: string | undefined, field = 'Idempotency-Key'): string | undefined {
  return key === undefined ? undefined : checkIdempotencyKey(key, field);
}

/** Runs `work` once per (operation, key) (see shared/idempotency.ts); without a key it simply runs. */
export async function once<T>(
  tx: Tx,
  ctx: Ctx,
  op: Operation,
  key: string | undefined,
  payload: unknown,
  work: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  if (key === undefined) return { result: await work(), replayed: false };
  return onceIn(tx, ctx, 'coupon_requests', { op, key, payload, what: `${op} request` }, work);
}
