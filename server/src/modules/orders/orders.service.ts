import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { getOrCreateByIdentity, type Pii } from '../members/members.service.ts';
import { checkRefs, loadRefs, poolOf, type Refs } from './order-refs.ts';
import {
  emitOrderEvents,
  findExisting,
  insertLines,
  insertOrders,
  insertRevisions,
  type LineRow,
  lineColumns,
  lockOrderKeys,
  type Member,
  type OrderRow,
  orderColumns,
  orderEvent,
  type Placed,
  textArray,
} from './orders.repo.ts';
import {
  type NormalizedOrder,
  normalizeOrder,
  type OrderInput,
  orderKey,
  RecordInvalid,
} from './orders.schema.ts';
import { applyHeldRefunds, statusAfter } from './refunds.service.ts';

export type Outcome = 'created' | 'unchanged' | 'revised';

export interface IngestResult {
  orderId: string;
  outcome: Outcome;
}

/**
 * Ingests one order, idempotent on (channel, external id): a payload seen before (now or in an
 * earlier revision) changes nothing; a new payload for a known order is a revision; a new order
 * is created with its member resolved, order.paid written and any refund held for it applied.
 */
export async function ingestOrder(tx: Tx, ctx: Ctx, pii: Pii, input: OrderInput): Promise<IngestResult> {
  const o = normalizeOrder(input, pii.hmacKey);
  const refs = await loadRefs(tx, [o]);
  const errors = checkRefs(o, refs);
  if (errors.length > 0) throw new RecordInvalid(errors);
  return ingestNormalized(tx, ctx, pii, o, refs);
}

/** The single path for an order already validated against refs (the batch falls back to it). */
export async function ingestNormalized(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  o: NormalizedOrder,
  refs: Refs,
): Promise<IngestResult> {
  const existing = (await findExisting(tx, [o])).get(orderKey(o.channel, o.externalId));
  if (existing?.hash.equals(o.hash)) return { orderId: existing.id, outcome: 'unchanged' };
  if (existing) return reviseOrder(tx, ctx, pii, o, refs);
  await lockOrderKeys(tx, ctx, [o]);
  const member = await resolveMember(tx, ctx, pii, o, refs);
  const placed: Placed = { o, member, products: refs.products };
  const id = (await insertOrders(tx, ctx, [placed])).get(orderKey(o.channel, o.externalId));
  // Another transaction created it a moment ago: from here on it is a replay or a revision.
  if (!id) return reviseOrder(tx, ctx, pii, o, refs);
  await afterInsert(tx, ctx, [{ id, placed }]);
  return { orderId: id, outcome: 'created' };
}

async function resolveMember(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  o: NormalizedOrder,
  refs: Refs,
): Promise<Member | null> {
  if (!o.memberInput) return null;
  const r = await getOrCreateByIdentity(tx, ctx, pii, {
    identity: o.memberInput,
    pool: poolOf(o, refs),
    join: { at: o.paidAt, channel: o.channel, storeId: o.storeId, guideId: o.guideId },
    source: o.channel,
  });
  return { memberId: r.memberId, identityId: r.identityId || null };
}

/** Lines, first revision, order.paid (paid orders only) and held refunds of orders just inserted. */
export async function afterInsert(tx: Tx, ctx: Ctx, items: { id: string; placed: Placed }[]): Promise<void> {
  await insertLines(
    tx,
    ctx,
    items.map((x) => ({ orderId: x.id, placed: x.placed })),
  );
  await insertRevisions(
    tx,
    ctx,
    items.map((x) => ({ orderId: x.id, revision: 1, o: x.placed.o })),
  );
  await emitOrderEvents(
    tx,
    ctx,
    'order.paid',
    items
      .filter((x) => x.placed.o.status === 'paid')
      .map((x) => ({ orderId: x.id, payload: orderEvent(x.id, x.placed.o, x.placed.member) })),
  );
  await applyHeldRefunds(
    tx,
    ctx,
    items.map((x) => ({ id: x.id, channel: x.placed.o.channel, externalId: x.placed.o.externalId })),
  );
}

