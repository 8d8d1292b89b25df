// Test fixtures for the orders module's integration tests (not loaded by the application).
import assert from 'node:assert/strict';
import { addStaff, createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';

export interface OrdersWorld {
  t: TestApp;
  tenantId: string;
  code: string;
  admin: string;
  storeId: string;
  storeCode: string;
  guideId: string;
  post(url: string, body: unknown): ReturnType<TestApp['request']>;
  get(url: string): ReturnType<TestApp['request']>;
  ndjson(records: unknown[] | string): ReturnType<TestApp['request']>;
  count(table: string, where?: string): Promise<number>;
}

/** A tenant with a store, a guide and products SKU-1 … SKU-5 (¥10, ¥20 … ¥50). */
export async function ordersWorld(code: string, options: { work?: boolean } = {}): Promise<OrdersWorld> {
  const t = await startTestApp({ work: options.work ?? false });
  const tenant = await createTestTenant(t.db, code);
  const admin = await t.login(tenant.code, 'admin');
  const post = (url: string, body: unknown) => t.request('POST', url, { cookie: admin, body });
  const get = (url: string) => t.request('GET', url, { cookie: admin });
  const store = await post('/api/v1/stores', { code: 'SH01', name: '上海一店' });
  assert.equal(store.statusCode, 201, store.body);
  const storeId = store.json().id as string;
  const guideId = await addStaff(t.db, tenant.id, {
    username: 'guide1',
    role: 'guide',
    scope: 'own',
    storeId: storeId.slice(4),
  });
  const products = await post('/api/v1/products/bulk', {
    items: [1, 2, 3, 4, 5].map((i) => ({
      sku: `SKU-${i}`,
      name: `商品${i}`,
      categoryPath: '镜架/金属框',
      priceCents: i * 1000,
    })),
  });
  assert.equal(products.json().created, 5, products.body);
  return {
    t,
    tenantId: tenant.id,
    code: tenant.code,
    admin,
    storeId,
    storeCode: 'SH01',
    guideId: `stf_${guideId}`,
    post,
    get,
    ndjson: (records) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/orders/batch',
        headers: { cookie: admin, 'content-type': 'application/x-ndjson' },
        payload: typeof records === 'string' ? records : records.map((r) => JSON.stringify(r)).join('\n'),
      }),
    count: (table, where = 'true') =>
      t.db
        .system((tx) =>
          tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1 AND ${where}`, [
            tenant.id,
          ]),
        )
        .then((r) => r.n),
  };
}

let seq = 0;
/** A valid order: two lines (SKU-1 ×2 at ¥10, SKU-2 ×1 at ¥20) with a ¥5 discount. */
export function anOrder(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    channel: 'store_pos',
    externalId: `POS-${seq}`,
    member: { kind: 'phone', value: '13800000001' },
    lines: [
      { sku: 'SKU-1', qty: 2, unitPriceCents: 1000, paidCents: 1800 },
      { sku: 'SKU-2', qty: 1, unitPriceCents: 2000, paidCents: 1700 },
    ],
    discountCents: 500,
    couponCodes: ['WELCOME5'],
    paidAt: '2025-06-18T20:15:00+08:00',
    ...overrides,
  };
}
