import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { lastDevSms } from '../src/modules/member-h5/sms.ts';
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
  const couponTemplate = await post('/api/v1/coupon-templates', {
    name: 'C',
    kind: 'cash_off',
    amountOffCents: 100,
    validity: { kind: 'relative', days: 30 },
    status: 'active',
    shareable: true,
    claimable: true,
  });
  const issued = await t.request('POST', `/api/v1/coupon-templates/${couponTemplate.id}/issue`, {
    cookie: adminA,
    body: { memberIds: [member.id] },
    headers: { 'idempotency-key': 'walk' },
  });
  const coupon = issued.json().issued[0];
  const credited = await t.request('POST', `/api/v1/members/${member.id}/points/adjustments`, {
    cookie: adminA,
    body: { points: 50, reason: 'walk' },
    headers: { 'idempotency-key': 'walk-points' },
  });
  assert.equal(credited.statusCode, 201, credited.body);
  const hold = (
    await t.request('POST', '/api/v1/points/holds', {
      cookie: adminA,
      body: { memberId: member.id, points: 5 },
      headers: { 'idempotency-key': 'walk-hold' },
    })
  ).json();
  const program = await t.request('PUT', '/api/v1/loyalty/program', {
    cookie: adminA,
    body: { name: 'P', tiers: [{ code: 'a', name: 'A', threshold: 0 }] },
  });
  assert.equal(program.statusCode, 200, program.body);
  const earnRule = await post('/api/v1/loyalty/rules', { kind: 'base', name: 'B', rate: 1 });
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
    holds: hold.id,
    'coupon-templates': couponTemplate.id,
    coupons: coupon.couponId,
    rules: earnRule.id,
  };
  // Body fields that reference rows point at A's rows too.
  const bodyIds = {
    regionId: region.id,
    storeId: store.id,
    businessUnitId: bu.id,
    otherId: other.id,
    homeStoreId: store.id,
  };

  // The member H5 (/api/v1/h5/{tenantCode}/…) answers to member sessions, never staff ones: it is
  // walked further down as tenant B's signed-in member. A's member gets an address and an exchange.
  let ipSeq = 0;
  const h5 = (method: string, code: string, path: string, cookie: string, body?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url: `/api/v1/h5/${code}${path}`,
      remoteAddress: `10.77.0.${++ipSeq % 250}`,
      headers: { cookie, 'idempotency-key': 'walk-h5' },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  const h5SignIn = async (code: string, phone: string) => {
    await h5('POST', code, '/auth/code', '', { phone });
    const sms = lastDevSms(`+86${phone}`) ?? '';
    const res = await h5('POST', code, '/auth/verify', '', { phone, code: /\d{6}/.exec(sms)?.[0] });
    assert.equal(res.statusCode, 200, res.body);
    return `siyu_member=${res.cookies.find((c) => c.name === 'siyu_member')!.value}`;
  };
  const memberA = await h5SignIn(a.code, '13700000001');
  const addressA = (
    await h5('POST', a.code, '/addresses', memberA, {
      recipient: 'A',
      phone: '13700000001',
      province: 'P',
      city: 'C',
      line: 'L',
    })
  ).json();
  const shelfItemA = await post('/api/v1/mall/items', {
    name: 'Pass',
    kind: 'partner_benefit',
    points: 10,
    status: 'active',
    redemptionInstructions: 'Show it',
  });
  const exchangeA = (await h5('POST', a.code, `/mall/items/${shelfItemA.id}/exchange`, memberA, {})).json()
    .exchange;
  assert.ok(addressA.id && exchangeA?.id, 'tenant A’s member has an address and an exchange');
  const memberB = await h5SignIn(b.code, '13700000001');
  const h5Ids: Record<string, string> = {
    addresses: addressA.id,
    coupons: coupon.couponId,
    exchanges: exchangeA.id,
    items: shelfItemA.id,
  };
  // The points mall's staff routes (/mall/items/{id}, /mall/exchanges/{id}/…) aim at the same rows.
  idsByPrefix.items = shelfItemA.id;
  idsByPrefix.exchanges = exchangeA.id;

  const before = await snapshotTenant(t.db, a.id);
  type OpSpec = { requestBody?: { content: Record<string, { schema: object }> }; security?: unknown[] };
  const spec = (await t.request('GET', '/openapi.json')).json() as {
    paths: Record<string, Record<string, OpSpec>>;
  };
  let walked = 0;
  for (const [path, ops] of Object.entries(spec.paths)) {
    // Member routes refuse a staff session outright (401); they are walked as B's member below.
    if (!path.includes('{id}') || path.startsWith('/api/v1/h5/')) continue;
    // The collection the id belongs to: the segment before {id} (/members/{id}/points/journal → members).
    const parts = path.split('/');
    const segment = parts[parts.indexOf('{id}') - 1]!;
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

  // The member H5 as tenant B's member. At A's H5 a session of B is nobody (401). At B's own H5,
  // A's ids are not found and lists show none of A's rows. Public routes (the brand, sign-in: a
  // code request at A's H5 writes A's rate-limit rows by design) carry no session to cross, and
  // sign-out would end the walker's session.
  let walkedH5 = 0;
  for (const [path, ops] of Object.entries(spec.paths)) {
    if (!path.startsWith('/api/v1/h5/') || path.endsWith('/auth/logout')) continue;
    const parts = path.split('/');
    const segment = parts.includes('{id}') ? parts[parts.indexOf('{id}') - 1]! : undefined;
    const id = segment ? h5Ids[segment] : undefined;
    if (segment) assert.ok(id, `no tenant-A id for ${path}: add one to the H5 walk`);
    for (const [method, op] of Object.entries(ops)) {
      if (op.security?.length === 0) continue;
      const body = sample(op.requestBody?.content['application/json']?.schema as never, '', {
        ...bodyIds,
        phone: '13700000002',
        addressId: addressA.id,
      });
      for (const code of [a.code, b.code]) {
        const url = path.replace('/api/v1/h5/{tenantCode}', '').replace('{id}', id ?? '');
        const res = await h5(method.toUpperCase(), code, url, memberB, body);
        const expected = code === a.code ? [401] : id ? [404] : [200, 201, 400, 404, 409];
        assert.ok(
          expected.includes(res.statusCode),
          `${method.toUpperCase()} ${path} at ${code} as B's member → ${res.statusCode} ${res.body}`,
        );
        for (const x of Object.values(h5Ids)) {
          assert.ok(!res.body.includes(`"${x}"`), `${method} ${path} as B's member shows tenant A's ${x}`);
        }
        walkedH5++;
      }
    }
  }
  assert.ok(walkedH5 >= 20, `walked only ${walkedH5} H5 operations`);
  assert.deepEqual(await snapshotTenant(t.db, a.id), before, 'tenant A rows changed');
});
