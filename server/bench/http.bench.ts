// http: what the whole HTTP stack costs on the simplest authenticated read. Ours is the Siyu
// app (session cookie → session lookup → permission check → RLS tenant transaction → zod
// serialisation); the baseline is a bare Fastify route doing the same indexed lookup on a pool
// of the same size, as the owner, with no plugins, no auth and no transaction.
import Fastify from 'fastify';
import pg from 'pg';
import { createTestTenant } from '../test/harness.ts';
import {
  type Benchmark,
  baseUrlOf,
  fetchJson,
  login,
  measureHttp,
  rateFigure,
  startSiyuServer,
  timeFigure,
} from './harness.ts';

const connections = 10;
const duration = 10;
const warmup = 2;
/** Database.open's default appPoolSize: the pool the Siyu app's requests run on. */
const poolSize = 10;

const storeColumns =
  'id, code, name, kind, business_unit_id, region_id, city, address, status, created_at, updated_at';

export const http: Benchmark = {
  name: 'http',
  description: 'authenticated GET of a store over real HTTP vs a bare Fastify route on node-pg',
  async run(ctx) {
    const tenant = await createTestTenant(ctx.db, `bench-http-${Date.now().toString(36)}`);
    const siyu = await startSiyuServer(ctx);
    const pool = new pg.Pool({ connectionString: ctx.ownerUrl, max: poolSize });
    const bare = Fastify({ logger: false });
    try {
      const cookie = await login(siyu.baseUrl, {
        tenant: tenant.code,
        username: tenant.admin.username,
        password: tenant.admin.password,
      });
      const created = await fetchJson<{ id: string }>(`${siyu.baseUrl}/api/v1/stores`, {
        method: 'POST',
        expect: 201,
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'S001', name: 'Bench store', city: 'Shanghai', address: '1 Bench Rd' }),
      });
      const storeId = created.id.replace(/^sto_/, '');

      bare.get<{ Params: { id: string } }>('/stores/:id', async (req, reply) => {
        const { rows } = await pool.query(
          `SELECT ${storeColumns} FROM stores WHERE tenant_id = $1 AND id = $2`,
          [tenant.id, req.params.id],
        );
        if (!rows[0]) return reply.code(404).send({ error: 'not found' });
        return rows[0];
      });
      await bare.listen({ port: 0, host: '127.0.0.1' });
      const bareUrl = `${baseUrlOf(bare.server.address())}/stores/${storeId}`;
      const oursUrl = `${siyu.baseUrl}/api/v1/stores/${created.id}`;

      // Both must serve the same row before anything is timed.
      const [a, b] = await Promise.all([fetchJson(oursUrl, { headers: { cookie } }), fetchJson(bareUrl)]);
      if (a.id !== created.id || b.id !== storeId || a.name !== b.name) {
        throw new Error(`the two servers disagree on the store: ${JSON.stringify({ a, b })}`);
      }

      const load = { connections, duration, warmup };
      const ours = await measureHttp({ ...load, url: oursUrl, headers: { cookie } });
      const base = await measureHttp({ ...load, url: bareUrl });

      return [
        rateFigure({
          figure: 'http.get_store.rps',
          unit: 'req/s',
          ours: ours.rps,
          baseline: base.rps,
          goal: '≥ 0.5× bare route',
          minRatio: 0.5,
        }),
        timeFigure({
          figure: 'http.get_store.p99',
          unit: 'ms',
          ours: ours.p99,
          baseline: base.p99,
          goal: 'p99 within 2× bare',
          minRatio: 0.5,
        }),
      ];
    } finally {
      await bare.close();
      await pool.end();
      await siyu.close();
    }
  },
};
