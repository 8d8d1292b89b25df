import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addStaff, createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';
import { systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { earnPoints } from './points.earn.ts';

describe('points over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let guide: string;
  let tenantId: string;
  let memberId: string;
  before(async () => {
    t = await startTestApp();
    const tenant = await createTestTenant(t.db, 'points-http');
    tenantId = tenant.id;
    admin = await t.login(tenant.code, 'admin');
    const store = await t.request('POST', '/api/v1/stores', {
      cookie: admin,
      body: { code: 'S1', name: 'Store' },
    });
    const guideId = await addStaff(t.db, tenant.id, {
      username: 'g1',
      role: 'guide',
      scope: 'own',
      storeId: store.json().id.slice(4),
    });
    guide = await t.login(tenant.code, 'g1');
    const m = await t.request('POST', '/api/v1/members', { cookie: admin, body: { profile: { name: 'M' } } });
    assert.equal(m.statusCode, 201, m.body);
    memberId = m.json().id;
    // The guide recruited this member, so the guide may see them.
    await t.db.tenant(tenantId, (tx) =>
      tx.exec('UPDATE members SET join_guide_id = $1 WHERE id = $2', [guideId, memberId.slice(4)]),
    );
    const soon = new Date(Date.now() + 10 * 86_400_000);
    await t.db.tenant(tenantId, (tx) =>
      earnPoints(tx, systemCtx(tenantId, allPermissions), [
        { key: 'h-1', account: { memberId: memberId.slice(4) }, points: 40, expiresAt: soon },
        {
          key: 'h-2',
          account: { memberId: memberId.slice(4) },
          points: 60,
          source: { type: 'order', id: 'x1' },
        },
      ]),
    );
  });
  after(() => t.close());

  const adjust = (cookie: string, body: object, key?: string) =>
    t.request('POST', `/api/v1/members/${memberId}/points/adjustments`, {
      cookie,
      body,
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });

  test('balances with open lots, soonest expiry first; the journal with postings', async () => {
    const res = await t.request('GET', `/api/v1/members/${memberId}/points`, { cookie: guide });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.available, 100);
    assert.deepEqual(
      body.lots.map((l: { remaining: number }) => l.remaining),
      [40, 60],
    );
    assert.equal(body.nextExpiry.points, 40);
    const journal = (
      await t.request('GET', `/api/v1/members/${memberId}/points/journal`, { cookie: admin })
    ).json();
    assert.equal(journal.total, 2);
    assert.equal(journal.items[0].kind, 'earn');
    assert.equal(
      journal.items[0].postings.reduce((s: number, p: { amount: number }) => s + p.amount, 0),
      0,
      'postings sum to zero',
    );
    assert.ok(
      journal.items[0].postings.some((p: { account: string }) => p.account === 'system:points_issued'),
    );
  });

  test('adjustments: permission, reason, Idempotency-Key, replay, mismatch', async () => {
    const forbidden = await adjust(guide, { points: 5, reason: 'gift' }, 'adj-g');
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().code, 'FORBIDDEN');
    const noKey = await adjust(admin, { points: 5, reason: 'gift' });
    assert.equal(noKey.statusCode, 400);
    assert.equal(noKey.json().errors[0].field, 'Idempotency-Key');
    const noReason = await adjust(admin, { points: 5 }, 'adj-0');
    assert.equal(noReason.statusCode, 400);
    const first = await adjust(admin, { points: 5, reason: 'gift' }, 'adj-1');
    assert.equal(first.statusCode, 201, first.body);
    const again = await adjust(admin, { points: 5, reason: 'gift' }, 'adj-1');
    assert.equal(again.statusCode, 201);
    assert.equal(again.body, first.body, 'the same answer');
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const other = await adjust(admin, { points: 6, reason: 'gift' }, 'adj-1');
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'IDEMPOTENCY_MISMATCH');
    const tooMuch = await adjust(admin, { points: -1000, reason: 'oops' }, 'adj-2');
    assert.equal(tooMuch.statusCode, 409);
    assert.equal(tooMuch.json().code, 'POINTS_INSUFFICIENT');
    const balance = (await t.request('GET', `/api/v1/members/${memberId}/points`, { cookie: admin })).json();
    assert.equal(balance.available, 105);
  });

  test('holds: create, capture (twice), void a captured one is a conflict; a guide cannot redeem', async () => {
    const hold = (cookie: string, key: string, points = 30) =>
      t.request('POST', '/api/v1/points/holds', {
        cookie,
        body: { memberId, points, reason: 'mall exchange' },
        headers: { 'idempotency-key': key },
      });
    assert.equal((await hold(guide, 'g-hold')).statusCode, 403);
    const res = await hold(admin, 'hold-1');
    assert.equal(res.statusCode, 201, res.body);
    const h = res.json();
    assert.match(h.id, /^phd_\d+$/);
    assert.deepEqual(
      h.allocations.map((a: { points: number }) => a.points),
      [30],
    );
    const capture = await t.request('POST', `/api/v1/points/holds/${h.id}/capture`, { cookie: admin });
    assert.equal(capture.statusCode, 200, capture.body);
    assert.equal(capture.json().status, 'captured');
    const twice = await t.request('POST', `/api/v1/points/holds/${h.id}/capture`, { cookie: admin });
    assert.equal(twice.body, capture.body);
    const voided = await t.request('POST', `/api/v1/points/holds/${h.id}/void`, { cookie: admin });
    assert.equal(voided.statusCode, 409);
    const h2 = (await hold(admin, 'hold-2', 20)).json();
    const v2 = await t.request('POST', `/api/v1/points/holds/${h2.id}/void`, { cookie: admin });
    assert.equal(v2.json().status, 'voided');
    const missing = await t.request('POST', '/api/v1/points/holds/phd_999999/void', { cookie: admin });
    assert.equal(missing.statusCode, 404);
    const balance = (await t.request('GET', `/api/v1/members/${memberId}/points`, { cookie: admin })).json();
    assert.deepEqual([balance.available, balance.held], [75, 0]);
  });

  test('the ledger check: admins run it, guides may not', async () => {
    const res = await t.request('GET', '/api/v1/points/check', { cookie: admin });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().ok, true);
    assert.ok(res.json().checked.journals >= 4);
    assert.equal((await t.request('GET', '/api/v1/points/check', { cookie: guide })).statusCode, 403);
  });
});
