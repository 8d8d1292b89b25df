import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { emitMany } from '../events/outbox.ts';
import { type NormalizedOrder, orderKey } from './orders.schema.ts';

export interface OrderRow extends Record<string, unknown> {
  id: string;
  channel: string;
  external_id: string;
  store_id: string | null;
  guide_id: string | null;
  member_id: string | null;
  identity_id: string | null;
  origin_member_id: string | null;
  status: 'paid' | 'partially_refunded' | 'refunded' | 'cancelled';
  total_cents: string;
  discount_cents: string;
  paid_cents: string;
  refunded_cents: string;
  units: number;
  coupon_codes: string[];
  paid_at: Date;
  revision: number;
  payload_hash: Buffer;
  created_at: Date;
  updated_at: Date;
}

export interface LineRow extends Record<string, unknown> {
  order_id: string;
  line_no: number;
  sku: string;
  product_id: string | null;
  qty: number;
  unit_price_cents: string;
  paid_cents: string;
  refunded_qty: number;
  refunded_cents: string;
}

const orderFields = ['id', 'channel', 'external_id', 'store_id', 'guide_id', 'member_id', 'identity_id'];
orderFields.push(
  'origin_member_id',
  'status',
  'total_cents',
  'discount_cents',
  'paid_cents',
  'refunded_cents',
  'units',
);
orderFields.push('coupon_codes', 'paid_at', 'revision', 'payload_hash', 'created_at', 'updated_at');
export const orderColumnsOf = (alias = '') => orderFields.map((c) => `${alias}${c}`).join(', ');
export const orderColumns = orderColumnsOf();

export const lineColumns =
  'order_id, line_no, sku, product_id, qty, unit_price_cents, paid_cents, refunded_qty, refunded_cents';

