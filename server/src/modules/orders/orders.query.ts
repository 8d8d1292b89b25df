import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { type LineRow, lineColumns, type OrderRow, orderColumns, orderColumnsOf } from './orders.repo.ts';
import { type RefundRow, refundColumns, refundColumnsOf } from './refunds.service.ts';

/** Data scope on orders: store staff (and guides) see their store's orders, region staff their region's. */
export function orderScope(ctx: Ctx, params: unknown[], alias = 'o'): string {
  const { scope, regionId, storeId } = ctx.actor;
  if (scope === 'all') return 'true';
  if (scope === 'region') {
    params.push(regionId);
    return `${alias}.store_id IN (SELECT id FROM stores WHERE region_id = $${params.length})`;
  }
  params.push(storeId);
  return `${alias}.store_id = $${params.length}`;
}

export interface OrderFilter {
  memberId?: string | undefined;
  storeId?: string | undefined;
  channel?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

const totalCap = 10_000;

/** Newest first; the total is counted up to 10,000 so a list over millions of orders stays fast. */
export async function listOrders(tx: Tx, ctx: Ctx, f: OrderFilter) {
  const params: unknown[] = [];
  const where = [orderScope(ctx, params)];
  const eq = (column: string, value: string | undefined, op = '=') => {
    if (value === undefined) return;
    params.push(value);
    where.push(`o.${column} ${op} $${params.length}`);
  };
  eq('member_id', f.memberId);
  eq('store_id', f.storeId);
  eq('channel', f.channel);
  eq('paid_at', f.from, '>=');
  eq('paid_at', f.to, '<');
  const clause = where.join(' AND ');
  const items = await tx.many<OrderRow>(
    `SELECT ${orderColumnsOf('o.')} FROM orders o WHERE ${clause}
     ORDER BY o.paid_at DESC, o.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  const counted = await tx.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM orders o WHERE ${clause} LIMIT ${totalCap + 1}) c`,
    params,
  );
  return { items, total: Math.min(counted.n, totalCap), totalIsCapped: counted.n > totalCap };
}

export interface OrderDetail {
  order: OrderRow;
  lines: LineRow[];
  revisions: { revision: number; payload: Record<string, unknown>; received_at: Date }[];
  refunds: RefundRow[];
}

export async function getOrder(tx: Tx, ctx: Ctx, id: string): Promise<OrderDetail> {
  const params: unknown[] = [id];
  const order = await tx.maybeOne<OrderRow>(
    `SELECT ${orderColumnsOf('o.')} FROM orders o WHERE o.id = $1 AND ${orderScope(ctx, params)}`,
    params,
  );
  if (!order) throw notFound('Order');
  const lines = await tx.many<LineRow>(
    `SELECT ${lineColumns} FROM order_lines WHERE order_id = $1 ORDER BY line_no`,
    [id],
  );
  const revisions = await tx.many<OrderDetail['revisions'][number]>(
    'SELECT revision, payload, received_at FROM order_revisions WHERE order_id = $1 ORDER BY revision',
    [id],
  );
  const refunds = await tx.many<RefundRow>(
    `SELECT ${refundColumns} FROM refunds WHERE order_id = $1 ORDER BY id`,
    [id],
  );
  return { order, lines, revisions, refunds };
}

export type TimelineEntry =
  | { type: 'order'; at: Date; order: OrderRow }
  | { type: 'refund'; at: Date; refund: RefundRow; orderId: string };

/**
 * A member's orders and refunds, newest first: the customer-360 timeline. The caller has
 * checked the member is visible; the orders shown are the member's whatever store they were in.
 */
export async function memberTimeline(
  tx: Tx,
  memberId: string,
  limit: number,
  offset: number,
): Promise<TimelineEntry[]> {
  const orders = await tx.many<OrderRow>(
    `SELECT ${orderColumns} FROM orders WHERE member_id = $1 ORDER BY paid_at DESC, id DESC LIMIT $2`,
    [memberId, limit + offset],
  );
  const refunds = orders.length
    ? await tx.many<RefundRow>(
        `SELECT ${refundColumns} FROM refunds WHERE order_id = ANY ($1::bigint[]) AND status = 'applied'`,
        [orders.map((o) => o.id)],
      )
    : [];
  const entries: TimelineEntry[] = [
    ...orders.map((order) => ({ type: 'order' as const, at: order.paid_at, order })),
    ...refunds.map((refund) => ({
      type: 'refund' as const,
      at: refund.refunded_at,
      refund,
      orderId: refund.order_id!,
    })),
  ];
  entries.sort((a, b) => b.at.getTime() - a.at.getTime());
  return entries.slice(offset, offset + limit);
}

/** A refund, if its order is in the caller's scope; held refunds (no order yet) are seen by all-scope staff only. */
export async function getRefund(tx: Tx, ctx: Ctx, id: string): Promise<RefundRow> {
  const params: unknown[] = [id];
  const visible = ctx.actor.scope === 'all' ? 'true' : `o.id IS NOT NULL AND ${orderScope(ctx, params)}`;
  const row = await tx.maybeOne<RefundRow>(
    `SELECT ${refundColumnsOf('r.')} FROM refunds r LEFT JOIN orders o ON o.id = r.order_id WHERE r.id = $1 AND ${visible}`,
    params,
  );
  if (!row) throw notFound('Refund');
  return row;
}
