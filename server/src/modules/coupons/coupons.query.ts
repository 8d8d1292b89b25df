import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { type CouponRow, type CouponStatus, couponColumns } from './coupons.repo.ts';
import { holderVisible } from './member-lookup.ts';

export interface CouponListRow extends CouponRow {
  template_name: string;
  kind: string;
}

const totalCap = 10_000;
const listColumns = `${couponColumns}, t.name AS template_name, t.kind`;

/** A coupon as its holder sees it: one still marked available past its validity is expired. */
export const effectiveStatus = (c: CouponRow, now: Date): CouponStatus =>
  c.status === 'available' && c.valid_to <= now ? 'expired' : c.status;

export async function getCoupon(tx: Tx, ctx: Ctx, id: string): Promise<CouponListRow> {
  const params: unknown[] = [id];
  const row = await tx.maybeOne<CouponListRow>(
    `SELECT ${listColumns} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
     WHERE c.id = $1 AND ${holderVisible(ctx, params, 'c.member_id')}`,
    params,
  );
  if (!row) throw notFound('Coupon');
  return row;
}

export interface CouponFilter {
  templateId?: string | undefined;
  memberId?: string | undefined;
  status?: CouponStatus | undefined;
  limit: number;
  offset: number;
}

export async function listCoupons(
  tx: Tx,
  ctx: Ctx,
  f: CouponFilter,
  now: Date,
): Promise<{ items: CouponListRow[]; total: number; totalIsCapped: boolean }> {
  const params: unknown[] = [];
  const where = [holderVisible(ctx, params, 'c.member_id')];
  const eq = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.templateId) eq('c.template_id = ?', f.templateId);
  if (f.memberId) eq('c.member_id = ?', f.memberId);
  if (f.status === 'expired')
    eq(`(c.status = 'expired' OR (c.status = 'available' AND c.valid_to <= ?))`, now);
  else if (f.status === 'available') eq(`c.status = 'available' AND c.valid_to > ?`, now);
  else if (f.status) eq('c.status = ?', f.status);
  const clause = where.join(' AND ');
  const items = await tx.many<CouponListRow>(
    `SELECT ${listColumns} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
     WHERE ${clause} ORDER BY c.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`,
    params,
  );
  // Counted up to 10,000: a template issued to a million members still lists fast.
  const total = await tx.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM coupons c WHERE ${clause} LIMIT ${totalCap + 1}) x`,
    params,
  );
  return { items, total: Math.min(total.n, totalCap), totalIsCapped: total.n > totalCap };
}

/** A member's wallet: available (soonest to expire first), used (redeemed or shared on), expired. */
export async function memberWallet(tx: Tx, memberId: string, now: Date, limit = 100) {
  const part = (where: string, order: string) =>
    tx.many<CouponListRow>(
      `SELECT ${listColumns} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
       WHERE c.member_id = $1 AND ${where} ORDER BY ${order} LIMIT ${limit}`,
      [memberId, now],
    );
  return {
    available: await part(`c.status = 'available' AND c.valid_to > $2`, 'c.valid_to, c.id'),
    used: await part(
      `c.status IN ('redeemed', 'shared') AND $2::timestamptz IS NOT NULL`,
      'coalesce(c.redeemed_at, c.shared_at) DESC, c.id DESC',
    ),
    expired: await part(
      `(c.status = 'expired' OR (c.status = 'available' AND c.valid_to <= $2))`,
      'c.valid_to DESC, c.id DESC',
    ),
  };
}