/** A PostgreSQL array literal, for a ragged text[] column passed through unnest as text. */
export const textArray = (values: string[]) =>
  `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

export interface Member {
  memberId: string;
  identityId: string | null;
}

/** An order ready to be written: validated, its member resolved, its products known. */
export interface Placed {
  o: NormalizedOrder;
  member: Member | null;
  products: Map<string, string>;
}

/** The existing orders among these keys, with what tells a replay from a revision. */
export async function findExisting(
  tx: Tx,
  keys: { channel: string; externalId: string }[],
  lock = false,
): Promise<Map<string, { id: string; hash: Buffer }>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.many<{ id: string; channel: string; external_id: string; payload_hash: Buffer }>(
    `SELECT o.id, o.channel, o.external_id, o.payload_hash
     FROM unnest($1::text[], $2::text[]) AS k(channel, external_id)
     JOIN orders o ON o.channel = k.channel AND o.external_id = k.external_id${lock ? ' FOR UPDATE OF o' : ''}`,
    [keys.map((k) => k.channel), keys.map((k) => k.externalId)],
  );
  return new Map(rows.map((r) => [orderKey(r.channel, r.external_id), { id: r.id, hash: r.payload_hash }]));
}

/**
 * Inserts new orders, skipping any whose (channel, external id) exists by now (another
 * transaction won): returns key → id for those inserted. Callers sort by key so concurrent
 * batches take the unique-index locks in the same order.
 */
export async function insertOrders(tx: Tx, ctx: Ctx, items: Placed[]): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const rows = await tx.many<{ id: string; channel: string; external_id: string }>(
    `INSERT INTO orders (tenant_id, channel, external_id, store_id, guide_id, member_id, identity_id, origin_member_id,
       status, total_cents, discount_cents, paid_cents, units, coupon_codes, paid_at, payload_hash)
     SELECT $1, c, e, s, g, m, i, m, st, t, d, p, u, cc, pa, decode(h, 'hex')
     FROM json_to_recordset($2::json) AS x(c text, e text, s bigint, g bigint, m bigint, i bigint, st text, t bigint,
       d bigint, p bigint, u int, cc text[], pa timestamptz, h text)
     ON CONFLICT (tenant_id, channel, external_id) DO NOTHING
     RETURNING id, channel, external_id`,
    [
      ctx.tenantId,
      JSON.stringify(
        items.map(({ o, member }) => ({
          c: o.channel,
          e: o.externalId,
          s: o.storeId,
          g: o.guideId,
          m: member?.memberId ?? null,
          i: member?.identityId ?? null,
          st: o.status,
          t: o.totalCents,
          d: o.discountCents,
          p: o.paidCents,
          u: o.units,
          cc: o.couponCodes,
          pa: o.paidAt,
          h: o.hash.toString('hex'),
        })),
      ),
    ],
  );
  return new Map(rows.map((r) => [orderKey(r.channel, r.external_id), r.id]));
}

/** Lines of many orders in one statement; `carry` restores refunds already made on a revised order. */
export async function insertLines(
  tx: Tx,
  ctx: Ctx,
  items: { orderId: string; placed: Placed; carry?: Map<string, { qty: number; cents: number }> }[],
): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (const { orderId, placed, carry } of items) {
    placed.o.lines.forEach((l, i) => {
      const c = carry?.get(l.sku);
      rows.push({
        o: orderId,
        n: i + 1,
        s: l.sku,
        p: placed.products.get(l.sku) ?? null,
        q: l.qty,
        u: l.unitPriceCents,
        pc: l.paidCents,
        rq: c?.qty ?? 0,
        rc: c?.cents ?? 0,
      });
    });
  }
  if (rows.length === 0) return;
  await tx.exec(
    `INSERT INTO order_lines (tenant_id, ${lineColumns})
     SELECT $1, o, n, s, p, q, u, pc, rq, rc
     FROM json_to_recordset($2::json) AS x(o bigint, n int, s text, p bigint, q int, u bigint, pc bigint, rq int, rc bigint)`,
    [ctx.tenantId, JSON.stringify(rows)],
  );
}

export async function insertRevisions(
  tx: Tx,
  ctx: Ctx,
  items: { orderId: string; revision: number; o: NormalizedOrder }[],
): Promise<void> {
  if (items.length === 0) return;
  await tx.exec(
    `INSERT INTO order_revisions (tenant_id, order_id, revision, payload_hash, payload)
     SELECT $1, o, r, decode(h, 'hex'), p FROM json_to_recordset($2::json) AS x(o bigint, r int, h text, p json)`,
    [
      ctx.tenantId,
      JSON.stringify(
        items.map((x) => ({ o: x.orderId, r: x.revision, h: x.o.hash.toString('hex'), p: x.o.payload })),
      ),
    ],
  );
}

/** The event payload of order.paid / order.revised. */
export function orderEvent(
  orderId: string,
  o: NormalizedOrder,
  member: Member | null,
  extra: Record<string, unknown> = {},
) {
  return {
    orderId: `ord_${orderId}`,
    channel: o.channel,
    externalId: o.externalId,
    memberId: member ? `mem_${member.memberId}` : null,
    storeId: o.storeId ? `sto_${o.storeId}` : null,
    guideId: o.guideId ? `stf_${o.guideId}` : null,
    status: o.status,
    paidAt: o.paidAt.toISOString(),
    totalCents: o.totalCents,
    discountCents: o.discountCents,
    paidCents: o.paidCents,
    units: o.units,
    couponCodes: o.couponCodes,
    lines: o.lines.map((l) => ({ sku: l.sku, qty: l.qty, paidCents: l.paidCents })),
    ...extra,
  };
}

/** Order events of one type, many in one statement (the outbox, in the caller's transaction). */
export function emitOrderEvents(
  tx: Tx,
  ctx: Ctx,
  type: 'order.paid' | 'order.revised' | 'order.refunded',
  events: { orderId: string; payload: Record<string, unknown> }[],
): Promise<void> {
  return emitMany(
    tx,
    ctx,
    events.map((e) => ({
      type,
      aggregateType: 'order',
      aggregateId: `ord_${e.orderId}`,
      payload: e.payload,
    })),
  );
}

/**
 * Orders and held refunds meet under a lock on a hash bucket of (tenant, channel, external id):
 * an order takes it shared before looking for held refunds, a refund that finds no order takes
 * it exclusively before holding itself. So a refund is never held for an order that has just
 * committed, and an order never misses a refund held a moment before. Buckets keep the number of
 * locks a 10,000-order batch takes small.
 */
export const lockBuckets = 128;
const lockSpace = 7_391_007;

export function bucketOf(tenantId: string, channel: string, externalId: string): number {
  let h = 0;
  for (const ch of `${tenantId}|${channel}|${externalId}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return (h >>> 0) % lockBuckets;
}

export async function lockOrderKeys(
  tx: Tx,
  ctx: Ctx,
  keys: { channel: string; externalId: string }[],
  exclusive = false,
) {
  const buckets = [...new Set(keys.map((k) => bucketOf(ctx.tenantId, k.channel, k.externalId)))].sort(
    (a, b) => a - b,
  );
  if (buckets.length === 0) return;
  const fn = exclusive ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  await tx.exec(`SELECT ${fn}(${lockSpace}, b) FROM unnest($1::int[]) AS b ORDER BY b`, [buckets]);
}
