import Fastify from 'fastify';
import pg from 'pg';
import { createTestTenant } from '../test/harness.ts';
import { resolveSession } from '../src/modules/staff/sessions.ts';
import { benchServerUrl, createBenchDatabase, openMigrated, startSiyuServer, login, fetchJson, measureHttp, baseUrlOf } from './harness.ts';
import { testConfig } from '../test/harness.ts';

const d = await createBenchDatabase(benchServerUrl());
try {
  const db = await openMigrated(d.ownerUrl, d.appUrl);
  const ctx = { ownerUrl: d.ownerUrl, appUrl: d.appUrl, db, config: testConfig };
  const tenant = await createTestTenant(db, 'exp');
  const siyu = await startSiyuServer(ctx);
  const cookie = await login(siyu.baseUrl, { tenant: 'exp', username: 'admin', password: tenant.admin.password });
  const created = await fetchJson<{ id: string }>(`${siyu.baseUrl}/api/v1/stores`, { method: 'POST', expect: 201, headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ code: 'S1', name: 'x' }) });
  const id = created.id.slice(4);
  const pool = new pg.Pool({ connectionString: d.ownerUrl, max: 10 });
  const sql = 'SELECT id, code, name, kind, business_unit_id, region_id, city, address, status, created_at, updated_at FROM stores WHERE tenant_id = $1 AND id = $2';
  const bare = Fastify({ logger: false });
  bare.get('/q1', async () => (await pool.query(sql, [tenant.id, id])).rows[0]);
  bare.get('/tx1', async () => db.tenant(tenant.id, (tx) => tx.one(sql.replace('tenant_id = $1 AND ', '').replace('$2', '$1'), [id])));
  const policy = siyu.runtime.deps.sessionPolicy;
  const token = decodeURIComponent(cookie.split('=')[1]!);
  bare.get('/tx2', async () => { await resolveSession(db, policy, token); return db.tenant(tenant.id, (tx) => tx.one(sql.replace('tenant_id = $1 AND ', '').replace('$2', '$1'), [id])); });
  bare.get('/app1', async () => { const c = await (db as any).appPool.connect(); try { return (await c.query(sql, [tenant.id, id])).rows[0]; } finally { c.release(); } });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const b = baseUrlOf(bare.server.address());
  const o = { duration: 6, warmup: 2, connections: 10 };
  const cases = [
    ['bare 1 query (owner)', `${b}/q1`, {}],
    ['bare 1 query (siyu_app, no tx; RLS)', `${b}/app1`, {}],
    ['bare + 1 tenant tx', `${b}/tx1`, {}],
    ['bare + session tx + tenant tx', `${b}/tx2`, {}],
    ['siyu full', `${siyu.baseUrl}/api/v1/stores/${created.id}`, { cookie }],
    ['siyu /api/v1/auth/me? (session only)', `${siyu.baseUrl}/api/v1/auth/me`, { cookie }],
  ] as const;
  for (const [label, url, headers] of [...cases, ...[...cases].reverse()]) {
    try { const r = await measureHttp({ ...o, url, headers }); console.log(label.padEnd(40), r.rps.toFixed(0), 'rps  p50', r.p50, 'p99', r.p99); } catch (e) { console.log(label, (e as Error).message); }
  }
  await bare.close(); await pool.end(); await siyu.close(); await db.close();
} finally { await d.drop(); }
