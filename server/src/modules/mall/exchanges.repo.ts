import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { memberScope } from '../members/members.query.ts';
import type { AddressPreview } from './address.ts';
import type { ExchangeStatus, ItemKind, PaymentStatus } from './mall.schema.ts';

export interface ExchangeRow extends Record<string, unknown> {
  id: string;
  item_id: string;
  member_id: string;
  origin_member_id: string;
  kind: ItemKind;
  item_name: string;
  qty: number;
  points: string;
  cash_cents: string;
  postage_cents: string;
  payment_status: PaymentStatus;
  paid_at: Date | null;
  payment_ref: string | null;
  status: ExchangeStatus;
  hold_id: string;
  coupon_ids: string[];
  redemption_instructions: string | null;
  address_enc: string | null;
  address_preview: AddressPreview | null;
  carrier: string | null;
  tracking_no: string | null;
  placed_at: Date;
  shipped_at: Date | null;
  delivered_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  placed_by: string;
  updated_at: Date;
}

export const exchangeColumns = `id, item_id, member_id, origin_member_id, kind, item_name, qty, points, cash_cents,
  postage_cents, payment_status, paid_at, payment_ref, status, hold_id, coupon_ids::text[] AS coupon_ids,
  redemption_instructions, address_enc, address_preview, carrier, tracking_no, placed_at, shipped_at, delivered_at,
  cancelled_at, cancel_reason, placed_by, updated_at`;

const qualified = exchangeColumns.replace(/(^|,\s*)(\w+)/g, '$1e.$2');

/** SQL condition: the exchange's member is one the actor may see (a store manager: their store's). */
function visible(ctx: Ctx, params: unknown[]): string {
  if (ctx.actor.scope === 'all') return 'true';
  return `e.member_id IN (SELECT m.id FROM members m WHERE ${memberScope(ctx, params, 'm')})`;
}

/** An exchange the actor may see; `lock` takes it FOR UPDATE for a change of status. */
export async function loadExchange(tx: Tx, ctx: Ctx, id: string, lock = false): Promise<ExchangeRow> {
  const params: unknown[] = [id];
  const row = await tx.maybeOne<ExchangeRow>(
    `SELECT ${qualified} FROM mall_exchanges e WHERE e.id = $1 AND ${visible(ctx, params)}${lock ? ' FOR UPDATE OF e' : ''}`,
    params,
  );
  if (!row) throw notFound('Exchange');
  return row;
}

/** An exchange by id, whoever asks (the service's own reads after a write). */
export async function exchangeById(tx: Tx, id: string): Promise<ExchangeRow> {
  const row = await tx.maybeOne<ExchangeRow>(`SELECT ${exchangeColumns} FROM mall_exchanges WHERE id = $1`, [
    id,
  ]);
  if (!row) throw notFound('Exchange');
  return row;
}

/** Several exchanges the actor may see, locked in id order (bulk shipping). */
export async function lockExchanges(tx: Tx, ctx: Ctx, ids: string[]): Promise<Map<string, ExchangeRow>> {
  if (ids.length === 0) return new Map();
  const params: unknown[] = [ids];
  const rows = await tx.many<ExchangeRow>(
    `SELECT ${qualified} FROM mall_exchanges e WHERE e.id = ANY ($1::bigint[]) AND ${visible(ctx, params)}
     ORDER BY e.id FOR UPDATE OF e`,
    params,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

export interface ExchangeFilter {
  status?: ExchangeStatus | undefined;
  paymentStatus?: PaymentStatus | undefined;
  memberId?: string | undefined;
  itemId?: string | undefined;
  kind?: ItemKind | undefined;
  trackingNo?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

const totalCap = 10_000;

/** Newest first. The total is counted up to 10,000 so a long history stays fast. */
export async function listExchanges(
  tx: Tx,
  ctx: Ctx,
  f: ExchangeFilter,
): Promise<{ items: ExchangeRow[]; total: number }> {
  const params: unknown[] = [];
  const where = [visible(ctx, params)];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.status) add('e.status = ?', f.status);
  if (f.paymentStatus) add('e.payment_status = ?', f.paymentStatus);
  if (f.memberId) add('e.member_id = ?', f.memberId);
  if (f.itemId) add('e.item_id = ?', f.itemId);
  if (f.kind) add('e.kind = ?', f.kind);
  if (f.trackingNo) add('e.tracking_no = ?', f.trackingNo);
  if (f.from) add('e.placed_at >= ?', f.from);
  if (f.to) add('e.placed_at < ?', f.to);
  const cond = where.join(' AND ');
  const items = await tx.many<ExchangeRow>(
    `SELECT ${qualified} FROM mall_exchanges e WHERE ${cond}
     ORDER BY e.placed_at DESC, e.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  const counted = await tx.one<{ n: string }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM mall_exchanges e WHERE ${cond} LIMIT ${totalCap}) x`,
    params,
  );
  return { items, total: Number(counted.n) };
}
