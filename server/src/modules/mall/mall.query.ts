import type { Tx } from '../../db/database.ts';
import { notFound } from '../../shared/errors.ts';
import { tierAllows } from './exchanges.place.ts';
import { type ExchangeRow, exchangeColumns } from './exchanges.repo.ts';
import { type ItemRow, itemColumns } from './items.repo.ts';
import { type ExchangeView, exchangeView, type ItemView, itemView } from './mall.view.ts';
import { memberForMall } from './member-lookup.ts';

export interface ShelfItem extends ItemView {
  /** Whether this member's tier may exchange it. */
  eligible: boolean;
  /** Units this member may still exchange (null: no limit). */
  leftForMember: number | null;
  soldOut: boolean;
}

/**
 * The shelf as a member sees it (the member H5): active items inside their window, in sort order,
 * each with whether the member's tier qualifies, how many they may still take, and stock.
 */
export async function shelfFor(tx: Tx, memberId: string, opts: { now?: Date } = {}): Promise<ShelfItem[]> {
  const now = opts.now ?? new Date();
  const member = await memberForMall(tx, memberId);
  if (member?.status !== 'active') throw notFound('Member');
  const rows = await tx.many<ItemRow & { taken: number | null }>(
    `SELECT ${itemColumns.replace(/(^|,\s*)(\w+)/g, '$1i.$2')}, c.taken
     FROM mall_items i LEFT JOIN mall_member_counts c ON c.item_id = i.id AND c.member_id = $1
     WHERE i.status = 'active' AND (i.starts_at IS NULL OR i.starts_at <= $2) AND (i.ends_at IS NULL OR i.ends_at > $2)
     ORDER BY i.sort_order, i.id DESC LIMIT 500`,
    [memberId, now],
  );
  return rows.map((r) => ({
    ...itemView(r),
    eligible: tierAllows(r, member.tier),
    leftForMember: r.per_member_limit === null ? null : Math.max(0, r.per_member_limit - (r.taken ?? 0)),
    soldOut: r.stock_left === 0,
  }));
}

/** A member's exchanges, newest first (the member H5's "my exchanges"). */
export async function memberExchanges(
  tx: Tx,
  memberId: string,
  page: { limit: number; offset: number },
): Promise<{ items: ExchangeView[]; total: number }> {
  const rows = await tx.many<ExchangeRow & { total: string }>(
    `SELECT ${exchangeColumns}, count(*) OVER () AS total FROM mall_exchanges WHERE member_id = $1
     ORDER BY placed_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [memberId, page.limit, page.offset],
  );
  return { items: rows.map(exchangeView), total: Number(rows[0]?.total ?? 0) };
}

/** One of the member's own exchanges; another member's is not found. */
export async function memberExchange(tx: Tx, memberId: string, exchangeId: string): Promise<ExchangeView> {
  const row = await tx.maybeOne<ExchangeRow>(
    `SELECT ${exchangeColumns} FROM mall_exchanges WHERE id = $1 AND member_id = $2`,
    [exchangeId, memberId],
  );
  if (!row) throw notFound('Exchange');
  return exchangeView(row);
}
