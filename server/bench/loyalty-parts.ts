// The loyalty benchmark's second and third figures: coupon redemption over HTTP, and the points
// expiry run over 10,000,000 lots. Each beside a baseline measured in the same run.
import autocannon from 'autocannon';
import Fastify from 'fastify';
import type pg from 'pg';
import type { Database } from '../src/db/database.ts';
import { issueCoupons } from '../src/modules/coupons/issue.service.ts';
import { createTemplate } from '../src/modules/coupons/templates.service.ts';
import { expireAllTenants } from '../src/modules/loyalty/points.jobs.ts';
import type { Ctx } from '../src/shared/context.ts';
import {
  type BenchContext,
  baseUrlOf,
  type Figure,
  login,
  rateFigure,
  startSiyuServer,
  timeFigure,
} from './harness.ts';

/** autocannon with a fresh body per request (each redeems another coupon); any non-2xx invalidates it. */
async function load(url: string, headers: Record<string, string>, body: (i: number) => string) {
  let i = 0;
  const run = async (duration: number) => {
    const r = await autocannon({
      url,
      method: 'POST',
      connections: 10,
      duration,
      headers: { 'content-type': 'application/json', ...headers },
      requests: [{ setupRequest: (req) => ({ ...req, body: body(i++) }) }],
    });
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
      throw new Error(`load on ${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
    return r;
  };
  await run(2);
  const r = await run(10);
  return { rps: r.requests.total / r.duration, p99: r.latency.p99, used: i };
}

export async function couponRedeemFigures(
  ctx: BenchContext,
  pool: pg.Pool,
  tenant: { id: string; code: string; admin: { username: string; password: string } },
  sys: Ctx,
  log: (s: string) => void,
): Promise<Figure[]> {
  const n = 40_000;
  const { codes, members } = await ctx.db.tenant(tenant.id, async (tx) => {
    const t = await createTemplate(tx, sys, {
      name: 'bench ¥10 off',
      kind: 'cash_off',
      amountOffCents: 1_000,
      thresholdCents: 0,
      validity: { kind: 'relative', days: 30 },
      status: 'active',
    } as never);
    const ids = (
      await tx.many<{ id: string }>("SELECT id FROM members WHERE status = 'active' ORDER BY id LIMIT $1", [
        n,
      ])
    ).map((m) => m.id);
    const issued = await issueCoupons(tx, sys, {
      templateId: t.id,
      memberIds: ids,
      source: { type: 'campaign', id: 'bench' },
      idempotencyKey: 'bench:redeem',
    });
    return { codes: issued.issued.map((c) => c.code), members: issued.issued.map((c) => c.memberId) };
  });
  log(`issued ${codes.length} coupons for the redeem load`);
  await pool.query(`CREATE TABLE bench_coupons (code text PRIMARY KEY, member_id bigint NOT NULL, status text NOT NULL);
    CREATE TABLE bench_redemptions (id bigserial PRIMARY KEY, code text NOT NULL, order_ref text NOT NULL, at timestamptz DEFAULT now())`);
  // The bare route redeems codes of its own, as many as a fast route can use in the run.
  await pool.query(
    `INSERT INTO bench_coupons SELECT 'BARE-' || g, g, 'available' FROM generate_series(0, 499999) g`,
  );
  const siyu = await startSiyuServer(ctx);
  const bare = Fastify({ logger: false });
  bare.post<{ Body: { code: string; order: { externalOrderId: string } } }>('/redeem', async (req, reply) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const r = await c.query(
        "UPDATE bench_coupons SET status = 'redeemed' WHERE code = $1 AND status = 'available' RETURNING code",
        [req.body.code],
      );
      if (r.rowCount === 0) throw new Error('not available');
      await c.query('INSERT INTO bench_redemptions (code, order_ref) VALUES ($1, $2)', [
        req.body.code,
        req.body.order.externalOrderId,
      ]);
      await c.query('COMMIT');
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    } finally {
      c.release();
    }
    return reply.send({ discountCents: 1_000 });
  });
  try {
    await bare.listen({ port: 0, host: '127.0.0.1' });
    const cookie = await login(siyu.baseUrl, { tenant: tenant.code, ...tenant.admin });
    const body = (i: number) => {
      if (i >= codes.length) throw new Error(`the redeem load used all ${codes.length} coupons: issue more`);
      return JSON.stringify({
        code: codes[i],
        memberId: `mem_${members[i]}`,
        order: {
          channel: 'store_pos',
          externalOrderId: `RD-${i}`,
          totalCents: 5_000,
          lines: [{ sku: 'SKU-1', qty: 1, amountCents: 5_000 }],
        },
      });
    };
    const ours = await load(`${siyu.baseUrl}/api/v1/coupons/redeem`, { cookie }, body);
    const base = await load(`${baseUrlOf(bare.server.address())}/redeem`, {}, (i) =>
      JSON.stringify({ code: `BARE-${i}`, memberId: `mem_${i}`, order: { externalOrderId: `RD-B-${i}` } }),
    );
    log(`redeemed ${ours.used} coupons through the API, ${base.used} through the bare route`);
    return [
      timeFigure({
        figure: 'loyalty.coupon_redeem.p99',
        unit: 'ms',
        ours: ours.p99,
        baseline: base.p99,
        goal: 'informational: vs a bare conditional UPDATE + INSERT route',
      }),
      rateFigure({
        figure: 'loyalty.coupon_redeem.rps',
        unit: 'req/s',
        ours: ours.rps,
        baseline: base.rps,
        goal: 'informational',
      }),
    ];
  } finally {
    await bare.close();
    await siyu.close();
  }
}

/**
 * Expiry over nLots lots: half of them due. The lots are written straight into the ledger's tables
 * (an earn journal per account, balances to match), as years of earning would have left them.
 */
export async function expiryFigure(
  db: Database,
  pool: pg.Pool,
  tenantId: string,
  nLots: number,
  log: (s: string) => void,
): Promise<Figure> {
  const t0 = performance.now();
  await pool.query(
    `INSERT INTO ledger_accounts (tenant_id, kind, member_id, scope_id)
     SELECT tenant_id, 'points', id, pool_id FROM members WHERE tenant_id = $1 AND status = 'active'
     ON CONFLICT DO NOTHING`,
    [tenantId],
  );
  const { rows } = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM ledger_accounts WHERE tenant_id = $1 AND kind = 'points'",
    [tenantId],
  );
  const accounts = rows[0]!.n;
  const per = Math.ceil(nLots / accounts);
  await pool.query(
    `INSERT INTO ledger_journals (tenant_id, kind, idempotency_key, request_hash, account_id, created_by, occurred_at)
     SELECT tenant_id, 'earn', 'bench:seed:' || id, '\\x00', id, 'bench', now() FROM ledger_accounts
     WHERE tenant_id = $1 AND kind = 'points'`,
    [tenantId],
  );
  await pool.query(
    `INSERT INTO ledger_lots (tenant_id, account_id, journal_id, state, amount, remaining, earned_at, expires_at, source_type, source_id)
     SELECT j.tenant_id, j.account_id, j.id, 'available', 10, 10, now() - g * interval '1 day',
       now() + CASE WHEN g % 2 = 0 THEN -1 ELSE 1 END * (1 + g % 300) * interval '1 day', 'bench', j.id::text
     FROM ledger_journals j CROSS JOIN generate_series(1, $2) g
     WHERE j.tenant_id = $1 AND j.idempotency_key LIKE 'bench:seed:%'`,
    [tenantId, per],
  );
  await pool.query(
    `UPDATE ledger_accounts a SET available = a.available + 10 * $2 WHERE tenant_id = $1 AND kind = 'points'`,
    [tenantId, per],
  );
  await pool.query('ANALYZE ledger_lots; ANALYZE ledger_accounts');
  const total = (
    await pool.query<{ n: number; due: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE expires_at <= now() AND remaining > 0)::int AS due
     FROM ledger_lots WHERE tenant_id = $1`,
      [tenantId],
    )
  ).rows[0]!;
  log(
    `wrote ${total.n} lots (${total.due} due) on ${accounts} accounts in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );

  // Baseline: the same due lots zeroed by one UPDATE on a bare copy of the columns expiry reads.
  await pool.query(
    `CREATE TABLE bench_lots AS SELECT id, account_id, remaining, expires_at FROM ledger_lots WHERE tenant_id = ${Number(tenantId)};
     CREATE INDEX ON bench_lots (expires_at) WHERE remaining > 0; ANALYZE bench_lots`,
  );
  const t1 = performance.now();
  await pool.query('UPDATE bench_lots SET remaining = 0 WHERE expires_at <= now() AND remaining > 0');
  const baseSeconds = (performance.now() - t1) / 1000;

  const t2 = performance.now();
  await expireAllTenants(db, new Date());
  const oursSeconds = (performance.now() - t2) / 1000;
  const left = (
    await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ledger_lots WHERE tenant_id = $1 AND expires_at <= now() AND remaining > 0 AND state = 'available'",
      [tenantId],
    )
  ).rows[0]!.n;
  if (left > 0) throw new Error(`${left} due lots left after the expiry run`);
  log(`expiry: ${total.due} lots in ${oursSeconds.toFixed(1)} s; bare UPDATE ${baseSeconds.toFixed(1)} s`);
  return timeFigure({
    figure: 'loyalty.expiry_run.seconds',
    unit: 's',
    ours: oursSeconds,
    baseline: baseSeconds,
    goal: `informational: ${total.n} lots, half due; vs one bare UPDATE of the due lots`,
  });
}
