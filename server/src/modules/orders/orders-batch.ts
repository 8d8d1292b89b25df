import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, type FieldError } from '../../shared/errors.ts';
import type { Pii } from '../members/members.service.ts';
import { identityKey, type ResolveItem, resolveMany } from '../members/resolve-many.ts';
import { checkRefs, loadRefs, poolOf, type Refs } from './order-refs.ts';
import { findExisting, insertOrders, lockOrderKeys, type Placed } from './orders.repo.ts';
import {
  type NormalizedOrder,
  normalizeOrder,
  orderInput,
  orderKey,
  RecordInvalid,
  zodErrors,
} from './orders.schema.ts';
import { afterInsert, ingestNormalized, type Outcome } from './orders.service.ts';

/** One record of a batch; `ref` is how the caller names it in errors (an NDJSON line, a CSV order). */
export interface BatchRecord {
  ref: number;
  input: unknown;
}

export interface RecordError extends FieldError {
  ref: number;
  externalId?: string | undefined;
}

export interface BatchResult {
  created: number;
  unchanged: number;
  revised: number;
  failed: number;
  errors: RecordError[];
}

export const maxBatch = 10_000;
/**
 * New orders are written in one bulk step per 10,000: members are resolved once for the step,
 * identities in sorted order, so concurrent batches creating the same new members wait for each
 * other instead of deadlocking (two steps in one transaction would break that order).
 */
const chunkSize = 10_000;

interface Valid {
  ref: number;
  o: NormalizedOrder;
}

/**
 * Validates a batch without writing: the JSON shape, amounts and phones in JS, then stores,
 * guides and SKUs with one query each. Used by ingestBatch and by import previews.
 */
