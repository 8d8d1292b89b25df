import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addStaff, createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';

describe('tenant, business units, regions and stores', () => {
  let t: TestApp;
  let admin: string;
  let tenantId: string;
  before(async () => {
    t = await startTestApp();
    const tenant = await createTestTenant(t.db, 'org');
    tenantId = tenant.id;
    admin = await t.login(tenant.code, 'admin');
  });
  after(() => t.close());

  const post = (url: string, body: unknown) => t.request('POST', url, { cookie: admin, body });

  test('tenant settings: read and update, with the time zone checked', async () => {
    const res = await t.request('PATCH', '/api/v1/tenant', {
      cookie: admin,
      body: { name: '新名字', timezone: 'Asia/Shanghai', locale: 'en' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().name, '新名字');
    const bad = await t.request('PATCH', '/api/v1/tenant', {
      cookie: admin,
      body: { timezone: 'Mars/Olympus' },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().errors, [{ field: 'timezone', message: 'unknown IANA time zone' }]);
  });

  test('stores: create, get, filter, update, close; physical and virtual', async () => {
    const region = (await post('/api/v1/regions', { code: 'east', name: '华东' })).json();
    const bu = (
      await post('/api/v1/business-units', { code: 'optical', name: '眼镜', memberSharing: 'unit' })
    ).json();
    assert.equal(bu.memberSharing, 'unit');
    const created = await post('/api/v1/stores', {
      code: 'SH01',
      name: '上海一店',
      city: '上海',
      regionId: region.id,
      businessUnitId: bu.id,
    });
    assert.equal(created.statusCode, 201);
    const store = created.json();
    assert.equal(store.kind, 'physical');
    assert.equal(store.regionId, region.id);
    const live = (await post('/api/v1/stores', { code: 'LIVE', name: '直播间', kind: 'livestream' })).json();
    assert.equal(live.kind, 'livestream');
    const got = await t.request('GET', `/api/v1/stores/${store.id}`, { cookie: admin });
    assert.deepEqual(got.json(), store);
    const filtered = await t.request('GET', `/api/v1/stores?regionId=${region.id}&q=上海`, { cookie: admin });
    assert.deepEqual(
      filtered.json().items.map((s: { id: string }) => s.id),
      [store.id],
    );
    const patched = await t.request('PATCH', `/api/v1/stores/${store.id}`, {
      cookie: admin,
      body: { name: '上海旗舰店', city: null },
    });
    assert.equal(patched.json().name, '上海旗舰店');
    assert.equal(patched.json().city, null);
    assert.equal(patched.json().kind, 'physical', 'a patch leaves absent fields alone');
    const closed = await t.request('DELETE', `/api/v1/stores/${store.id}`, { cookie: admin });
    assert.equal(closed.json().status, 'closed');
  });

  test('duplicates, dangling references and deletes of what is in use are refused by field', async () => {
    await post('/api/v1/regions', { code: 'dup', name: 'A' });
    const dup = await post('/api/v1/regions', { code: 'dup', name: 'B' });
    assert.equal(dup.statusCode, 409);
    assert.deepEqual(dup.json().errors, [{ field: 'code', message: 'already exists' }]);
    const dangling = await post('/api/v1/stores', { code: 'X9', name: 'x', regionId: 'reg_999999' });
    assert.equal(dangling.statusCode, 400);
    assert.deepEqual(dangling.json().errors, [{ field: 'regionId', message: 'does not exist' }]);
    const malformed = await post('/api/v1/stores', { code: 'X9', name: 'x', regionId: 'sto_1' });
    assert.deepEqual(malformed.json().errors, [{ field: 'regionId', message: 'not a valid reg_… id' }]);
    const region = (await post('/api/v1/regions', { code: 'used', name: 'Used' })).json();
    await post('/api/v1/stores', { code: 'U1', name: 'u', regionId: region.id });
    const del = await t.request('DELETE', `/api/v1/regions/${region.id}`, { cookie: admin });
    assert.equal(del.statusCode, 409);
    assert.match(del.json().detail, /Still in use by stores/);
  });

  test('a store manager sees only their own store', async () => {
    const a = (await post('/api/v1/stores', { code: 'M1', name: 'Mine' })).json();
    await post('/api/v1/stores', { code: 'M2', name: 'Theirs' });
    await addStaff(t.db, tenantId, {
      username: 'manager',
      role: 'store_manager',
      scope: 'store',
      storeId: a.id.slice(4),
    });
    const manager = await t.login('org', 'manager');
    const list = await t.request('GET', '/api/v1/stores?limit=200', { cookie: manager });
    assert.deepEqual(
      list.json().items.map((s: { id: string }) => s.id),
      [a.id],
    );
    const other = list.json().total;
    assert.equal(other, 1);
  });

  test('events are written to the outbox with the change', async () => {
    const before = await t.db.system((tx) =>
      tx.one<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox_events WHERE event_type = 'store.created'",
      ),
    );
    await post('/api/v1/stores', { code: 'EV1', name: 'Evented' });
    await post('/api/v1/stores', { code: 'EV1', name: 'Duplicate: rolled back, no event' });
    const after = await t.db.system((tx) =>
      tx.one<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox_events WHERE event_type = 'store.created'",
      ),
    );
    assert.equal(after.n, before.n + 1);
  });
});
