// members: what ingest and lookup cost at the scale the issue names.
//
// 1. Batch ingest: 1,000,000 orders (2–3 lines each) for 200,000 members identified by phone,
//    as NDJSON chunks of 10,000 through parseNdjson + ingestBatch — what POST /orders/batch runs,
//    called directly — against a plain COPY (pg-copy-streams) of the same orders, one row each,
//    into a bare logged table, in the same run.
// 2. Single-order ingest over HTTP (POST /api/v1/orders) against a bare Fastify route inserting
//    one row on a pool of the same size.
// 3. Member lookup by phone over HTTP (GET /api/v1/members?q=<phone>) with 1,000,000 members,
//    against a bare route doing the same keyed-hash lookup.
//
// SIYU_BENCH_SCALE (default 1) scales the order, member and lookup counts;
// SIYU_BENCH_INGEST_CONCURRENCY (default 2) is how many batches are in flight at once, as
// concurrent API clients would send them.
import { createHmac } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { normalizeIdentity } from '../src/modules/members/identity.ts';
import { type ResolveItem, resolveMany } from '../src/modules/members/resolve-many.ts';
import { parseNdjson } from '../src/modules/orders/orders.routes.ts';
import { ingestBatch } from '../src/modules/orders/orders-batch.ts';
import { systemCtx } from '../src/shared/context.ts';
import { allPermissions } from '../src/shared/permissions.ts';
import { createTestTenant } from '../test/harness.ts';
import {
  type Benchmark,
  baseUrlOf,
  type Figure,
  fetchJson,
  login,
  rateFigure,
  startSiyuServer,
  timeFigure,
} from './harness.ts';

const scale = Number(process.env.SIYU_BENCH_SCALE ?? '1');
const concurrency = Number(process.env.SIYU_BENCH_INGEST_CONCURRENCY ?? '2');
const chunk = 10_000;
const skus = 500;
const storeCount = 20;

/** A small deterministic PRNG, so ours and the baseline see the same orders. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ ((t + 7 * t) >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const phoneOf = (member: number) => `139${String(member).padStart(8, '0')}`;
const priceOf = (sku: number) => 1_000 + (sku % 50) * 500;

interface GenOrder {
  externalId: string;
  phone: string;
  store: number;
  paidAt: string;
  lines: { sku: string; qty: number; unitPriceCents: number; paidCents: number }[];
  discountCents: number;
  total: number;
  paid: number;
  units: number;
}

/** Orders [from, to): 2–3 distinct SKUs, qty 1–3, a discount on a third of them, taken from the first line. */
function generate(from: number, to: number, members: number): GenOrder[] {
  const out: GenOrder[] = [];
  for (let i = from; i < to; i++) {
    const r = rng(i + 1);
    const n = r() < 0.5 ? 2 : 3;
    const first = Math.floor(r() * skus);
    const lines = Array.from({ length: n }, (_, k) => {
      const sku = (first + k * 37) % skus;
      const qty = 1 + Math.floor(r() * 3);
      return { sku: `SKU-${sku}`, qty, unitPriceCents: priceOf(sku), paidCents: qty * priceOf(sku) };
    });
    const discountCents = r() < 0.33 ? Math.min(500, lines[0]!.paidCents) : 0;
    lines[0]!.paidCents -= discountCents;
    const total = lines.reduce((s, l) => s + l.qty * l.unitPriceCents, 0);
    out.push({
      externalId: `B-${i}`,
      phone: phoneOf(Math.floor(r() * members)),
      store: Math.floor(r() * storeCount),
      paidAt: new Date(Date.UTC(2025, 0, 1) + i * 30_000).toISOString(),
      lines,
      discountCents,
      total,
      paid: total - discountCents,
      units: lines.reduce((s, l) => s + l.qty, 0),
    });
  }
  return out;
}

interface Load {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** autocannon in a worker thread, 10 connections, 2 s warm-up, 10 s measured; any non-2xx invalidates it. */
async function measure(load: Load): Promise<{ rps: number; p99: number }> {
  const base = { ...load, connections: 10, workers: 1, idReplacement: true };
  const run = async (duration: number) => {
    const r = await autocannon({ ...base, duration });
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r.requests.total === 0) {
      throw new Error(
        `load on ${load.method ?? 'GET'} ${load.url} is not valid: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`,
      );
    }
    return r;
  };
  await run(2);
  const r = await run(10);
  return { rps: r.requests.total / r.duration, p99: r.latency.p99 };
}

const copyColumns =
  'channel, external_id, member_phone, store_id, paid_at, total_cents, discount_cents, paid_cents, units, lines';

