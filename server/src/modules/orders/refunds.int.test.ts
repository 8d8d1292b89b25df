import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { snapshotTenant } from '../../../test/harness.ts';
import { anOrder, type OrdersWorld, ordersWorld } from './orders.fixtures.ts';

describe('refunds', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await ordersWorld('ord-refunds');
  });
  after(() => w.t.close());

  let n = 0;
  const refund = (order: { channel: string; externalId: string }, body: Record<string, unknown> = {}) =>
    w.post('/api/v1/refunds', {
      channel: order.channel,
      externalId: `R${++n}`,
      externalOrderId: order.externalId,
      refundedAt: '2025-06-20T12:00:00+08:00',
      ...body,
    });
  const orderOf = async (externalId: string) => {
    const list = (await w.get('/api/v1/orders?limit=200')).json();
    const id = list.items.find((o: { externalId: string }) => o.externalId === externalId).id;
    return (await w.get(`/api/v1/orders/${id}`)).json();
  };

  test('by line, then the rest in full; replays change nothing; order.refunded carries the member', async () => {
    const order = anOrder();
    const created = (await w.post('/api/v1/orders', order)).json().order;
    const byLine = await refund(order, {
      lines: [{ sku: 'SKU-1', qty: 1, amountCents: 900 }],
      reason: '尺寸不合适',
    });
    assert.equal(byLine.statusCode, 201, byLine.body);
    assert.equal(byLine.json().outcome, 'applied');
    let o = await orderOf(order.externalId);
    assert.equal(o.status, 'partially_refunded');
    assert.equal(o.refundedCents, 900);
    assert.deepEqual([o.lines[0].refundedQty, o.lines[0].refundedCents], [1, 900]);

    const sent = {
      channel: order.channel,
      externalId: byLine.json().refund.externalId,
      externalOrderId: order.externalId,
      refundedAt: '2025-06-20T04:00:00Z',
      lines: [{ sku: 'SKU-1', qty: 1, amountCents: 900 }],
      reason: '尺寸不合适',
    };
    const again = await w.post('/api/v1/refunds', sent);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().outcome, 'unchanged');
    const mismatch = await w.post('/api/v1/refunds', { ...sent, reason: 'other' });
    assert.equal(mismatch.statusCode, 409);

    const rest = await refund(order);
    assert.equal(rest.statusCode, 201, rest.body);
    assert.equal(rest.json().refund.amountCents, 2600);
    o = await orderOf(order.externalId);
    assert.equal(o.status, 'refunded');
    assert.equal(o.refundedCents, 3500);
    assert.equal(o.refunds.length, 2);
    const events = await w.t.db.system((tx) =>
      tx.many<{ payload: { memberId: string; amountCents: number } }>(
        "SELECT payload FROM outbox_events WHERE event_type = 'order.refunded' AND aggregate_id = $1 ORDER BY id",
        [created.id],
      ),
    );
    assert.deepEqual(
      events.map((e) => e.payload.amountCents),
      [900, 2600],
    );
    assert.equal(events[0]!.payload.memberId, created.memberId);
  });

  test('a refund larger than what is left is refused, naming the field, writing nothing', async () => {
    const order = anOrder();
    await w.post('/api/v1/orders', order);
    await refund(order, { amountCents: 3000 });
    const snapshot = await snapshotTenant(w.t.db, w.tenantId);
    const cases: [Record<string, unknown>, string][] = [
      [{ amountCents: 501 }, 'amountCents'],
      [{ lines: [{ lineNo: 1, qty: 3, amountCents: 100 }] }, 'lines.0.qty'],
      [{ lines: [{ lineNo: 2, qty: 1, amountCents: 1701 }] }, 'lines.0.amountCents'],
      [{ lines: [{ lineNo: 9, qty: 1, amountCents: 1 }] }, 'lines.0.lineNo'],
      [{ lines: [{ sku: 'SKU-1', qty: 1, amountCents: 100 }], amountCents: 200 }, 'amountCents'],
      [{ lines: [{ sku: 'SKU-1', lineNo: 1, qty: 1, amountCents: 100 }] }, 'lines.0'],
    ];
    for (const [body, field] of cases) {
      const res = await refund(order, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.statusCode} ${res.body}`);
      const fields = res.json().errors.map((e: { field: string }) => e.field);
      assert.ok(fields.includes(field), `${JSON.stringify(body)}: expected ${field} in ${fields}`);
    }
    assert.deepEqual(await snapshotTenant(w.t.db, w.tenantId), snapshot);
  });

  test('a refund before its order is held, and applied when the order arrives', async () => {
    const order = anOrder();
    const held = await refund(order, { lines: [{ lineNo: 2, qty: 1, amountCents: 1700 }] });
    assert.equal(held.statusCode, 202, held.body);
    assert.equal(held.json().refund.status, 'held');
    const full = await refund({ ...order, externalId: `${order.externalId}-B` });
    assert.equal(full.json().refund.amountCents, null, 'a held full refund learns its amount from the order');
    await w.post('/api/v1/orders', order);
    const o = await orderOf(order.externalId);
    assert.equal(o.refundedCents, 1700);
    assert.equal(o.refunds[0].status, 'applied');
    const got = await w.get(`/api/v1/refunds/${held.json().refund.id}`);
    assert.equal(got.json().status, 'applied');
    assert.equal(got.json().orderId, o.id);

    await w.post('/api/v1/orders', { ...anOrder(), externalId: `${order.externalId}-B` });
    const b = await orderOf(`${order.externalId}-B`);
    assert.equal(b.status, 'refunded');
    assert.equal(b.refunds[0].amountCents, 3500);
  });

  test('a held refund that does not fit its order is kept as rejected, with why', async () => {
    const order = anOrder();
    const held = await refund(order, { amountCents: 999_999 });
    await w.post('/api/v1/orders', order);
    const r = (await w.get(`/api/v1/refunds/${held.json().refund.id}`)).json();
    assert.equal(r.status, 'rejected');
    assert.match(r.rejection, /amountCents: only 3500 cents are left/);
    assert.equal((await orderOf(order.externalId)).refundedCents, 0);
  });

  test('a refund and its order arriving at the same moment always meet', async () => {
    for (let i = 0; i < 10; i++) {
      const order = anOrder({ member: undefined });
      const [r] = await Promise.all([refund(order, { amountCents: 100 }), w.post('/api/v1/orders', order)]);
      assert.ok([201, 202].includes(r.statusCode), r.body);
      assert.equal((await orderOf(order.externalId)).refundedCents, 100);
    }
  });
});
