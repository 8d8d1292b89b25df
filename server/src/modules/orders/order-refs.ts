import type { Tx } from '../../db/database.ts';
import type { FieldError } from '../../shared/errors.ts';
import { type StoreInfo, storeInfo } from '../tenancy/org.service.ts';
import type { NormalizedOrder } from './orders.schema.ts';

/** What a set of orders refers to, looked up with one query per kind however many orders there are. */
export interface Refs {
  stores: Map<string, StoreInfo>;
  guides: Set<string>;
  /** sku → product id */
  products: Map<string, string>;
}

export async function loadRefs(tx: Tx, orders: Iterable<NormalizedOrder>): Promise<Refs> {
  const storeIds = new Set<string>();
  const guideIds = new Set<string>();
  const skus = new Set<string>();
  for (const o of orders) {
    if (o.storeId) storeIds.add(o.storeId);
    if (o.guideId) guideIds.add(o.guideId);
    for (const l of o.lines) skus.add(l.sku);
  }
  // One connection: the queries run one after another, never concurrently on it.
  const stores = storeIds.size ? await storeInfo(tx, { ids: [...storeIds] }) : [];
  const guides = guideIds.size ? await staffIds(tx, { ids: [...guideIds] }) : new Map<string, string>();
  const products = skus.size ? await productIds(tx, [...skus]) : new Map<string, string>();
  return { stores: new Map(stores.map((s) => [s.id, s])), guides: new Set(guides.keys()), products };
}

/** Unknown store, guide or SKU, each as an error on its field. */
export function checkRefs(o: NormalizedOrder, refs: Refs): FieldError[] {
  const errors: FieldError[] = [];
  if (o.storeId && !refs.stores.has(o.storeId)) errors.push({ field: 'storeId', message: 'no such store' });
  if (o.guideId && !refs.guides.has(o.guideId))
    errors.push({ field: 'guideId', message: 'no such staff member' });
  o.lines.forEach((l, i) => {
    if (!refs.products.has(l.sku)) errors.push({ field: `lines.${i}.sku`, message: `unknown SKU ${l.sku}` });
  });
  return errors;
}

/** The member pool an order's identity belongs to: the business unit's own when it keeps members per unit. */
export function poolOf(o: NormalizedOrder, refs: Refs): string {
  const store = o.storeId ? refs.stores.get(o.storeId) : undefined;
  return store?.memberSharing === 'unit' && store.businessUnitId ? store.businessUnitId : '0';
}

export async function productIds(tx: Tx, skus: string[]): Promise<Map<string, string>> {
  const rows = await tx.many<{ id: string; sku: string }>(
    'SELECT id, sku FROM products WHERE sku = ANY ($1::text[])',
    [skus],
  );
  return new Map(rows.map((r) => [r.sku, r.id]));
}

/**
 * Staff ids by id or username (id → username). It reads the staff table directly: the staff
 * module has no bulk lookup yet, and ingest must not ask once per order.
 */
export async function staffIds(
  tx: Tx,
  by: { ids?: string[]; usernames?: string[] },
): Promise<Map<string, string>> {
  const rows = await tx.many<{ id: string; username: string }>(
    'SELECT id, username FROM staff WHERE id = ANY ($1::bigint[]) OR username = ANY ($2::text[])',
    [by.ids ?? [], by.usernames ?? []],
  );
  return new Map(rows.map((r) => [r.id, r.username]));
}
