import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  addStaff,
  createTestTenant,
  startTestApp,
  type TestApp,
  testPassword,
} from '../../../test/harness.ts';

describe('sign-in, sessions and API keys', () => {
  let t: TestApp;
  let tenantCode: string;
  before(async () => {
    t = await startTestApp();
    tenantCode = (await createTestTenant(t.db, 'auth')).code;
  });
  after(() => t.close());

  test('login sets an httpOnly SameSite cookie; me answers; logout ends the session', async () => {
    const res = await t.request('POST', '/api/v1/auth/login', {
      body: { tenant: tenantCode, username: 'admin', password: testPassword },
    });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'siyu_session')!;
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Strict');
    const header = `siyu_session=${cookie.value}`;
    const me = await t.request('GET', '/api/v1/auth/me', { cookie: header });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().staff.username, 'admin');
    assert.ok(me.json().permissions.includes('org:write'));
    assert.equal((await t.request('POST', '/api/v1/auth/logout', { cookie: header })).statusCode, 204);
    const after = await t.request('GET', '/api/v1/auth/me', { cookie: header });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().code, 'UNAUTHENTICATED');
    assert.match(after.headers['content-type'] as string, /application\/problem\+json/);
  });

  test('a wrong password, an unknown user and an unknown tenant fail alike', async () => {
    for (const body of [
      { tenant: tenantCode, username: 'admin', password: 'wrong-password!' },
      { tenant: tenantCode, username: 'nobody', password: testPassword },
      { tenant: 'no-such-tenant', username: 'admin', password: testPassword },
    ]) {
      const res = await t.request('POST', '/api/v1/auth/login', { body });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().code, 'LOGIN_FAILED');
      assert.equal(res.json().detail, 'Wrong tenant, username or password');
    }
  });

  test('five failures lock the account, even against the right password', async () => {
    await addStaff(t.db, (await tenantId()).id, { username: 'locky', role: 'operator', scope: 'all' });
    for (let i = 0; i < 5; i++) {
      const res = await t.request('POST', '/api/v1/auth/login', {
        body: { tenant: tenantCode, username: 'locky', password: `bad-${i}-password` },
      });
      assert.equal(res.statusCode, 401);
    }
    const locked = await t.request('POST', '/api/v1/auth/login', {
      body: { tenant: tenantCode, username: 'locky', password: testPassword },
    });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().code, 'LOCKED_OUT');
  });

  test('an idle session expires after 30 minutes; an absolute one after 12 hours', async () => {
    const cookie = await t.login(tenantCode, 'admin');
    assert.equal((await t.request('GET', '/api/v1/auth/me', { cookie })).statusCode, 200);
    await t.db.system((tx) =>
      tx.exec("UPDATE staff_sessions SET last_seen_at = now() - interval '31 minutes'"),
    );
    assert.equal((await t.request('GET', '/api/v1/auth/me', { cookie })).statusCode, 401);
    const fresh = await t.login(tenantCode, 'admin');
    await t.db.system((tx) =>
      tx.exec("UPDATE staff_sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL"),
    );
    assert.equal((await t.request('GET', '/api/v1/auth/me', { cookie: fresh })).statusCode, 401);
  });

  test('disabling a staff member ends their sessions and blocks sign-in', async () => {
    const { id } = await tenantId();
    const staffId = await addStaff(t.db, id, { username: 'leaver', role: 'operator', scope: 'all' });
    const theirs = await t.login(tenantCode, 'leaver');
    assert.equal((await t.request('GET', '/api/v1/stores', { cookie: theirs })).statusCode, 200);
    const admin = await t.login(tenantCode, 'admin');
    const res = await t.request('POST', `/api/v1/staff/stf_${staffId}/disable`, { cookie: admin });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'disabled');
    assert.equal((await t.request('GET', '/api/v1/stores', { cookie: theirs })).statusCode, 401);
    const again = await t.request('POST', '/api/v1/auth/login', {
      body: { tenant: tenantCode, username: 'leaver', password: testPassword },
    });
    assert.equal(again.statusCode, 401);
  });

  test('roles: a guide can read stores but not create one', async () => {
    const { id } = await tenantId();
    const admin = await t.login(tenantCode, 'admin');
    const store = (
      await t.request('POST', '/api/v1/stores', { cookie: admin, body: { code: 'G1', name: 'Guide store' } })
    ).json();
    await addStaff(t.db, id, { username: 'guide1', role: 'guide', scope: 'own', storeId: store.id.slice(4) });
    const guide = await t.login(tenantCode, 'guide1');
    const list = await t.request('GET', '/api/v1/stores', { cookie: guide });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((s: { id: string }) => s.id),
      [store.id],
      'a guide sees only their store',
    );
    const create = await t.request('POST', '/api/v1/stores', {
      cookie: guide,
      body: { code: 'G2', name: 'Nope' },
    });
    assert.equal(create.statusCode, 403);
    assert.equal(create.json().code, 'FORBIDDEN');
  });

  test('API keys: shown once, work as Bearer within their permissions, stop working when revoked', async () => {
    const admin = await t.login(tenantCode, 'admin');
    const created = await t.request('POST', '/api/v1/api-keys', {
      cookie: admin,
      body: { name: 'POS', permissions: ['org:read'] },
    });
    assert.equal(created.statusCode, 201);
    const { key, id, prefix } = created.json();
    assert.match(key, /^siyu_\d+_/);
    assert.ok(key.startsWith(prefix.replace('…', '')));
    const listed = await t.request('GET', '/api/v1/api-keys', { cookie: admin });
    assert.ok(!JSON.stringify(listed.json()).includes(key), 'the key is never shown again');
    const bearer = { authorization: `Bearer ${key}` };
    assert.equal((await t.request('GET', '/api/v1/stores', { headers: bearer })).statusCode, 200);
    assert.equal(
      (await t.request('POST', '/api/v1/stores', { headers: bearer, body: { code: 'K1', name: 'K' } }))
        .statusCode,
      403,
    );
    assert.equal((await t.request('DELETE', `/api/v1/api-keys/${id}`, { cookie: admin })).statusCode, 204);
    assert.equal((await t.request('GET', '/api/v1/stores', { headers: bearer })).statusCode, 401);
    const stored = await t.db.system((tx) => tx.many<{ key_hash: Buffer }>('SELECT key_hash FROM api_keys'));
    assert.ok(
      stored.every((r) => !r.key_hash.toString('utf8').includes(key)),
      'only a hash is stored',
    );
  });

  test('every write is in the audit log with who, what and from where', async () => {
    const admin = await t.login(tenantCode, 'admin');
    await t.request('POST', '/api/v1/regions', { cookie: admin, body: { code: 'aud', name: 'Audited' } });
    const log = await t.request('GET', '/api/v1/audit-log?entityType=region', { cookie: admin });
    const entry = log.json().items[0];
    assert.equal(entry.action, 'region.created');
    assert.equal(entry.actorName, 'Admin');
    assert.equal(entry.after.name, 'Audited');
    assert.ok(entry.ip);
    assert.ok(entry.requestId);
  });

  async function tenantId() {
    return t.db.tenant('0', (tx) =>
      tx.one<{ id: string }>('SELECT siyu_tenant_id_by_code($1) AS id', [tenantCode]),
    );
  }
});