export async function validateBatch(tx: Tx, hmacKey: Buffer, records: BatchRecord[]) {
  const errors: RecordError[] = [];
  const normalized: Valid[] = [];
  for (const r of records) {
    const parsed = orderInput.safeParse(r.input);
    const externalId =
      typeof (r.input as { externalId?: unknown })?.externalId === 'string'
        ? (r.input as { externalId: string }).externalId
        : undefined;
    if (!parsed.success) {
      for (const e of zodErrors(parsed.error)) errors.push({ ref: r.ref, externalId, ...e });
      continue;
    }
    try {
      normalized.push({ ref: r.ref, o: normalizeOrder(parsed.data, hmacKey) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      for (const fe of e.errors ?? [{ field: 'body', message: e.message }])
        errors.push({ ref: r.ref, externalId, ...fe });
    }
  }
  const refs = await loadRefs(
    tx,
    normalized.map((v) => v.o),
  );
  const valid: Valid[] = [];
  for (const v of normalized) {
    const refErrors = checkRefs(v.o, refs);
    if (refErrors.length === 0) valid.push(v);
    else for (const fe of refErrors) errors.push({ ref: v.ref, externalId: v.o.externalId, ...fe });
  }
  return { valid, errors, refs };
}

/**
 * Ingests up to 10,000 orders in the caller's transaction, with the same outcomes as one by one:
 * good records land, each bad one is reported by its ref with the reason, and nothing is
 * half-written. New orders are written in bulk (members resolved with resolveMany, then one
 * multi-row statement per table); if a bulk write fails, that chunk is redone record by record
 * under savepoints so only the bad record is lost. Known orders go the single path (replay or revision).
 */
export async function ingestBatch(tx: Tx, ctx: Ctx, pii: Pii, records: BatchRecord[]): Promise<BatchResult> {
  const { valid, errors, refs } = await validateBatch(tx, pii.hmacKey, records);
  const result: BatchResult = { created: 0, unchanged: 0, revised: 0, failed: 0, errors };
  const count = (outcome: Outcome) => result[outcome]++;

  // The first record of each order goes in bulk; later ones with another payload follow it, in order.
  const first = new Map<string, Valid>();
  const later: Valid[] = [];
  for (const v of valid) {
    const key = orderKey(v.o.channel, v.o.externalId);
    const seen = first.get(key);
    if (!seen) first.set(key, v);
    else if (seen.o.hash.equals(v.o.hash)) count('unchanged');
    else later.push(v);
  }
  const existing = await findExisting(
    tx,
    [...first.values()].map((v) => v.o),
  );
  const fresh: Valid[] = [];
  const known: Valid[] = [];
  for (const [key, v] of first) {
    const e = existing.get(key);
    if (!e) fresh.push(v);
    else if (e.hash.equals(v.o.hash)) count('unchanged');
    else known.push(v);
  }
  // Sorted, so concurrent batches lock order keys and identities in the same order.
  fresh.sort((a, b) => cmp(orderKey(a.o.channel, a.o.externalId), orderKey(b.o.channel, b.o.externalId)));
  for (let i = 0; i < fresh.length; i += chunkSize) {
    const chunk = fresh.slice(i, i + chunkSize);
    await tx.exec('SAVEPOINT orders_bulk');
    try {
      const lost = await createMany(tx, ctx, pii, chunk, refs);
      await tx.exec('RELEASE SAVEPOINT orders_bulk');
      result.created += chunk.length - lost.length;
      known.push(...lost);
    } catch (error) {
      if (!isDataError(error)) throw error;
      await tx.exec('ROLLBACK TO SAVEPOINT orders_bulk');
      known.push(...chunk);
    }
  }
  for (const v of [...known, ...later]) {
    await tx.exec('SAVEPOINT orders_one');
    try {
      count((await ingestNormalized(tx, ctx, pii, v.o, refs)).outcome);
      await tx.exec('RELEASE SAVEPOINT orders_one');
    } catch (error) {
      if (!(error instanceof AppError) && !isDataError(error)) throw error;
      await tx.exec('ROLLBACK TO SAVEPOINT orders_one');
      for (const fe of recordErrors(error)) errors.push({ ref: v.ref, externalId: v.o.externalId, ...fe });
    }
  }
  result.failed = new Set(errors.map((e) => e.ref)).size;
  errors.sort((a, b) => a.ref - b.ref);
  return result;
}

/** Writes new orders in bulk; returns those another transaction created meanwhile. */
async function createMany(tx: Tx, ctx: Ctx, pii: Pii, chunk: Valid[], refs: Refs): Promise<Valid[]> {
  await lockOrderKeys(
    tx,
    ctx,
    chunk.map((v) => v.o),
  );
  const items: ResolveItem[] = [];
  for (const { o } of chunk) {
    if (!o.identity) continue;
    items.push({
      identity: o.identity,
      pool: poolOf(o, refs),
      join: { at: o.paidAt, channel: o.channel, storeId: o.storeId, guideId: o.guideId },
      source: o.channel,
    });
  }
  items.sort((a, b) => cmp(identityKey(a.pool, a.identity), identityKey(b.pool, b.identity)));
  const members = items.length > 0 ? await resolveMany(tx, ctx, pii, items) : new Map();
  const placed: Placed[] = chunk.map(({ o }) => {
    const m = o.identity ? members.get(identityKey(poolOf(o, refs), o.identity)) : undefined;
    return {
      o,
      member: m ? { memberId: m.memberId, identityId: m.identityId } : null,
      products: refs.products,
    };
  });
  const ids = await insertOrders(tx, ctx, placed);
  const inserted: { id: string; placed: Placed }[] = [];
  const lost: Valid[] = [];
  placed.forEach((p, i) => {
    const id = ids.get(orderKey(p.o.channel, p.o.externalId));
    if (id) inserted.push({ id, placed: p });
    else lost.push(chunk[i]!);
  });
  await afterInsert(tx, ctx, inserted);
  return lost;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A PostgreSQL error about the data (class 22 data exception, 23 integrity violation), not the connection. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

function recordErrors(error: unknown): FieldError[] {
  if (error instanceof RecordInvalid || error instanceof AppError) {
    return error.errors ?? [{ field: 'body', message: error.message }];
  }
  const e = error as { constraint?: string; message: string };
  return [{ field: 'body', message: `could not be written: ${e.constraint ?? e.message}` }];
}
