import type { Tx } from '../../db/database.ts';
import { notFound } from '../../shared/errors.ts';
import type { Kind, TemplateStatus } from './coupons.schema.ts';

export interface TemplateRow extends Record<string, unknown> {
  id: string;
  name: string;
  description: string | null;
  kind: Kind;
  amount_off_cents: string | null;
  percent_off_bp: number | null;
  max_discount_cents: string | null;
  threshold_cents: string;
  gift_sku: string | null;
  stock_total: number | null;
  stock_left: number | null;
  per_member_limit: number | null;
  valid_from: Date | null;
  valid_to: Date | null;
  valid_days: number | null;
  channels: string[];
  store_ids: string[];
  skus: string[];
  category_prefixes: string[];
  shareable: boolean;
  claimable: boolean;
  claim_code: string;
  status: TemplateStatus;
  business_unit_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export const templateColumns = `id, name, description, kind, amount_off_cents, percent_off_bp, max_discount_cents,
  threshold_cents, gift_sku, stock_total, stock_left, per_member_limit, valid_from, valid_to, valid_days,
  channels, store_ids::text[] AS store_ids, skus, category_prefixes, shareable, claimable, claim_code, status,
  business_unit_id, created_by, created_at, updated_at`;

export async function loadTemplate(tx: Tx, id: string, lock = false): Promise<TemplateRow> {
  const row = await tx.maybeOne<TemplateRow>(
    `SELECT ${templateColumns} FROM coupon_templates WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`,
    [id],
  );
  if (!row) throw notFound('Coupon template');
  return row;
}

/** The validity window of a coupon issued now from this template. */
export function validityAt(t: TemplateRow, now: Date): { from: Date; to: Date } {
  if (t.valid_days !== null) return { from: now, to: new Date(now.getTime() + t.valid_days * 86_400_000) };
  return { from: t.valid_from!, to: t.valid_to! };
}
