import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createTestTenant, snapshotTenant, startTestApp, type TestApp } from './harness.ts';

describe('bad input: a clear 4xx naming the problem, nothing written, never a 500', () => {
  let t: TestApp;
  let admin: string;
  let tenantId: string;
  before(async () => {
    t = await startTestApp();
    const tenant = await createTestTenant(t.db, 'fuzz');
    tenantId = tenant.id;
    admin = await t.login(tenant.code, 'admin');
  });
  after(() => t.close());

  const raw = (method: string, url: string, payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: method as 'POST',
      url,
      payload,
      headers: { cookie: admin, 'content-type': contentType },
    });

  test('malformed JSON, wrong media type, oversized bodies', async () => {
    const bad = await raw('POST', '/api/v1/regions', '{"code": "a",');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'BAD_REQUEST');
    const media = await raw('POST', '/api/v1/regions', 'code=a', 'application/x-www-form-urlencoded');
    assert.equal(media.statusCode, 415);
    const big = await raw(
      'POST',
      '/api/v1/regions',
      JSON.stringify({ code: 'big', name: 'x'.repeat(2_000_000) }),
    );
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().code, 'PAYLOAD_TOO_LARGE');
  });

  test('unknown fields and wrong types are named', async () => {
    const unknown = await t.request('POST', '/api/v1/regions', {
      cookie: admin,
      body: { code: 'a', name: 'b', colour: 'red' },
    });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(unknown.json().errors, [{ field: 'colour', message: 'unknown field' }]);
    const wrong = await t.request('POST', '/api/v1/stores', {
      cookie: admin,
      body: { code: 'a', name: 42, kind: 'castle' },
    });
    assert.equal(wrong.statusCode, 400);
    const fields = wrong
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    assert.deepEqual(fields, ['kind', 'name']);
    const query = await t.request('GET', '/api/v1/stores?limit=100000', { cookie: admin });
    assert.equal(query.statusCode, 400);
    assert.equal(query.json().errors[0].field, 'querystring.limit');
  });

  test('random bodies against every write operation: no 5xx, and refused requests write nothing', async () => {
    const spec = (await t.request('GET', '/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const region = (
      await t.request('POST', '/api/v1/regions', { cookie: admin, body: { code: 'keep', name: 'Keep' } })
    ).json();
    const writes: [string, string][] = [];
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const method of Object.keys(ops)) {
        if (
          ['post', 'patch', 'put'].includes(method) &&
          path.startsWith('/api/v1/') &&
          !path.includes('logout')
        ) {
          writes.push([
            method.toUpperCase(),
            path.replace('{id}', path.includes('/regions/') ? region.id : 'zzz_1'),
          ]);
        }
      }
    }
    const json = fc.jsonValue({ maxDepth: 3 });
    const body = fc.oneof(
      json.map((v) => JSON.stringify(v)),
      fc
        .dictionary(
          fc.constantFrom(
            'code',
            'name',
            'kind',
            'regionId',
            'password',
            'url',
            'events',
            'role',
            'scope',
            'permissions',
            'timezone',
          ),
          json,
        )
        .map((v) => JSON.stringify(v)),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), body, async ([method, url], payload) => {
        const before = await snapshotTenant(t.db, tenantId);
        const res = await raw(method, url, payload);
        assert.ok(res.statusCode < 500, `${method} ${url} ${payload} → ${res.statusCode} ${res.body}`);
        if (res.statusCode >= 400) {
          assert.match(res.headers['content-type'] as string, /problem\+json/);
          assert.ok(res.json().detail, 'a human message');
          const after = await snapshotTenant(t.db, tenantId);
          // Failed sign-ins are recorded by design (lockout); nothing else may change.
          const { staff: _a, audit_log: _b, ...rest } = after;
          const { staff: _c, audit_log: _d, ...restBefore } = before;
          assert.deepEqual(rest, restBefore, `${method} ${url} refused but wrote`);
        }
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});
