import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { serverUrl } from '../../../test/harness.ts';
import { AppError } from '../../shared/errors.ts';
import { earnPoints } from '../loyalty/points.earn.ts';
import { cancelExchange, shipExchange } from './exchanges.fulfil.ts';
import { address, type MallWorld, mallWorld } from './mall.fixtures.ts';
import { MallError, type MallReason } from './mall-errors.ts';

// Jepsen-style: many clients at once against a real database, then the invariants. On PostgreSQL
// the exchanges run on a pool of 20 connections at once; on PGlite (one connection) they
// serialise, so it runs fewer trials there.
describe('points mall: stock, limits and points under concurrency', () => {
  let w: MallWorld;
  const trials = serverUrl ? 10 : 2;
  before(async () => {
    w = await mallWorld('mall-conc');
  });
  after(() => w.close());

  /** `n` members with `points` each, credited in one ledger call. */
  const funded = async (n: number, points: number) => {
    const ms = await w.members(n);
    await w.tx((tx) =>
      earnPoints(
        tx,
        w.ctx,
        ms.map((m) => ({ key: `fund:${m}`, account: { memberId: m }, points, expiresAt: null })),
      ),
    );
    return ms;
  };
  /**
   * Runs the calls and settles them all. On PostgreSQL every call starts at once; PGlite has one
   * connection, and a queue hundreds deep outwaits the pool's 15 s connect timeout, so there a few
   * at a time keep it fed (the calls still interleave, a statement at a time).
   */
  const settle = async <T>(calls: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> => {
    if (serverUrl) return Promise.allSettled(calls.map((c) => c()));
    const out: PromiseSettledResult<T>[] = new Array(calls.length);
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const i = next++;
        out[i] = await calls[i]!().then(
          (value) => ({ status: 'fulfilled' as const, value }),
          (reason: unknown) => ({ status: 'rejected' as const, reason }),
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return out;
  };
  /** Refusals must be the mall or the ledger speaking, never an error. */
  const refusals = (results: PromiseSettledResult<unknown>[]) =>
    results.flatMap((r) => {
      if (r.status === 'fulfilled') return [];
      if (r.reason instanceof MallError) return [r.reason.reason as MallReason | 'POINTS_INSUFFICIENT'];
      if (r.reason instanceof AppError && r.reason.code === 'POINTS_INSUFFICIENT')
        return ['POINTS_INSUFFICIENT' as const];
      throw r.reason;
    });
  const facts = (itemId: string) =>
    w.tx((tx) =>
      tx.one<{
        stock_left: number | null;
        exchanged: number;
        live: number;
        qty: number;
        worst: number;
        held: number;
      }>(
        `SELECT i.stock_left, i.exchanged,
                (SELECT count(*)::int FROM mall_exchanges WHERE item_id = i.id AND status <> 'cancelled') AS live,
                (SELECT coalesce(sum(qty), 0)::int FROM mall_exchanges WHERE item_id = i.id AND status <> 'cancelled') AS qty,
                (SELECT coalesce(max(n), 0)::int FROM (SELECT count(*) AS n FROM mall_exchanges
                   WHERE item_id = i.id AND status <> 'cancelled' GROUP BY origin_member_id) x) AS worst,
                (SELECT coalesce(sum(h.points), 0)::int FROM mall_exchanges e JOIN ledger_holds h ON h.id = e.hold_id
                   WHERE e.item_id = i.id AND h.status = 'open') AS held
         FROM mall_items i WHERE i.id = $1`,
        [itemId],
      ),
    );

  test(`400 concurrent exchanges on a stock of 50, ${trials} trials: exactly 50 placed each time`, async () => {
    for (let trial = 1; trial <= trials; trial++) {
      const item = await w.item({ name: `race ${trial}`, points: 10, stock: 50 });
      const ms = await funded(400, 10);
      const results = await settle(ms.map((m) => () => w.place({ memberId: m, itemId: item.id, address })));
      const placed = results.filter((r) => r.status === 'fulfilled').length;
      const refused = refusals(results);
      assert.equal(placed, 50, `trial ${trial}: ${placed} placed`);
      assert.ok(
        refused.every((r) => r === 'out_of_stock'),
        `trial ${trial}: ${[...new Set(refused)]}`,
      );
      const f = await facts(item.id);
      assert.equal(f.live, 50, `trial ${trial}: exchanges`);
      assert.equal(f.stock_left! + f.qty, 50, `trial ${trial}: stock_left + placed = initial`);
      assert.equal(f.exchanged, 50);
      assert.equal(f.held, 500, `trial ${trial}: exactly the placed exchanges hold points`);
    }
    assert.deepEqual(await w.ledgerProblems(), []);
  });

  test('50 members × 20 parallel exchanges with a limit of 1: one each', async () => {
    const item = await w.item({ name: 'one each', points: 5, perMemberLimit: 1 });
    const ms = await funded(50, 1000);
    const attempts = ms.flatMap((m) => Array.from({ length: 20 }, () => m));
    attempts.sort(() => Math.random() - 0.5);
    const results = await settle(
      attempts.map((m) => () => w.place({ memberId: m, itemId: item.id, address })),
    );
    const refused = refusals(results);
    assert.ok(
      refused.every((r) => r === 'limit_reached'),
      `${[...new Set(refused)]}`,
    );
    const f = await facts(item.id);
    assert.equal(f.worst, 1, 'no member has more than one');
    assert.equal(f.live, 50, 'every member got theirs');
    const counters = await w.tx((tx) =>
      tx.one<{ n: number; sum: number }>(
        'SELECT count(*)::int AS n, sum(taken)::int AS sum FROM mall_member_counts WHERE item_id = $1',
        [item.id],
      ),
    );
    assert.deepEqual(counters, { n: 50, sum: 50 });
  });

  test('points are never double-spent: 20 members × 10 parallel exchanges of 30 from 100 points', async () => {
    const item = await w.item({ name: 'greedy', points: 30 });
    const ms = await funded(20, 100);
    const attempts = ms.flatMap((m) => Array.from({ length: 10 }, () => m));
    attempts.sort(() => Math.random() - 0.5);
    const results = await settle(
      attempts.map((m) => () => w.place({ memberId: m, itemId: item.id, address })),
    );
    const refused = refusals(results);
    assert.ok(
      refused.every((r) => r === 'POINTS_INSUFFICIENT'),
      `${[...new Set(refused)]}`,
    );
    for (const m of ms) assert.deepEqual(await w.balances(m), { available: 10, held: 90 }, `member ${m}`);
    assert.equal((await facts(item.id)).live, 60);
    assert.deepEqual(await w.ledgerProblems(), []);
  });

  test('the same Idempotency-Key 20 times at once: one exchange, one hold, the same answer', async () => {
    const item = await w.item({ name: 'same key', points: 10, stock: 100 });
    const [m] = await funded(1, 1000);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        w.place({ memberId: m!, itemId: item.id, address, idempotencyKey: 'same-key' }),
      ),
    );
    assert.equal(new Set(results.map((r) => r.exchange.id)).size, 1);
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    const f = await facts(item.id);
    assert.deepEqual([f.live, f.stock_left, f.held], [1, 99, 10]);
    assert.deepEqual(await w.balances(m!), { available: 990, held: 10 });
  });

  test('ships, cancels and replays racing on the same exchanges: each ends one way, nothing lost', async () => {
    const item = await w.item({ name: 'storm', points: 20, stock: 40, perMemberLimit: 2 });
    const ms = await funded(20, 100);
    const placed = await Promise.all(
      ms.flatMap((m) => [1, 2].map(() => w.place({ memberId: m, itemId: item.id, address }))),
    );
    const ids = placed.map((p) => p.exchange.id.slice(4));
    const ops = ids.flatMap((id): (() => Promise<unknown>)[] => [
      () => w.tx((tx) => shipExchange(tx, w.ctx, { exchangeId: id, carrier: 'SF', trackingNo: `SF${id}` })),
      () => w.tx((tx) => shipExchange(tx, w.ctx, { exchangeId: id, carrier: 'SF', trackingNo: `SF${id}` })),
      () => w.tx((tx) => cancelExchange(tx, w.ctx, id, { reason: 'race' })),
      () => w.tx((tx) => cancelExchange(tx, w.ctx, id, { reason: 'race' })),
    ]);
    ops.sort(() => Math.random() - 0.5);
    const results = await settle(ops);
    const refused = refusals(results);
    assert.ok(
      refused.every((r) => r === 'bad_transition'),
      `${[...new Set(refused)]}`,
    );
    const ends = await w.tx((tx) =>
      tx.many<{ status: string; hold: string; n: number }>(
        `SELECT e.status, h.status AS hold, count(*)::int AS n FROM mall_exchanges e JOIN ledger_holds h ON h.id = e.hold_id
         WHERE e.item_id = $1 GROUP BY 1, 2 ORDER BY 1`,
        [item.id],
      ),
    );
    for (const e of ends) {
      assert.ok(
        (e.status === 'shipped' && e.hold === 'captured') ||
          (e.status === 'cancelled' && e.hold === 'voided'),
        JSON.stringify(ends),
      );
    }
    assert.equal(
      ends.reduce((s, e) => s + e.n, 0),
      40,
    );
    const f = await facts(item.id);
    assert.equal(f.stock_left! + f.qty, 40, 'stock_left + live = initial');
    const shipped = ends.find((e) => e.status === 'shipped')?.n ?? 0;
    const spent = await w.tx((tx) =>
      tx.one<{ available: string }>(
        `SELECT sum(available) AS available FROM ledger_accounts WHERE member_id = ANY ($1::bigint[]) AND kind = 'points'`,
        [ms],
      ),
    );
    assert.equal(Number(spent.available), 20 * 100 - shipped * 20, 'cancelled points all came back');
    const counters = await w.tx((tx) =>
      tx.one<{ sum: number }>('SELECT sum(taken)::int AS sum FROM mall_member_counts WHERE item_id = $1', [
        item.id,
      ]),
    );
    assert.equal(counters.sum, shipped, 'limits returned for every cancel');
    assert.deepEqual(await w.ledgerProblems(), []);
  });
});