/**
 * A changed payload for a known order: the order and its lines take the new values, the payload
 * is kept as the next revision, order.revised is written. Refunds already made stay: a revision
 * may not take a line below what was refunded on it, nor the order below its refunded total.
 */
async function reviseOrder(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  o: NormalizedOrder,
  refs: Refs,
): Promise<IngestResult> {
  const row = await tx.one<OrderRow>(
    `SELECT ${orderColumns} FROM orders WHERE channel = $1 AND external_id = $2 FOR UPDATE`,
    [o.channel, o.externalId],
  );
  if (row.payload_hash.equals(o.hash)) return { orderId: row.id, outcome: 'unchanged' };
  const seen = await tx.maybeOne('SELECT 1 FROM order_revisions WHERE order_id = $1 AND payload_hash = $2', [
    row.id,
    o.hash,
  ]);
  if (seen) return { orderId: row.id, outcome: 'unchanged' };

  const old = await tx.many<LineRow>(`SELECT ${lineColumns} FROM order_lines WHERE order_id = $1`, [row.id]);
  const carry = new Map<string, { qty: number; cents: number }>();
  const errors: { field: string; message: string }[] = [];
  for (const line of old) {
    if (line.refunded_qty === 0 && Number(line.refunded_cents) === 0) continue;
    const i = o.lines.findIndex((l) => l.sku === line.sku);
    const next = o.lines[i];
    if (!next || next.qty < line.refunded_qty || next.paidCents < Number(line.refunded_cents)) {
      errors.push({
        field: next ? `lines.${i}` : 'lines',
        message: `${line.sku} has ${line.refunded_qty} unit(s), ${line.refunded_cents} cents refunded: a revision cannot go below that`,
      });
      continue;
    }
    carry.set(line.sku, { qty: line.refunded_qty, cents: Number(line.refunded_cents) });
  }
  const refunded = Number(row.refunded_cents);
  if (o.paidCents < refunded) {
    errors.push({
      field: 'lines',
      message: `${refunded} cents were refunded already: the order cannot be paid less`,
    });
  }
  if (errors.length > 0) throw new RecordInvalid(errors);

  const member = await resolveMember(tx, ctx, pii, o, refs);
  const origin = member?.identityId === row.identity_id ? row.origin_member_id : (member?.memberId ?? null);
  const revision = row.revision + 1;
  const status =
    o.status === 'cancelled'
      ? 'cancelled'
      : statusAfter({ ...row, status: 'paid', paid_cents: String(o.paidCents) }, refunded);
  await tx.exec(
    `UPDATE orders SET store_id = $2, guide_id = $3, member_id = $4, identity_id = $5, origin_member_id = $6, status = $7,
       total_cents = $8, discount_cents = $9, paid_cents = $10, units = $11, coupon_codes = $12::text[], paid_at = $13,
       revision = $14, payload_hash = $15, updated_at = now()
     WHERE id = $1`,
    [
      row.id,
      o.storeId,
      o.guideId,
      member?.memberId ?? null,
      member?.identityId ?? null,
      origin,
      status,
      o.totalCents,
      o.discountCents,
      o.paidCents,
      o.units,
      textArray(o.couponCodes),
      o.paidAt,
      revision,
      o.hash,
    ],
  );
  await tx.exec('DELETE FROM order_lines WHERE order_id = $1', [row.id]);
  await insertLines(tx, ctx, [{ orderId: row.id, placed: { o, member, products: refs.products }, carry }]);
  await insertRevisions(tx, ctx, [{ orderId: row.id, revision, o }]);
  await emitOrderEvents(tx, ctx, 'order.revised', [
    {
      orderId: row.id,
      payload: orderEvent(row.id, o, member, { status, revision, previousStatus: row.status }),
    },
  ]);
  return { orderId: row.id, outcome: 'revised' };
}
