// loyalty: settling orders into points, tier progress and benefits, end to end.
//
// 1,000,000 orders for 200,000 members are ingested through the batch path (not timed); then the
// outbox dispatcher and the settlement consumer run as in production (`siyu worker`) and the clock
// runs until every order has its settlement: points on the ledger (pending or available), growth,
// tier upgrades with their events. The baseline, in the same run: one transaction per order that
// inserts one posting and updates one balance row, on a bare pair of tables, from 2 clients.
//
// Then coupon redemption over HTTP (p99) and the expiry run over 10,000,000 lots (loyalty-parts.ts).
//
// SIYU_BENCH_SCALE (default 1) scales the order, member and lot counts.
import pg from 'pg';
import { parseNdjson } from '../src/modules/orders/orders.routes.ts';
import { ingestBatch } from '../src/modules/orders/orders-batch.ts';
import { createRuntime } from '../src/runtime.ts';
import { systemCtx } from '../src/shared/context.ts';
import { allPermissions } from '../src/shared/permissions.ts';
import { createTestTenant } from '../test/harness.ts';
import { type Benchmark, type Figure, rateFigure } from './harness.ts';
import { couponRedeemFigures, expiryFigure } from './loyalty-parts.ts';

const scale = Number(process.env.SIYU_BENCH_SCALE ?? '1');
const chunk = 10_000;

