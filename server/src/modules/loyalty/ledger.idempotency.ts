import { createHash } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { canonical } from '../../shared/idempotency.ts';

export { canonical };

/** sha256 of the operation and its canonical request. */
export const requestHash = (op: string, request: unknown): Buffer =>
  createHash('sha256')
    .update(`${op}\n${canonical(request)}`)
    .digest();

export const mismatch = (key: string): AppError =>
  new AppError(
    'IDEMPOTENCY_MISMATCH',
    `Idempotency key ${key} was already used with a different request; nothing was written`,
    [{ field: 'idempotencyKey', message: 'already used with a different request' }],
  );

export interface Keyed {
  key: string;
  hash: Buffer;
}

/**
 * Splits a batch into new items and replays. A key already in the ledger with the same request
 * hash is a replay (its stored result comes back); with another hash the whole call is refused.
 * The same key twice in one batch is one item. Call with the accounts already locked: a request
 * with the same key and payload locks the same accounts, so it has either committed (and is seen
 * here) or waits behind this transaction.
 */
export async function splitReplays<T extends Keyed>(
  tx: Tx,
  items: T[],
  /** Ids to draw for the new items, in the same round trip (one per item of each kind: unused ones are skipped). */
  reserve: { lots?: boolean; holds?: boolean } = {},
): Promise<{
  fresh: number[];
  replays: Map<number, { journalId: string; result: unknown }>;
  dupOf: Map<number, number>;
  ids: { journals: string[]; lots: string[]; holds: string[] };
}> {
  const firstByKey = new Map<string, number>();
  const dupOf = new Map<number, number>();
  items.forEach((item, i) => {
    const first = firstByKey.get(item.key);
    if (first === undefined) firstByKey.set(item.key, i);
    else if (!items[first]!.hash.equals(item.hash)) throw mismatch(item.key);
    else dupOf.set(i, first);
  });
  const keys = [...firstByKey.keys()];
  const n = keys.length;
  const row = await tx.one<{
    found: { id: string; key: string; hash: string; result: unknown }[];
    j: string[];
    l: string[];
    h: string[];
  }>(
    `SELECT (SELECT coalesce(json_agg(json_build_object('id', id::text, 'key', idempotency_key, 'hash', encode(request_hash, 'hex'), 'result', result)), '[]')
             FROM ledger_journals WHERE idempotency_key = ANY ($1::text[])) AS found,
            ARRAY(SELECT nextval('ledger_journals_id_seq')::text FROM generate_series(1, $2)) AS j,
            ARRAY(SELECT nextval('ledger_lots_id_seq')::text FROM generate_series(1, $3)) AS l,
            ARRAY(SELECT nextval('ledger_holds_id_seq')::text FROM generate_series(1, $4)) AS h`,
    [keys, n, reserve.lots ? n : 0, reserve.holds ? n : 0],
  );
  const replays = new Map<number, { journalId: string; result: unknown }>();
  for (const f of row.found) {
    const i = firstByKey.get(f.key)!;
    if (items[i]!.hash.toString('hex') !== f.hash) throw mismatch(f.key);
    replays.set(i, { journalId: f.id, result: f.result });
  }
  const fresh = [...firstByKey.values()].filter((i) => !replays.has(i)).sort((a, b) => a - b);
  return { fresh, replays, dupOf, ids: { journals: row.j, lots: row.l, holds: row.h } };
}

/** Answers for the whole batch in its order: fresh results, stored replays, duplicates as their first. */
export function assemble<R>(
  n: number,
  fresh: Map<number, R>,
  replays: Map<number, { result: unknown }>,
  dupOf: Map<number, number>,
): (R & { replayed: boolean })[] {
  const out: (R & { replayed: boolean })[] = [];
  for (let i = 0; i < n; i++) {
    const first = dupOf.get(i) ?? i;
    const f = fresh.get(first);
    if (f !== undefined) out.push({ ...f, replayed: dupOf.has(i) });
    else out.push({ ...(replays.get(first)!.result as R), replayed: true });
  }
  return out;
}
