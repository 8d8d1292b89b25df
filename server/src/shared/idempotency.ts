import type { Tx } from '../db/database.ts';
import type { Ctx } from './context.ts';
import { sha256 } from './crypto.ts';
import { AppError, invalid } from './errors.ts';

/** JSON with sorted keys, dates as ISO strings and undefined left out: equal requests, equal text. */
export function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const payloadHash = (payload: unknown): Buffer => sha256(canonical(payload));

const keyPattern = /^[\x21-\x7e]{1,200}$/;

/** An Idempotency-Key as a client sends it: 1–200 printable ASCII characters. */
export function checkIdempotencyKey(key: string, field = 'Idempotency-Key'): string {
  if (!keyPattern.test(key)) throw invalid(field, '1–200 printable ASCII characters');
  return key;
}

/** Tables of (tenant_id, operation, key, payload_hash, response) that remember keyed requests. */
export type RequestTable = 'coupon_requests' | 'mall_requests';

/**
 * Runs `work` once per (operation, key) in `table`. The key's row is inserted first: a concurrent
 * request with the same key waits on it and then sees the committed response. The same key with
 * another payload is refused (409) before anything is written; a failed attempt rolls its row back
 * with it, so the client may retry with the same key.
 */
export async function once<T>(
  tx: Tx,
  ctx: Ctx,
  table: RequestTable,
  request: { op: string; key: string; payload: unknown; what: string },
  work: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  const hash = payloadHash(request.payload);
  const fresh = await tx.maybeOne(
    `INSERT INTO ${table} (tenant_id, operation, key, payload_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING 1 AS ok`,
    [ctx.tenantId, request.op, request.key, hash],
  );
  if (!fresh) {
    const prior = await tx.one<{ payload_hash: Buffer; response: T }>(
      `SELECT payload_hash, response FROM ${table} WHERE operation = $1 AND key = $2`,
      [request.op, request.key],
    );
    if (!prior.payload_hash.equals(hash)) {
      throw new AppError(
        'IDEMPOTENCY_MISMATCH',
        `This Idempotency-Key was used for a different ${request.what}; nothing was written`,
        [{ field: 'Idempotency-Key', message: 'used before with a different request' }],
      );
    }
    return { result: prior.response, replayed: true };
  }
  const result = await work();
  await tx.exec(`UPDATE ${table} SET response = $3 WHERE operation = $1 AND key = $2`, [
    request.op,
    request.key,
    JSON.stringify(result),
  ]);
  return { result, replayed: false };
}