export const members: Benchmark = {
  name: 'members',
  description: 'order ingest: batch vs COPY, single over HTTP; member lookup by phone at 1M members',
  async run(ctx) {
    const nOrders = Math.round(1_000_000 * scale);
    const nMembers = Math.round(200_000 * scale);
    const nLookup = Math.round(1_000_000 * scale);
    const tenant = await createTestTenant(ctx.db, `bench-members-${Date.now().toString(36)}`);
    const siyu = await startSiyuServer(ctx);
    // Ingest with the server's own keys, so members it created are found by phone over HTTP.
    const pii = { cipher: siyu.runtime.deps.cipher, hmacKey: siyu.runtime.config.hmacKey };
    const pool = new pg.Pool({ connectionString: ctx.ownerUrl, max: 10 });
    const bare = Fastify({ logger: false });
    const figures: Figure[] = [];
    const log = (s: string) => console.log(`  ${s}`);
    try {
      const cookie = await login(siyu.baseUrl, { tenant: tenant.code, ...tenant.admin });
      const post = (path: string, body: unknown, expect = 201) =>
        fetchJson<{ id: string }>(`${siyu.baseUrl}${path}`, {
          method: 'POST',
          expect,
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const stores: string[] = [];
      for (let s = 0; s < storeCount; s++)
        stores.push((await post('/api/v1/stores', { code: `S${s}`, name: `Store ${s}` })).id);
      await post(
        '/api/v1/products/bulk',
        {
          items: Array.from({ length: skus }, (_, i) => ({
            sku: `SKU-${i}`,
            name: `Product ${i}`,
            priceCents: priceOf(i),
          })),
        },
        200,
      );
      const ndjson = (orders: GenOrder[]) =>
        orders
          .map((o) =>
            JSON.stringify({
              channel: 'store_pos',
              externalId: o.externalId,
              storeId: stores[o.store],
              member: { kind: 'phone', value: o.phone },
              lines: o.lines,
              discountCents: o.discountCents,
              paidAt: o.paidAt,
            }),
          )
          .join('\n');

      // Baseline: COPY of the same orders, one row each, into a bare table.
      await pool.query(`CREATE TABLE bench_orders_copy (channel text, external_id text, member_phone text, store_id bigint,
        paid_at timestamptz, total_cents bigint, discount_cents bigint, paid_cents bigint, units int, lines int)`);
      const copyText: string[] = [];
      for (let i = 0; i < nOrders; i += chunk) {
        copyText.push(
          generate(i, Math.min(i + chunk, nOrders), nMembers)
            .map(
              (o) =>
                `store_pos\t${o.externalId}\t${o.phone}\t${stores[o.store]!.slice(4)}\t${o.paidAt}\t${o.total}\t${o.discountCents}\t${o.paid}\t${o.units}\t${o.lines.length}\n`,
            )
            .join(''),
        );
      }
      const client = await pool.connect();
      let copySeconds: number;
      try {
        const t0 = performance.now();
        await pipeline(
          Readable.from(copyText),
          client.query(copyFrom(`COPY bench_orders_copy (${copyColumns}) FROM STDIN`)),
        );
        copySeconds = (performance.now() - t0) / 1000;
      } finally {
        client.release();
      }
      copyText.length = 0;
      log(`COPY: ${nOrders} rows in ${copySeconds.toFixed(1)} s`);

      // Ours: NDJSON chunks through the batch path, `concurrency` in flight.
      const ctxFor = systemCtx(tenant.id, allPermissions, 'bench');
      let next = 0;
      let busy = 0;
      let created = 0;
      const worker = async () => {
        while (next < nOrders) {
          const from = next;
          next += chunk;
          const text = ndjson(generate(from, Math.min(from + chunk, nOrders), nMembers));
          const t0 = performance.now();
          const { records } = parseNdjson(text);
          const result = await ctx.db.tenant(tenant.id, (tx) => ingestBatch(tx, ctxFor, pii, records));
          busy += performance.now() - t0;
          if (result.failed > 0)
            throw new Error(`batch at ${from}: ${JSON.stringify(result.errors.slice(0, 3))}`);
          created += result.created;
          if ((from / chunk) % 20 === 0) log(`  … ${from + chunk} orders`);
        }
      };
      const t0 = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      const oursSeconds = (performance.now() - t0) / 1000;
      const counts = await ctx.db.system((tx) =>
        tx.one<{ orders: number; lines: number; members: number }>(
          `SELECT (SELECT count(*)::int FROM orders WHERE tenant_id = $1) AS orders,
             (SELECT count(*)::int FROM order_lines WHERE tenant_id = $1) AS lines,
             (SELECT count(*)::int FROM members WHERE tenant_id = $1) AS members`,
          [tenant.id],
        ),
      );
      if (created !== nOrders || counts.orders !== nOrders)
        throw new Error(`expected ${nOrders} orders, created ${created}, found ${counts.orders}`);
      log(
        `ours: ${counts.orders} orders, ${counts.lines} lines, ${counts.members} members in ${oursSeconds.toFixed(1)} s (${concurrency} in flight; ${(busy / 1000).toFixed(1)} s of batch time)`,
      );
      figures.push(
        rateFigure({
          figure: 'members.batch_ingest.orders_per_s',
          unit: 'orders/s',
          ours: nOrders / oursSeconds,
          baseline: nOrders / copySeconds,
          goal: '≥ 0.3× COPY of the order rows',
          minRatio: 0.3,
        }),
      );

      // Single orders over HTTP vs a bare route inserting one row.
      const storeId = stores[0]!;
      bare.post<{
        Body: { externalId: string; member: { value: string }; paidAt: string; lines: GenOrder['lines'] };
      }>('/orders', async (req, reply) => {
        const o = req.body;
        const total = o.lines.reduce((s, l) => s + l.qty * l.unitPriceCents, 0);
        await pool.query(
          `INSERT INTO bench_orders_copy (${copyColumns}) VALUES ('store_pos', $1, $2, $3, $4, $5, 0, $5, $6, $7)`,
          [
            o.externalId,
            o.member.value,
            storeId.slice(4),
            o.paidAt,
            total,
            o.lines.reduce((s, l) => s + l.qty, 0),
            o.lines.length,
          ],
        );
        return reply.code(201).send({ ok: true });
      });
      bare.get<{ Querystring: { phone: string } }>('/members', async (req) => {
        const hash = createHmac('sha256', pii.hmacKey).update(`phone:+86${req.query.phone}`).digest('hex');
        const { rows } = await pool.query(
          `SELECT m.id, m.name, m.phone_masked, m.joined_at FROM member_identities i JOIN members m ON m.id = i.member_id AND m.tenant_id = i.tenant_id
           WHERE i.tenant_id = $1 AND i.pool_id = 0 AND i.kind = 'phone' AND i.namespace = '' AND i.value = $2`,
          [tenant.id, hash],
        );
        return { items: rows };
      });
      await bare.listen({ port: 0, host: '127.0.0.1' });
      const bareUrl = baseUrlOf(bare.server.address());
      const body = JSON.stringify({
        channel: 'store_pos',
        externalId: 'H-[<id>]',
        storeId,
        member: { kind: 'phone', value: phoneOf(7) },
        lines: [
          { sku: 'SKU-1', qty: 1, unitPriceCents: priceOf(1), paidCents: priceOf(1) },
          { sku: 'SKU-2', qty: 2, unitPriceCents: priceOf(2), paidCents: 2 * priceOf(2) },
        ],
        paidAt: '2025-06-18T12:00:00Z',
      });
      const json = { 'content-type': 'application/json' };
      const oursPost = await measure({
        url: `${siyu.baseUrl}/api/v1/orders`,
        method: 'POST',
        headers: { ...json, cookie },
        body,
      });
      const barePost = await measure({ url: `${bareUrl}/orders`, method: 'POST', headers: json, body });
      figures.push(
        rateFigure({
          figure: 'members.single_ingest.rps',
          unit: 'orders/s',
          ours: oursPost.rps,
          baseline: barePost.rps,
          goal: 'informational: vs a bare one-row INSERT route',
        }),
        timeFigure({
          figure: 'members.single_ingest.p99',
          unit: 'ms',
          ours: oursPost.p99,
          baseline: barePost.p99,
          goal: 'informational: vs a bare one-row INSERT route',
        }),
      );

      // Top up to nLookup members through the members module's bulk path, then look up by phone.
      const tTop = performance.now();
      const have = counts.members;
      for (let i = have; i < nLookup; i += 20_000) {
        const items: ResolveItem[] = [];
        for (let k = i; k < Math.min(i + 20_000, nLookup); k++) {
          items.push({
            identity: normalizeIdentity(
              { kind: 'phone', value: `138${String(k).padStart(8, '0')}` },
              pii.hmacKey,
            ),
            pool: '0',
            join: {},
            source: 'bench',
          });
        }
        await ctx.db.tenant(tenant.id, (tx) => resolveMany(tx, ctxFor, pii, items));
      }
      await pool.query('ANALYZE members; ANALYZE member_identities');
      log(`topped up to ${nLookup} members in ${((performance.now() - tTop) / 1000).toFixed(1)} s`);
      const phone = phoneOf(Math.floor(nMembers / 2));
      const found = await fetchJson<{ items: { id: string }[] }>(
        `${siyu.baseUrl}/api/v1/members?q=${phone}`,
        { headers: { cookie } },
      );
      const bareFound = await fetchJson<{ items: unknown[] }>(`${bareUrl}/members?phone=${phone}`);
      if (found.items.length !== 1 || bareFound.items.length !== 1)
        throw new Error(`lookup of ${phone}: ours ${found.items.length}, bare ${bareFound.items.length}`);
      const oursGet = await measure({
        url: `${siyu.baseUrl}/api/v1/members?q=${phone}`,
        headers: { cookie },
      });
      const bareGet = await measure({ url: `${bareUrl}/members?phone=${phone}` });
      figures.push(
        timeFigure({
          figure: 'members.lookup_by_phone.p99',
          unit: 'ms',
          ours: oursGet.p99,
          baseline: bareGet.p99,
          goal: `informational: at ${nLookup} members, vs a bare keyed lookup`,
        }),
        rateFigure({
          figure: 'members.lookup_by_phone.rps',
          unit: 'req/s',
          ours: oursGet.rps,
          baseline: bareGet.rps,
          goal: `informational: at ${nLookup} members`,
        }),
      );
      if (scale !== 1)
        log(`SIYU_BENCH_SCALE=${scale}: ${nOrders} orders, ${nMembers} members, lookups at ${nLookup}`);
      return figures;
    } finally {
      await bare.close();
      await pool.end();
      await siyu.close();
    }
  },
};
