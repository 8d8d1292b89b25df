import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestTenant, snapshotTenant, startTestApp, type TestApp } from './harness.ts';
import { sample } from './openapi-sample.ts';

// Walks every operation in /openapi.json as another tenant's admin, aimed at tenant A's ids.
// Expected: 404 or 403 for anything naming A's rows, and not one row of tenant A changed.
let t: TestApp;
before(async () => (t = await startTestApp()));
after(() => t.close());

test('another tenant’s admin can neither read nor change anything of tenant A', async () => {
  const a = await createTestTenant(t.db, 'victim');
  const b = await createTestTenant(t.db, 'intruder');
  const adminA = await t.login(a.code, 'admin');
  const adminB = await t.login(b.code, 'admin');

  // Give tenant A one of everything that has an id.
  const post = async (url: string, body: object) => {
    const res = await t.request('POST', url, { cookie: adminA, body });
    assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
    return res.json();
  };
  const bu = await post('/api/v1/business-units', { code: 'bu1', name: 'Brand' });
  const region = await post('/api/v1/regions', { code: 'r1', name: 'Region' });
  const store = await post('/api/v1/stores', {
    code: 's1',
    name: 'Store',
    regionId: region.id,
    businessUnitId: bu.id,
  });
  const staff = await post('/api/v1/staff', {
    username: 'guide',
    name: 'G',
    role: 'guide',
    scope: 'own',
    storeId: store.id,
    password: 'a-long-enough-password',
  });
  const key = await post('/api/v1/api-keys', { name: 'k', permissions: ['org:read'] });
  const hook = await post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['store.created'] });
  const delivery = await post(`/api/v1/webhooks/${hook.id}/test`, {});
  const member = await post('/api/v1/members', { profile: { name: 'M', phone: '13700000001' } });
  const other = await post('/api/v1/members', { profile: { name: 'N', phone: '13700000002' } });
  const third = await post('/api/v1/members', { profile: { name: 'O' } });
  const merge = await post(`/api/v1/members/${other.id}/merge`, { otherId: third.id, reason: 'same person' });
  const product = await post('/api/v1/products', { sku: 'SKU-A', name: 'P', priceCents: 100 });
  const order = (
    await post('/api/v1/orders', {
      channel: 'store_pos',
      externalId: 'A-1',
      storeId: store.id,
      member: { kind: 'phone', value: '13700000001' },
      lines: [{ sku: 'SKU-A', qty: 1, unitPriceCents: 100, paidCents: 100 }],
      paidAt: '2025-06-18T12:00:00Z',
    })
  ).order;
  const refund = (
    await post('/api/v1/refunds', {
      channel: 'store_pos',
      externalId: 'R-1',
      externalOrderId: 'A-1',
      amountCents: 10,
      refundedAt: '2025-06-19T12:00:00Z',
    })
  ).refund;
  const upload = await post('/api/v1/imports', {
    kind: 'products',
    fileName: 'p.csv',
    content: 'sku,name,price\nSKU-B,Q,1',
  });
  const idsByPrefix: Record<string, string> = {
    'business-units': bu.id,
    regions: region.id,
    stores: store.id,
    staff: staff.id,
    'api-keys': key.id,
    webhooks: hook.id,
    deliveries: delivery.id,
    members: member.id,
    merges: merge.mergeId,
    products: product.id,
    orders: order.id,
    refunds: refund.id,
    imports: upload.id,
  };
  // Body fields that reference rows point at A's rows too.
  const bodyIds = {
    regionId: region.id,
    storeId: store.id,
    businessUnitId: bu.id,
    otherId: other.id,
    homeStoreId: store.id,
  };

  const before = await snapshotTenant(t.db, a.id);
  const spec = (await t.request('GET', '/openapi.json')).json() as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>>;
  };
  let walked = 0;
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (!path.includes('{id}')) continue;
    const segment =
      path.split('/').slice(-2)[0] === '{id}' ? path.split('/').at(-3)! : path.split('/').at(-2)!;
    const id = idsByPrefix[segment];
    assert.ok(id, `no tenant-A id for ${path}: add one to the walk`);
    for (const [method, op] of Object.entries(ops)) {
      const body = sample(op.requestBody?.content['application/json']?.schema as never, '', bodyIds);
      const res = await t.request(method.toUpperCase() as 'GET', `${path.replace('{id}', id)}`, {
        cookie: adminB,
        ...(body !== undefined ? { body } : {}),
      });
      assert.ok(
        [403, 404].includes(res.statusCode),
        `${method.toUpperCase()} ${path} as tenant B → ${res.statusCode} ${res.body}`,
      );
      walked++;
    }
  }
  assert.ok(walked >= 15, `walked only ${walked} operations`);

  // Collection operations as B: lists show none of A's rows; creates naming A's rows are refused.
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (path.includes('{id}') || !path.startsWith('/api/v1/')) continue;
    for (const [method, op] of Object.entries(ops)) {
      if (path === '/api/v1/auth/logout') continue;
      const body = sample(op.requestBody?.content['application/json']?.schema as never, '', bodyIds);
      const res = await t.request(method.toUpperCase() as 'GET', path, {
        cookie: adminB,
        ...(body !== undefined ? { body } : {}),
      });
      assert.ok(res.statusCode < 500, `${method} ${path} → ${res.statusCode} ${res.body}`);
      for (const id of Object.values(idsByPrefix)) {
        assert.ok(!res.body.includes(`"${id}"`), `${method} ${path} as tenant B shows tenant A's ${id}`);
      }
    }
  }
  assert.deepEqual(await snapshotTenant(t.db, a.id), before, 'tenant A rows changed');
});
