import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { snapshotTenant } from '../../../test/harness.ts';
import { toPublicId } from '../../shared/ids.ts';
import { expirePoints } from '../loyalty/points.expire.ts';
import { cancelExchange } from './exchanges.fulfil.ts';
import { address, days, type MallWorld, mallWorld } from './mall.fixtures.ts';
import { MallError } from './mall-errors.ts';

describe('points mall', () => {
  let w: MallWorld;
  before(async () => {
    w = await mallWorld('mall');
  });
  after(() => w.close());

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    w.t.request(method, `/api/v1${url}`, {
      cookie: w.cookie,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
  const place = (body: object, key: string) =>
    call('POST', '/mall/exchanges', body, { 'idempotency-key': key });
  const mem = (id: string) => toPublicId('member', id);
  const reason = (e: unknown) => (e instanceof MallError ? e.reason : e);
  const outbox = (aggregateId: string) =>
    w.tx((tx) =>
      tx.many<{ event_type: string }>(
        'SELECT event_type FROM outbox_events WHERE aggregate_id = $1 ORDER BY id',
        [aggregateId],
      ),
    );

  test('items: create, read, list, edit, validation names the field, delete only when never exchanged', async () => {
    const bad = await call('POST', '/mall/items', { name: 'X', kind: 'coupon', points: 10, cashCents: 100 });
    assert.equal(bad.statusCode, 400);
    const fields = bad.json().errors.map((e: { field: string }) => e.field);
    assert.ok(fields.includes('cashCents') && fields.includes('couponTemplateId'), bad.body);
    const noInstr = await call('POST', '/mall/items', { name: 'X', kind: 'partner_benefit', points: 10 });
    assert.equal(noInstr.json().errors[0].field, 'redemptionInstructions');
    const created = await call('POST', '/mall/items', {
      name: '保温杯',
      kind: 'physical_gift',
      points: 500,
      postageCents: 1000,
      stock: 20,
      perMemberLimit: 2,
      images: ['https://img.example.com/cup.png'],
      description: '不锈钢',
    });
    assert.equal(created.statusCode, 201, created.body);
    const item = created.json();
    assert.equal(item.status, 'draft');
    assert.equal(item.stockLeft, 20);
    const got = (await call('GET', `/mall/items/${item.id}`)).json();
    assert.equal(got.name, '保温杯');
    const edited = await call('PATCH', `/mall/items/${item.id}`, {
      status: 'active',
      stock: 30,
      sortOrder: -1,
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.deepEqual(
      [edited.json().stock, edited.json().stockLeft, edited.json().status],
      [30, 30, 'active'],
    );
    const list = (await call('GET', '/mall/items?status=active')).json();
    assert.equal(list.items[0].id, item.id, 'lowest sort order first');
    const badTier = await call('PATCH', `/mall/items/${item.id}`, { tierIds: ['tir_999999'] });
    assert.equal(badTier.json().errors[0].field, 'tierIds.0');
    const gone = await call('POST', '/mall/items', { name: 'tmp', kind: 'physical_gift', points: 1 });
    assert.equal((await call('DELETE', `/mall/items/${gone.json().id}`)).statusCode, 204);
    const log = (await call('GET', `/audit-log?entityId=${item.id}`)).json();
    assert.ok(log.items.length >= 2, 'created and updated are audit-logged');
  });

  test('place, replay, 409 on another payload, pay, ship (points spent), deliver', async () => {
    const [m] = await w.members(1);
    const soon = days(20);
    const later = days(300);
    await w.grant(m!, [
      { points: 100, expiresAt: later },
      { points: 100, expiresAt: soon },
    ]);
    const item = await w.item({ name: '帆布袋', points: 150, postageCents: 800, stock: 5 });
    const body = { memberId: mem(m!), itemId: toPublicId('mallItem', item.id), qty: 1, address };
    const placed = await place(body, 'order-1');
    assert.equal(placed.statusCode, 201, placed.body);
    const x = placed.json();
    assert.deepEqual(
      [x.status, x.points, x.postageCents, x.paymentStatus, x.address.phone, x.address.name],
      ['placed', 150, 800, 'pending', '138****0001', '张*'],
    );
    // Held from the soonest-expiring lot first.
    const lots = await w.lots(m!);
    assert.deepEqual(
      lots.map((l) => [l.remaining, l.held, l.expiresAt]),
      [
        [50, 50, later.toISOString()],
        [0, 100, soon.toISOString()],
      ],
    );
    const replay = await place(body, 'order-1');
    assert.equal(replay.statusCode, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.equal(replay.json().id, x.id);
    const snap = await snapshotTenant(w.t.db, w.tenantId);
    const other = await place({ ...body, qty: 2 }, 'order-1');
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'IDEMPOTENCY_MISMATCH');
    assert.deepEqual(await snapshotTenant(w.t.db, w.tenantId), snap, 'a mismatched key writes nothing');

    const detail = (await call('GET', `/mall/exchanges/${x.id}`)).json();
    assert.equal(detail.shipTo.line, address.line);
    assert.equal(detail.shipTo.phone, '138****0001');
    const sealed = await w.tx((tx) =>
      tx.one<{ address_enc: string }>('SELECT address_enc FROM mall_exchanges WHERE id = $1', [
        x.id.slice(4),
      ]),
    );
    assert.ok(
      !sealed.address_enc.includes('13800000001') && !sealed.address_enc.includes('世纪大道'),
      'the address is sealed',
    );

    const unpaid = await call('POST', `/mall/exchanges/${x.id}/ship`, {
      carrier: 'SF',
      trackingNo: 'SF1000001',
    });
    assert.equal(unpaid.statusCode, 409);
    assert.match(unpaid.json().errors[0].message, /^payment_pending/);
    assert.equal(
      (await call('POST', `/mall/exchanges/${x.id}/mark-paid`, { reference: 'WX-1' })).json().paymentStatus,
      'paid',
    );
    const early = await call('POST', `/mall/exchanges/${x.id}/deliver`);
    assert.equal(early.statusCode, 409);
    const shipped = await call('POST', `/mall/exchanges/${x.id}/ship`, {
      carrier: 'SF',
      trackingNo: 'SF1000001',
    });
    assert.equal(shipped.statusCode, 200, shipped.body);
    assert.deepEqual([shipped.json().status, shipped.json().trackingNo], ['shipped', 'SF1000001']);
    assert.deepEqual(await w.balances(m!), { available: 50, held: 0 }, 'the hold was captured');
    const again = await call('POST', `/mall/exchanges/${x.id}/ship`, {
      carrier: 'SF',
      trackingNo: 'SF1000001',
    });
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const otherNo = await call('POST', `/mall/exchanges/${x.id}/ship`, {
      carrier: 'SF',
      trackingNo: 'SF1000002',
    });
    assert.equal(otherNo.statusCode, 409);
    const cancel = await call('POST', `/mall/exchanges/${x.id}/cancel`, { reason: 'too late' });
    assert.equal(cancel.statusCode, 409, 'a shipped exchange is not cancelled');
    const delivered = await call('POST', `/mall/exchanges/${x.id}/deliver`);
    assert.equal(delivered.json().status, 'delivered');
    assert.deepEqual(
      (await outbox(x.id)).map((e) => e.event_type),
      ['mall.exchange.placed', 'mall.exchange.shipped', 'mall.exchange.delivered'],
    );
    const listed = (await call('GET', `/mall/exchanges?memberId=${mem(m!)}&status=delivered`)).json();
    assert.deepEqual(
      listed.items.map((e: { id: string }) => e.id),
      [x.id],
    );
    assert.deepEqual(await w.ledgerProblems(), []);
  });

  test('cancel puts the points back into the same lots with the same expiry; stock and limit come back', async () => {
    const [m] = await w.members(1);
    const a = days(10);
    const b = days(100);
    const c = days(400);
    await w.grant(m!, [
      { points: 40, expiresAt: c },
      { points: 30, expiresAt: a },
      { points: 50, expiresAt: b },
    ]);
    const before = await w.lots(m!);
    const item = await w.item({ points: 45, stock: 3, perMemberLimit: 2 });
    const placed = (
      await place({ memberId: mem(m!), itemId: toPublicId('mallItem', item.id), qty: 2, address }, 'c-1')
    ).json();
    assert.equal(placed.points, 90);
    assert.deepEqual(
      (await w.lots(m!)).map((l) => [l.remaining, l.held]),
      [
        [30, 10],
        [0, 30],
        [0, 50],
      ],
      'a (day 10), then b (day 100), then 10 of c (day 400)',
    );
    const full = await place(
      { memberId: mem(m!), itemId: toPublicId('mallItem', item.id), qty: 1, address },
      'c-2',
    );
    assert.equal(full.statusCode, 409);
    assert.match(full.json().errors[0].message, /^limit_reached/);
    assert.equal(full.json().errors[0].field, 'qty');

    const cancelled = await call('POST', `/mall/exchanges/${placed.id}/cancel`, { reason: '会员改变主意' });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    assert.deepEqual([cancelled.json().status, cancelled.json().cancelReason], ['cancelled', '会员改变主意']);
    assert.deepEqual(await w.lots(m!), before, 'same lot ids, same remaining, same expiry');
    assert.deepEqual(await w.balances(m!), { available: 120, held: 0 });
    const it = (await call('GET', `/mall/items/${toPublicId('mallItem', item.id)}`)).json();
    assert.deepEqual([it.stockLeft, it.exchanged], [3, 0]);
    // The limit came back: two more may be exchanged.
    const again = await place(
      { memberId: mem(m!), itemId: toPublicId('mallItem', item.id), qty: 2, address },
      'c-3',
    );
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(
      (await call('POST', `/mall/exchanges/${placed.id}/cancel`, { reason: 'again' })).json().status,
      'cancelled',
    );
    assert.deepEqual(
      (await outbox(placed.id)).map((e) => e.event_type),
      ['mall.exchange.placed', 'mall.exchange.cancelled'],
    );
    assert.deepEqual(await w.ledgerProblems(), []);
  });

  test('a lot that expires while held gets its points back on cancel and expires at the next run', async () => {
    const [m] = await w.members(1);
    const t0 = new Date();
    await w.grant(m!, [
      { points: 60, expiresAt: days(5, t0) },
      { points: 60, expiresAt: days(50, t0) },
    ]);
    const item = await w.item({ points: 80 });
    const { exchange } = await w.place({ memberId: m!, itemId: item.id, address }, t0);
    // Day 10: the first lot's date has passed, but held points are not expired.
    await w.tx((tx) => expirePoints(tx, w.ctx, { now: days(10, t0) }));
    assert.deepEqual(await w.balances(m!), { available: 40, held: 80 });
    await w.tx((tx) =>
      cancelExchange(tx, w.ctx, exchange.id.slice(4), { reason: 'late' }, { now: days(10, t0) }),
    );
    const lots = await w.lots(m!);
    assert.deepEqual(
      lots.map((l) => [l.remaining, l.held, l.expiresAt]),
      [
        [60, 0, days(5, t0).toISOString()],
        [60, 0, days(50, t0).toISOString()],
      ],
    );
    await w.tx((tx) => expirePoints(tx, w.ctx, { now: days(10, t0) }));
    assert.deepEqual(await w.balances(m!), { available: 60, held: 0 }, 'the original expiry still applies');
    assert.deepEqual(await w.ledgerProblems(), []);
  });

  test('not enough points: a clear error naming the field, nothing written', async () => {
    const [m] = await w.members(1);
    await w.grant(m!, [{ points: 30, expiresAt: null }]);
    const item = await w.item({ points: 100, stock: 2, perMemberLimit: 1 });
    const snap = await snapshotTenant(w.t.db, w.tenantId);
    const res = await place(
      { memberId: mem(m!), itemId: toPublicId('mallItem', item.id), address },
      'poor-1',
    );
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'POINTS_INSUFFICIENT');
    assert.deepEqual(res.json().errors, [{ field: 'points', message: 'needs 100 points, 30 spendable' }]);
    assert.deepEqual(await snapshotTenant(w.t.db, w.tenantId), snap, 'no stock, counter, hold, key or event');
    // The same key may be used again once the member can pay.
    await w.grant(m!, [{ points: 70, expiresAt: null }]);
    assert.equal(
      (await place({ memberId: mem(m!), itemId: toPublicId('mallItem', item.id), address }, 'poor-1'))
        .statusCode,
      201,
    );
  });

  test('input: a physical gift needs an address; bad phone named; unknown item and member are 404s', async () => {
    const [m] = await w.members(1);
    const item = await w.item({ points: 1 });
    const itemId = toPublicId('mallItem', item.id);
    const noAddr = await place({ memberId: mem(m!), itemId }, 'in-1');
    assert.deepEqual([noAddr.statusCode, noAddr.json().errors[0].field], [400, 'address']);
    const badPhone = await place(
      { memberId: mem(m!), itemId, address: { ...address, phone: '123' } },
      'in-2',
    );
    assert.deepEqual([badPhone.statusCode, badPhone.json().errors[0].field], [400, 'address.phone']);
    const noKey = await call('POST', '/mall/exchanges', { memberId: mem(m!), itemId, address });
    assert.deepEqual([noKey.statusCode, noKey.json().errors[0].field], [400, 'Idempotency-Key']);
    assert.equal((await place({ memberId: mem(m!), itemId: 'mit_999999', address }, 'in-3')).statusCode, 404);
    assert.equal((await place({ memberId: 'mem_999999', itemId, address }, 'in-4')).statusCode, 404);
    const draft = await w.item({ points: 1, status: 'draft' });
    const off = await place({ memberId: mem(m!), itemId: toPublicId('mallItem', draft.id), address }, 'in-5');
    assert.match(off.json().errors[0].message, /^not_available/);
    const future = await w.item({ points: 1, startsAt: days(3).toISOString() });
    const notYet = await place(
      { memberId: mem(m!), itemId: toPublicId('mallItem', future.id), address },
      'in-6',
    );
    assert.match(notYet.json().errors[0].message, /^not_started/);
  });

  test('stock: the last unit goes to one member, the next gets out_of_stock', async () => {
    const ms = await w.members(2);
    for (const m of ms) await w.grant(m, [{ points: 10, expiresAt: null }]);
    const item = await w.item({ points: 10, stock: 1 });
    const itemId = toPublicId('mallItem', item.id);
    assert.equal((await place({ memberId: mem(ms[0]!), itemId, address }, 's-1')).statusCode, 201);
    const second = await place({ memberId: mem(ms[1]!), itemId, address }, 's-2');
    assert.equal(second.statusCode, 409);
    assert.match(second.json().errors[0].message, /^out_of_stock/);
    assert.deepEqual(await w.balances(ms[1]!), { available: 10, held: 0 });
  });

  test('bulk ship by CSV: errors by line, good lines ship, the same file again ships nothing twice', async () => {
    const ms = await w.members(3);
    for (const m of ms) await w.grant(m, [{ points: 100, expiresAt: null }]);
    const item = await w.item({ points: 10 });
    const ids: string[] = [];
    for (const m of ms) ids.push((await w.place({ memberId: m, itemId: item.id, address })).exchange.id);
    await call('POST', `/mall/exchanges/${ids[2]}/cancel`, { reason: 'out of area' });
    const csv = [
      'exchange_id,carrier,tracking_no',
      `${ids[0]},SF,SF2000001`,
      `${ids[1]},ZTO,ZT2000002`,
      'mex_999999,SF,SF2000003',
      `${ids[2]},SF,SF2000004`,
      `${ids[0]},SF,SF2000001`,
      'mit_1,SF,SF2000005',
      `${ids[1]},SF,x`,
    ].join('\n');
    const res = await call('POST', '/mall/exchanges/bulk-ship', { content: csv });
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json();
    assert.deepEqual(
      [out.lines, out.shipped, out.unchanged, out.failed],
      [7, 2, 1, 4],
      'line 6 repeats line 2',
    );
    assert.deepEqual(
      out.errors.map((e: { line: number; field: string }) => [e.line, e.field]),
      [
        [4, 'exchange_id'],
        [5, 'exchange_id'],
        [7, 'exchange_id'],
        [8, 'tracking_no'],
      ],
    );
    const shipped = (await call('GET', `/mall/exchanges?trackingNo=ZT2000002`)).json();
    assert.equal(shipped.items[0].id, ids[1]);
    const again = (
      await call('POST', '/mall/exchanges/bulk-ship', { content: csv.split('\n').slice(0, 3).join('\n') })
    ).json();
    assert.deepEqual([again.shipped, again.unchanged, again.failed], [0, 2, 0]);
    const header = await call('POST', '/mall/exchanges/bulk-ship', { content: 'id,carrier\n1,SF' });
    assert.equal(header.statusCode, 400);
    assert.deepEqual(await w.ledgerProblems(), []);
  });

  test('merges: exchanges follow their member and go back on unmerge', async () => {
    const a = (await call('POST', '/members', { profile: { name: 'A' } })).json();
    const b = (await call('POST', '/members', { profile: { name: 'B' } })).json();
    await w.grant(b.id.slice(4), [{ points: 100, expiresAt: null }]);
    const item = await w.item({ points: 10 });
    const { exchange } = await w.place({ memberId: b.id.slice(4), itemId: item.id, address });
    const merged = (
      await call('POST', `/members/${a.id}/merge`, { otherId: b.id, reason: 'same person' })
    ).json();
    assert.deepEqual([merged.survivorId, merged.mergedId], [a.id, b.id], 'the earlier member survives');
    assert.equal((await call('GET', `/mall/exchanges/${exchange.id}`)).json().memberId, a.id);
    const undo = await call('POST', `/members/merges/${merged.mergeId}/undo`);
    assert.equal(undo.statusCode, 200, undo.body);
    assert.equal((await call('GET', `/mall/exchanges/${exchange.id}`)).json().memberId, b.id);
  });

  test('reveal the recipient phone: needs members:unmask and a reason, audit-logged', async () => {
    const [m] = await w.members(1);
    await w.grant(m!, [{ points: 10, expiresAt: null }]);
    const item = await w.item({ points: 10 });
    const { exchange } = await w.place({ memberId: m!, itemId: item.id, address });
    assert.equal((await call('POST', `/mall/exchanges/${exchange.id}/reveal-phone`, {})).statusCode, 400);
    const res = await call('POST', `/mall/exchanges/${exchange.id}/reveal-phone`, {
      reason: 'courier needs it',
    });
    assert.deepEqual(res.json(), { phone: '13800000001' });
    const log = (await call('GET', '/audit-log?action=mall_exchange.phone_unmasked')).json();
    assert.equal(log.items[0].entityId, exchange.id);
  });

  test('errors are the mall’s own reasons', () => {
    assert.equal(reason(new MallError('out_of_stock', 'qty', 'x')), 'out_of_stock');
  });
});
