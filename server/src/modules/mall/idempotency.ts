import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { checkIdempotencyKey, once as onceIn } from '../../shared/idempotency.ts';

export { canonical } from '../../shared/idempotency.ts';

/** An Idempotency-Key as a client sends it: required for an exchange. */
export function checkKey(key: string | undefined, field = 'Idempotency-Key'): string {
  if (key === undefined || key === '')
    throw invalid(field, 'required: a unique key per exchange, reused on retries');
  return checkIdempotencyKey(key, field);
}

/**
 * Runs `work` once per (operation, key) (see shared/idempotency.ts). Callers run this inside a
 * savepoint, so a refused attempt leaves no row and the client may retry with the same key.
 */
export function once<T>(
  tx: Tx,
  ctx: Ctx,
  op: 'place',
  key: string,
  payload: unknown,
  work: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  return onceIn(tx, ctx, 'mall_requests', { op, key, payload, what: 'exchange' }, work);
}

/**
 * Runs `fn` inside a savepoint: if it throws, everything it wrote is undone even when the caller
 * catches the error and goes on with the transaction (the member H5 may), and the transaction stays
 * usable after a failed statement.
 */
export async function atomically<T>(tx: Tx, name: string, fn: () => Promise<T>): Promise<T> {
  await tx.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.exec(`ROLLBACK TO SAVEPOINT ${name}`);
    await tx.exec(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
}
