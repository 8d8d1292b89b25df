import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addStaff } from '../../../test/harness.ts';
import { anOrder, type OrdersWorld, ordersWorld } from './orders.fixtures.ts';

describe('orders: single ingest', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await ordersWorld('ord-single');
  });
  after(() => w.t.close());

  test('created, then unchanged on replay, then revised on a changed payload', async () => {
    const order = anOrder({ storeId: w.storeId, guideId: w.guideId });
    const created = await w.post('/api/v1/orders', order);
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.equal(body.outcome, 'created');
    assert.match(body.order.id, /^ord_\d+$/);
    assert.match(body.order.memberId, /^mem_\d+$/);
    assert.equal(body.order.paidCents, 3500);
    assert.equal(body.order.totalCents, 4000);
    assert.equal(body.order.units, 3);
    assert.deepEqual(
      body.order.lines.map((l: { sku: string; lineNo: number }) => [l.lineNo, l.sku]),
      [
        [1, 'SKU-1'],
        [2, 'SKU-2'],
      ],
    );
    assert.equal(body.order.revisions.length, 1);
    assert.equal(
      body.order.revisions[0].payload.member.value,
      '138****0001',
      'the stored payload holds no phone number',
    );

    // The same order again, the phone written another way: nothing changes.
    const replay = await w.post('/api/v1/orders', {
      ...order,
      member: { kind: 'phone', value: '+86 138 0000 0001' },
    });
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.json().outcome, 'unchanged');
    assert.equal(replay.json().order.updatedAt, body.order.updatedAt);

    const revised = await w.post('/api/v1/orders', {
      ...order,
      lines: [{ sku: 'SKU-1', qty: 2, unitPriceCents: 1000, paidCents: 2000 }],
      discountCents: 0,
    });
    assert.equal(revised.statusCode, 200);
    assert.equal(revised.json().outcome, 'revised');
    assert.equal(revised.json().order.revision, 2);
    assert.equal(revised.json().order.paidCents, 2000);
    assert.equal(revised.json().order.lines.length, 1);
    assert.equal(revised.json().order.revisions.length, 2);

    // The first payload again is a late replay of revision 1, not a change back.
    const stale = await w.post('/api/v1/orders', order);
    assert.equal(stale.json().outcome, 'unchanged');
    assert.equal(stale.json().order.revision, 2);

    const events = await w.count('outbox_events', `aggregate_id = '${body.order.id}'`);
    assert.equal(events, 2, 'order.paid then order.revised');
  });

  test('an order without a member is kept, and member-share KPIs can count it', async () => {
    const res = await w.post('/api/v1/orders', anOrder({ member: undefined, channel: 'marketplace:tmall' }));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().order.memberId, null);
    assert.equal(res.json().order.channel, 'marketplace:tmall');
  });

  test('bad input: a 400 naming the field, nothing written', async () => {
    const before = await w.count('orders');
    const cases: [Record<string, unknown>, string][] = [
      [{ storeId: 'sto_999999' }, 'storeId'],
      [{ guideId: 'stf_999999' }, 'guideId'],
      [{ storeId: 'reg_1' }, 'storeId'],
      [
        { lines: [{ sku: 'NOPE', qty: 1, unitPriceCents: 100, paidCents: 100 }], discountCents: 0 },
        'lines.0.sku',
      ],
      [{ lines: [{ sku: 'SKU-1', qty: -1, unitPriceCents: 100, paidCents: 100 }] }, 'lines.0.qty'],
      [
        {
          lines: [
            { sku: 'SKU-1', qty: 1, unitPriceCents: 100, paidCents: 100 },
            { sku: 'SKU-1', qty: 1, unitPriceCents: 100, paidCents: 100 },
          ],
          discountCents: 0,
        },
        'lines.1.sku',
      ],
      [{ discountCents: 100 }, 'discountCents'],
      [
        { lines: [{ sku: 'SKU-1', qty: 1, unitPriceCents: 100, paidCents: 200 }], discountCents: 0 },
        'lines.0.paidCents',
      ],
      [{ member: { kind: 'phone', value: '12345' } }, 'member.value'],
      [{ channel: 'fax' }, 'channel'],
      [{ channel: 'marketplace:Tmall!' }, 'channel'],
      [{ paidAt: 'yesterday' }, 'paidAt'],
      [{ colour: 'red' }, 'colour'],
    ];
    for (const [override, field] of cases) {
      const res = await w.post('/api/v1/orders', anOrder(override));
      assert.equal(res.statusCode, 400, `${JSON.stringify(override)} → ${res.statusCode} ${res.body}`);
      const fields = res.json().errors.map((e: { field: string }) => e.field);
      assert.ok(fields.includes(field), `${JSON.stringify(override)}: expected ${field} in ${fields}`);
    }
    assert.equal(await w.count('orders'), before);
  });

  test('100 identical POSTs at once make one order and one order.paid', async () => {
    const order = anOrder({ member: { kind: 'phone', value: '13900000100' } });
    const results = await Promise.all(Array.from({ length: 100 }, () => w.post('/api/v1/orders', order)));
    const codes = results.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 201).length, 1, codes.join(','));
    assert.equal(codes.filter((c) => c === 200).length, 99);
    assert.equal(new Set(results.map((r) => r.json().order.id)).size, 1);
    assert.equal(await w.count('orders', `external_id = '${order.externalId}'`), 1);
    const id = results[0]!.json().order.id;
    assert.equal(await w.count('outbox_events', `event_type = 'order.paid' AND aggregate_id = '${id}'`), 1);
  });

  test('reads: list with filters, detail, the member timeline; store staff see their store only', async () => {
    const other = (await w.post('/api/v1/stores', { code: 'BJ01', name: '北京一店' })).json();
    const phone = { kind: 'phone', value: '13700000077' };
    const a = (
      await w.post(
        '/api/v1/orders',
        anOrder({ storeId: w.storeId, member: phone, paidAt: '2025-07-01T10:00:00Z' }),
      )
    ).json().order;
    const b = (
      await w.post(
        '/api/v1/orders',
        anOrder({ storeId: other.id, member: phone, paidAt: '2025-07-02T10:00:00Z' }),
      )
    ).json().order;
    assert.equal(a.memberId, b.memberId);
    const list = await w.get(`/api/v1/orders?memberId=${a.memberId}`);
    assert.deepEqual(
      list.json().items.map((o: { id: string }) => o.id),
      [b.id, a.id],
    );
    const ranged = await w.get(`/api/v1/orders?memberId=${a.memberId}&from=2025-07-02T00:00:00Z`);
    assert.deepEqual(
      ranged.json().items.map((o: { id: string }) => o.id),
      [b.id],
    );
    const timeline = await w.get(`/api/v1/members/${a.memberId}/orders`);
    assert.equal(timeline.statusCode, 200, timeline.body);
    assert.deepEqual(
      timeline.json().items.map((e: { order: { id: string } }) => e.order.id),
      [b.id, a.id],
    );
    assert.equal((await w.get('/api/v1/members/mem_999999/orders')).statusCode, 404);

    await addStaff(w.t.db, w.tenantId, {
      username: 'mgr',
      role: 'store_manager',
      scope: 'store',
      storeId: w.storeId.slice(4),
    });
    const manager = await w.t.login(w.code, 'mgr');
    const theirs = await w.t.request('GET', '/api/v1/orders?limit=200', { cookie: manager });
    assert.ok(theirs.json().items.every((o: { storeId: string }) => o.storeId === w.storeId));
    assert.equal((await w.t.request('GET', `/api/v1/orders/${b.id}`, { cookie: manager })).statusCode, 404);
    assert.equal((await w.t.request('GET', `/api/v1/orders/${a.id}`, { cookie: manager })).statusCode, 200);
    assert.equal(
      (await w.t.request('POST', '/api/v1/orders', { cookie: manager, body: anOrder() })).statusCode,
      403,
    );
  });
});
