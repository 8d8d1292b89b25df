import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { maxCents } from './money.ts';
import { zodErrors } from './orders.schema.ts';

export const productInput = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  categoryPath: z
    .string()
    .trim()
    .max(200)
    .regex(/^[^/]+(\/[^/]+)*$|^$/, 'slash-separated names, e.g. 镜架/金属框')
    .optional(),
  brand: z.string().trim().max(100).nullable().optional(),
  priceCents: z.number().int().min(0).max(maxCents),
  status: z.enum(['active', 'inactive']).optional(),
});
export type ProductInput = z.infer<typeof productInput>;

export interface ProductRow extends Record<string, unknown> {
  id: string;
  sku: string;
  name: string;
  category_path: string;
  brand: string | null;
  price_cents: string;
  status: 'active' | 'inactive';
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, sku, name, category_path, brand, price_cents, status, created_at, updated_at';

export interface ProductFilter {
  q?: string | undefined;
  category?: string | undefined;
  status?: 'active' | 'inactive' | undefined;
  limit: number;
  offset: number;
}

const like = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** q matches the SKU exactly or the name in part; category matches the path and everything below it. */
export async function listProducts(
  tx: Tx,
  f: ProductFilter,
): Promise<{ items: ProductRow[]; total: number }> {
  const params: unknown[] = [];
  const where = ['true'];
  if (f.q) {
    params.push(f.q, `%${like(f.q)}%`);
    where.push(`(sku = $${params.length - 1} OR name ILIKE $${params.length})`);
  }
  if (f.category) {
    params.push(f.category, `${like(f.category)}/%`);
    where.push(`(category_path = $${params.length - 1} OR category_path LIKE $${params.length})`);
  }
  if (f.status) {
    params.push(f.status);
    where.push(`status = $${params.length}`);
  }
  const clause = where.join(' AND ');
  const total = await tx.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM products WHERE ${clause}`,
    params,
  );
  const items = await tx.many<ProductRow>(
    `SELECT ${columns} FROM products WHERE ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items, total: total.n };
}

export async function getProduct(tx: Tx, id: string): Promise<ProductRow> {
  const row = await tx.maybeOne<ProductRow>(`SELECT ${columns} FROM products WHERE id = $1`, [id]);
  if (!row) throw notFound('Product');
  return row;
}

export async function createProduct(tx: Tx, ctx: Ctx, input: ProductInput): Promise<ProductRow> {
  const row = await tx.one<ProductRow>(
    `INSERT INTO products (tenant_id, sku, name, category_path, brand, price_cents, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${columns}`,
    [
      ctx.tenantId,
      input.sku,
      input.name,
      input.categoryPath ?? '',
      input.brand ?? null,
      input.priceCents,
      input.status ?? 'active',
    ],
  );
  await audit(tx, ctx, {
    action: 'product.created',
    entityType: 'product',
    entityId: toPublicId('product', row.id),
    after: row,
  });
  return row;
}

export async function updateProduct(
  tx: Tx,
  ctx: Ctx,
  id: string,
  patch: Partial<ProductInput>,
): Promise<ProductRow> {
  const before = await getProduct(tx, id);
  const after = await tx.one<ProductRow>(
    `UPDATE products SET sku = coalesce($2, sku), name = coalesce($3, name), category_path = coalesce($4, category_path),
       brand = CASE WHEN $5 THEN $6 ELSE brand END, price_cents = coalesce($7, price_cents), status = coalesce($8, status),
       updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [
      id,
      patch.sku,
      patch.name,
      patch.categoryPath,
      patch.brand !== undefined,
      patch.brand ?? null,
      patch.priceCents,
      patch.status,
    ],
  );
  await audit(tx, ctx, {
    action: 'product.updated',
    entityType: 'product',
    entityId: toPublicId('product', id),
    before,
    after,
  });
  return after;
}

/** A product that order lines refer to cannot be deleted (409): set it inactive instead. */
export async function deleteProduct(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  const before = await getProduct(tx, id);
  await tx.exec('DELETE FROM products WHERE id = $1', [id]);
  await audit(tx, ctx, {
    action: 'product.deleted',
    entityType: 'product',
    entityId: toPublicId('product', id),
    before,
  });
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Creates or updates products by SKU in one statement; rows whose values are already there are
 * left alone (so a replayed file changes nothing, not even updated_at). SKUs must be unique in `items`.
 */
export async function upsertProducts(tx: Tx, ctx: Ctx, items: ProductInput[]): Promise<UpsertResult> {
  if (items.length === 0) return { created: 0, updated: 0, unchanged: 0 };
  const rows = await tx.many<{ inserted: boolean }>(
    `INSERT INTO products AS p (tenant_id, sku, name, category_path, brand, price_cents, status)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])
     ON CONFLICT (tenant_id, sku) DO UPDATE SET name = EXCLUDED.name, category_path = EXCLUDED.category_path,
       brand = EXCLUDED.brand, price_cents = EXCLUDED.price_cents, status = EXCLUDED.status, updated_at = now()
     WHERE (p.name, p.category_path, p.brand, p.price_cents, p.status)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category_path, EXCLUDED.brand, EXCLUDED.price_cents, EXCLUDED.status)
     RETURNING (xmax = 0) AS inserted`,
    [
      ctx.tenantId,
      items.map((i) => i.sku),
      items.map((i) => i.name),
      items.map((i) => i.categoryPath ?? ''),
      items.map((i) => i.brand ?? null),
      items.map((i) => i.priceCents),
      items.map((i) => i.status ?? 'active'),
    ],
  );
  const created = rows.filter((r) => r.inserted).length;
  const result = { created, updated: rows.length - created, unchanged: items.length - rows.length };
  if (rows.length > 0) {
    await audit(tx, ctx, {
      action: 'product.upserted',
      entityType: 'product',
      entityId: null,
      after: result,
    });
  }
  return result;
}

/** Checks bulk items one by one: the good ones are upserted, each bad one reported by its index. */
export function checkProducts(items: unknown[]) {
  const good: ProductInput[] = [];
  const errors: { index: number; field: string; message: string }[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const parsed = productInput.safeParse(item);
    if (!parsed.success) {
      for (const e of zodErrors(parsed.error)) errors.push({ index, ...e });
      return;
    }
    const first = seen.get(parsed.data.sku);
    if (first !== undefined) {
      errors.push({ index, field: 'sku', message: `duplicate of item ${first}` });
      return;
    }
    seen.set(parsed.data.sku, index);
    good.push(parsed.data);
  });
  return { good, errors };
}
