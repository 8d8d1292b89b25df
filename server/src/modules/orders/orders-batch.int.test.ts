import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { snapshotTenant } from '../../../test/harness.ts';
import { anOrder, type OrdersWorld, ordersWorld } from './orders.fixtures.ts';

describe('orders: NDJSON batches', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await ordersWorld('ord-batch');
  });
  after(() => w.t.close());

  test('good lines land, bad ones are reported by line with the reason, nothing half-written', async () => {
    const good1 = anOrder({ member: { kind: 'phone', value: '13800000201' }, storeId: w.storeId });
    const good2 = anOrder({ member: undefined });
    const good3 = anOrder({ member: { kind: 'phone', value: '13800000201' }, guideId: w.guideId });
    const text = [
      JSON.stringify(good1),
      '{"channel": "store_pos", "externalId": ',
      JSON.stringify(
        anOrder({ lines: [{ sku: 'NOPE', qty: 1, unitPriceCents: 100, paidCents: 100 }], discountCents: 0 }),
      ),
      '',
      JSON.stringify(good2),
      JSON.stringify(anOrder({ member: { kind: 'phone', value: '999' } })),
      JSON.stringify(anOrder({ storeId: 'sto_424242' })),
      JSON.stringify(anOrder({ discountCents: 1 })),
      JSON.stringify(good3),
      JSON.stringify(good1),
    ].join('\n');
    const before = await w.count('order_lines');
    const res = await w.ndjson(text);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.created, 3);
    assert.equal(body.unchanged, 1, 'line 10 repeats line 1');
    assert.equal(body.failed, 5);
    assert.deepEqual(
      body.errors.map((e: { line: number; field?: string }) => [e.line, e.field ?? null]),
      [
        [2, null],
        [3, 'lines.0.sku'],
        [6, 'member.value'],
        [7, 'storeId'],
        [8, 'discountCents'],
      ],
    );
    assert.match(body.errors[0].message, /not valid JSON/);
    assert.equal(
      await w.count('order_lines'),
      before + 6,
      'the good orders have all their lines, the bad none',
    );
    const orders = await w.get('/api/v1/orders?limit=200');
    const mine = orders
      .json()
      .items.filter((o: { externalId: string }) => [good1, good3].some((g) => g.externalId === o.externalId));
    assert.equal(
      new Set(mine.map((o: { memberId: string }) => o.memberId)).size,
      1,
      'one member for one phone within a batch',
    );
  });

  test('replaying a batch any number of times changes nothing', async () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      anOrder({
        member:
          i % 3 === 0 ? undefined : { kind: 'phone', value: `1390000${String(i % 7).padStart(4, '0')}` },
      }),
    );
    const first = (await w.ndjson(records)).json();
    assert.equal(first.created, 50);
    const snapshot = await snapshotTenant(w.t.db, w.tenantId);
    for (let i = 0; i < 3; i++) {
      const again = (await w.ndjson(records)).json();
      assert.deepEqual([again.created, again.unchanged, again.failed], [0, 50, 0]);
      assert.deepEqual(await snapshotTenant(w.t.db, w.tenantId), snapshot);
    }
  });

  test('a batch can revise orders it knows, and a refund held in between is applied', async () => {
    const order = anOrder({ member: undefined });
    const held = await w.post('/api/v1/refunds', {
      channel: order.channel,
      externalId: `R-${order.externalId}`,
      externalOrderId: order.externalId,
      lines: [{ lineNo: 1, qty: 1, amountCents: 900 }],
      refundedAt: '2025-06-19T10:00:00+08:00',
    });
    assert.equal(held.statusCode, 202, held.body);
    const first = (await w.ndjson([order])).json();
    assert.equal(first.created, 1);
    const revision = { ...order, couponCodes: [] };
    const res = (await w.ndjson([revision, revision])).json();
    assert.deepEqual([res.revised, res.unchanged], [1, 1]);
    const list = (await w.get(`/api/v1/orders?limit=200&channel=store_pos`)).json();
    const id = list.items.find((o: { externalId: string }) => o.externalId === order.externalId).id;
    const detail = (await w.get(`/api/v1/orders/${id}`)).json();
    assert.equal(detail.revision, 2);
    assert.equal(detail.status, 'partially_refunded');
    assert.equal(detail.refundedCents, 900);
    assert.equal(detail.lines[0].refundedQty, 1, 'the refund survives the revision');
  });

  test('content type, size and emptiness', async () => {
    const json = await w.post('/api/v1/orders/batch', [anOrder()]);
    assert.equal(json.statusCode, 415);
    const empty = await w.ndjson('\n\n');
    assert.deepEqual(empty.json(), { created: 0, unchanged: 0, revised: 0, failed: 0, errors: [] });
    const tooMany = await w.ndjson(Array.from({ length: 10_001 }, () => '{}').join('\n'));
    assert.equal(tooMany.statusCode, 413);
  });
});
