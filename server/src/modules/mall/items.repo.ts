import type { Tx } from '../../db/database.ts';
import { notFound } from '../../shared/errors.ts';
import type { ItemKind, ItemStatus } from './mall.schema.ts';

export interface ItemRow extends Record<string, unknown> {
  id: string;
  name: string;
  description: string | null;
  kind: ItemKind;
  points: string;
  cash_cents: string;
  postage_cents: string;
  coupon_template_id: string | null;
  redemption_instructions: string | null;
  stock_left: number | null;
  exchanged: number;
  per_member_limit: number | null;
  min_tier_rank: number | null;
  tier_ids: string[];
  starts_at: Date | null;
  ends_at: Date | null;
  images: string[];
  sort_order: number;
  status: ItemStatus;
  revision: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export const itemColumns = `id, name, description, kind, points, cash_cents, postage_cents, coupon_template_id,
  redemption_instructions, stock_left, exchanged, per_member_limit, min_tier_rank, tier_ids::text[] AS tier_ids,
  starts_at, ends_at, images, sort_order, status, revision, created_by, created_at, updated_at`;

export async function loadItem(tx: Tx, id: string, lock = false): Promise<ItemRow> {
  const row = await tx.maybeOne<ItemRow>(
    `SELECT ${itemColumns} FROM mall_items WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`,
    [id],
  );
  if (!row) throw notFound('Mall item');
  return row;
}

export interface ItemFilter {
  status?: ItemStatus | undefined;
  kind?: ItemKind | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** The shelf order: sort_order, then newest first. */
export async function listItems(tx: Tx, f: ItemFilter): Promise<{ items: ItemRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.status) {
    params.push(f.status);
    where.push(`status = $${params.length}`);
  }
  if (f.kind) {
    params.push(f.kind);
    where.push(`kind = $${params.length}`);
  }
  if (f.q) {
    params.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`name ILIKE $${params.length}`);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await tx.many<ItemRow & { total: string }>(
    `SELECT ${itemColumns}, count(*) OVER () AS total FROM mall_items ${cond}
     ORDER BY sort_order, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  const total = rows[0]
    ? Number(rows[0].total)
    : f.offset > 0
      ? Number((await tx.one<{ n: string }>(`SELECT count(*) AS n FROM mall_items ${cond}`, params)).n)
      : 0;
  return { items: rows, total };
}