export const loyalty: Benchmark = {
  name: 'loyalty',
  description: 'settle 1M orders into points, tiers and benefits vs one transaction per posting',
  async run(ctx) {
    const nOrders = Math.round(1_000_000 * scale);
    const nMembers = Math.round(200_000 * scale);
    const nBaseline = Math.round(50_000 * scale);
    const log = (s: string) => console.log(`  ${s}`);
    const tenant = await createTestTenant(ctx.db, `bench-loyalty-${Date.now().toString(36)}`);
    const ctxFor = systemCtx(tenant.id, allPermissions, 'bench');
    const pool = new pg.Pool({ connectionString: ctx.ownerUrl, max: 4 });
    const figures: Figure[] = [];
    // A runtime without workers for the setup: the events wait in the outbox until we time them.
    const setup = await createRuntime({
      config: ctx.config(),
      db: ctx.db,
      http: false,
      work: false,
      logger: false,
    });
    const pii = { cipher: setup.deps.cipher, hmacKey: setup.config.hmacKey };
    try {
      const storeIds = await ctx.db.tenant(tenant.id, async (tx) => {
        const ids: string[] = [];
        for (let s = 0; s < 20; s++)
          ids.push(
            (
              await tx.one<{ id: string }>(
                'INSERT INTO stores (tenant_id, code, name) VALUES ($1, $2, $3) RETURNING id',
                [tenant.id, `S${s}`, `Store ${s}`],
              )
            ).id,
          );
        await tx.exec(
          `INSERT INTO products (tenant_id, sku, name, category_path, price_cents)
           SELECT $1, 'SKU-' || i, 'P' || i, CASE WHEN i % 2 = 0 THEN '镜架/金属框' ELSE '镜片' END, 1000 + (i % 50) * 500
           FROM generate_series(0, 499) i`,
          [tenant.id],
        );
        const program = await tx.one<{ id: string }>(
          `INSERT INTO loyalty_programs (tenant_id, name, return_window_days, expiry)
           VALUES ($1, 'bench', 7, '{"kind":"months_after","months":24}') RETURNING id`,
          [tenant.id],
        );
        await tx.exec(
          `INSERT INTO loyalty_tiers (tenant_id, program_id, rank, code, name, threshold, benefits) VALUES
             ($1, $2, 1, 'silver', 'Silver', 0, '{}'),
             ($1, $2, 2, 'gold', 'Gold', 100000, '{"pointsMultiplier": 1.5}'),
             ($1, $2, 3, 'black', 'Black', 500000, '{"pointsMultiplier": 2}')`,
          [tenant.id, program.id],
        );
        await tx.exec(
          `INSERT INTO loyalty_earn_rules (tenant_id, program_id, kind, name, rate, category_prefixes) VALUES
             ($1, $2, 'base', 'base', 1, '{}'), ($1, $2, 'base', 'frames', 2, '{镜架}')`,
          [tenant.id, program.id],
        );
        return ids;
      });

      const t0 = performance.now();
      for (let from = 0; from < nOrders; from += chunk) {
        const lines: string[] = [];
        for (let i = from; i < Math.min(from + chunk, nOrders); i++) {
          const sku = (i * 7) % 500;
          const price = 1000 + (sku % 50) * 500;
          const sku2 = (sku + 37) % 500;
          const price2 = 1000 + (sku2 % 50) * 500;
          lines.push(
            JSON.stringify({
              channel: i % 3 === 0 ? 'wechat_mall' : 'store_pos',
              externalId: `L-${i}`,
              storeId: `sto_${storeIds[i % 20]}`,
              member: { kind: 'phone', value: `137${String((i * 7919) % nMembers).padStart(8, '0')}` },
              lines: [
                { sku: `SKU-${sku}`, qty: 1, unitPriceCents: price, paidCents: price },
                { sku: `SKU-${sku2}`, qty: 2, unitPriceCents: price2, paidCents: 2 * price2 },
              ],
              paidAt: new Date(Date.now() - (nOrders - i) * 20_000).toISOString(),
            }),
          );
        }
        const { records } = parseNdjson(lines.join('\n'));
        const r = await ctx.db.tenant(tenant.id, (tx) => ingestBatch(tx, ctxFor, pii, records));
        if (r.failed > 0) throw new Error(`ingest at ${from}: ${JSON.stringify(r.errors.slice(0, 2))}`);
        if ((from / chunk) % 20 === 0) log(`  … ingested ${from + chunk}`);
      }
      log(`ingested ${nOrders} orders in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed)`);
      await setup.close();

      // Ours: the worker drains the outbox; settled when every member order has its settlement.
      const t1 = performance.now();
      const worker = await createRuntime({
        config: ctx.config(),
        db: ctx.db,
        http: false,
        work: true,
        logger: false,
      });
      let settled = 0;
      try {
        for (;;) {
          await new Promise((r) => setTimeout(r, 1_000));
          settled = (
            await pool.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM loyalty_settlements WHERE tenant_id = $1',
              [tenant.id],
            )
          ).rows[0]!.n;
          if (settled >= nOrders) break;
          const s = (performance.now() - t1) / 1000;
          if (Math.round(s) % 15 === 0) log(`  … ${settled} settled after ${s.toFixed(0)} s`);
          if (s > 3_600) throw new Error(`only ${settled} of ${nOrders} settled after an hour`);
        }
      } finally {
        await worker.close();
      }
      const oursSeconds = (performance.now() - t1) / 1000;
      const check = (
        await pool.query<{ lots: number; tiers: number; upgraded: number }>(
          `SELECT (SELECT count(*)::int FROM ledger_lots WHERE tenant_id = $1) AS lots,
             (SELECT count(*)::int FROM loyalty_member_tiers WHERE tenant_id = $1) AS tiers,
             (SELECT count(*)::int FROM loyalty_tier_history WHERE tenant_id = $1) AS upgraded`,
          [tenant.id],
        )
      ).rows[0]!;
      log(
        `ours: ${settled} orders settled in ${oursSeconds.toFixed(1)} s: ${check.lots} lots, ${check.tiers} members tiered, ${check.upgraded} tier changes`,
      );

      // Baseline: one transaction per order, one posting and one balance update.
      await pool.query(`CREATE TABLE bench_balances (member_id bigint PRIMARY KEY, balance bigint NOT NULL);
        CREATE TABLE bench_postings (id bigserial PRIMARY KEY, member_id bigint NOT NULL, amount bigint NOT NULL,
          order_ref text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
        INSERT INTO bench_balances SELECT g, 0 FROM generate_series(0, ${nMembers - 1}) g;`);
      let next = 0;
      const client = async () => {
        const c = await pool.connect();
        try {
          while (next < nBaseline) {
            const i = next++;
            const member = (i * 7919) % nMembers;
            await c.query('BEGIN');
            await c.query('INSERT INTO bench_postings (member_id, amount, order_ref) VALUES ($1, $2, $3)', [
              member,
              100,
              `L-${i}`,
            ]);
            await c.query('UPDATE bench_balances SET balance = balance + $2 WHERE member_id = $1', [
              member,
              100,
            ]);
            await c.query('COMMIT');
          }
        } finally {
          c.release();
        }
      };
      const t2 = performance.now();
      await Promise.all([client(), client()]);
      const baseSeconds = (performance.now() - t2) / 1000;
      log(`baseline: ${nBaseline} one-posting transactions in ${baseSeconds.toFixed(1)} s`);
      figures.push(
        rateFigure({
          figure: 'loyalty.settle.orders_per_s',
          unit: 'orders/s',
          ours: nOrders / oursSeconds,
          baseline: nBaseline / baseSeconds,
          goal: '≥ 10× one transaction per posting',
          minRatio: 10,
        }),
      );
      figures.push(...(await couponRedeemFigures(ctx, pool, tenant, ctxFor, log)));
      figures.push(await expiryFigure(ctx.db, pool, tenant.id, Math.round(10_000_000 * scale), log));
      return figures;
    } finally {
      await pool.end();
    }
  },
};
