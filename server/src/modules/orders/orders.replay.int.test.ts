import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { snapshotTenant } from '../../../test/harness.ts';
import { type OrdersWorld, ordersWorld } from './orders.fixtures.ts';

// Any sequence of order ingests (single or batch, first payloads or revisions) and refunds (full,
// by amount, by line; before or after their order), applied once, then every accepted ingest
// delivered again, in the same order, any number of times: nothing changes — not a row, not an
// event. (A refused record was never ingested: sent again later it may fit, e.g. a refund once
// too large for an order that has since been revised upwards.)

type Cmd =
  | { kind: 'single'; order: number; variant: number }
  | { kind: 'batch'; items: { order: number; variant: number }[] }
  | { kind: 'refund'; order: number; refund: number; shape: 'full' | 'amount' | 'line'; cents: number };

const orders = 4;
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ kind: fc.constant('single' as const), order: fc.nat(orders - 1), variant: fc.nat(2) }),
  fc.record({
    kind: fc.constant('batch' as const),
    items: fc.array(fc.record({ order: fc.nat(orders - 1), variant: fc.nat(2) }), {
      minLength: 1,
      maxLength: 5,
    }),
  }),
  fc.record({
    kind: fc.constant('refund' as const),
    order: fc.nat(orders - 1),
    refund: fc.nat(2),
    shape: fc.constantFrom('full' as const, 'amount' as const, 'line' as const),
    cents: fc.integer({ min: 1, max: 2_500 }),
  }),
);

describe('replaying any ingest changes nothing (property)', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await ordersWorld('ord-replay');
  });
  after(() => w.t.close());

  let run = 0;
  /** Variant 0 is the first payload; 1 and 2 are revisions (other amounts, another member, cancelled). */
  const orderBody = (prefix: string, order: number, variant: number) => ({
    channel: 'wechat_mall',
    externalId: `${prefix}-O${order}`,
    ...(variant === 1
      ? {}
      : { member: { kind: 'phone', value: `1380000${String(500 + order * 3 + variant).padStart(4, '0')}` } }),
    lines: [
      { sku: 'SKU-1', qty: 2, unitPriceCents: 1000, paidCents: variant === 1 ? 2000 : 1500 },
      { sku: 'SKU-3', qty: 1, unitPriceCents: 3000, paidCents: 3000 },
    ],
    discountCents: variant === 1 ? 0 : 500,
    paidAt: '2025-06-18T12:00:00Z',
    ...(variant === 2 ? { status: 'cancelled' } : {}),
  });

  test('state after a replay equals state after the first application', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 12 }), async (cmds) => {
        const prefix = `P${++run}`;
        /** Applies a command; returns what of it was accepted (to be replayed), or null. */
        const apply = async (c: Cmd): Promise<Cmd | null> => {
          if (c.kind === 'single') {
            const res = await w.post('/api/v1/orders', orderBody(prefix, c.order, c.variant));
            assert.ok(res.statusCode < 500, res.body);
            return res.statusCode < 300 ? c : null;
          } else if (c.kind === 'batch') {
            const res = await w.ndjson(c.items.map((i) => orderBody(prefix, i.order, i.variant)));
            assert.equal(res.statusCode, 200, res.body);
            const failed = new Set(res.json().errors.map((e: { line: number }) => e.line));
            const items = c.items.filter((_, i) => !failed.has(i + 1));
            return items.length ? { ...c, items } : null;
          } else {
            const res = await w.post('/api/v1/refunds', {
              channel: 'wechat_mall',
              externalId: `${prefix}-O${c.order}-R${c.refund}`,
              externalOrderId: `${prefix}-O${c.order}`,
              ...(c.shape === 'amount' ? { amountCents: c.cents } : {}),
              ...(c.shape === 'line'
                ? { lines: [{ lineNo: 1, qty: 1, amountCents: Math.min(c.cents, 750) }] }
                : {}),
              refundedAt: '2025-06-19T12:00:00Z',
            });
            // 409: the same refund id came with another shape earlier in the sequence.
            assert.ok(res.statusCode < 500, res.body);
            return res.statusCode < 300 ? c : null;
          }
        };
        const accepted: Cmd[] = [];
        for (const c of cmds) {
          const ok = await apply(c);
          if (ok) accepted.push(ok);
        }
        const { staff_sessions: _a, ...once } = await snapshotTenant(w.t.db, w.tenantId);
        for (let round = 0; round < 2; round++) {
          for (const c of accepted) assert.ok(await apply(c), `a replay of ${JSON.stringify(c)} was refused`);
          const { staff_sessions: _b, ...again } = await snapshotTenant(w.t.db, w.tenantId);
          assert.deepEqual(again, once);
        }
      }),
      { numRuns: 100, seed: 20250618 },
    );
  });
});
