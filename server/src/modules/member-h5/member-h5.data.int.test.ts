import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp, TestTenant } from '../../../test/harness.ts';
import { sample } from '../../../test/openapi-sample.ts';
import { systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { settleOrders } from '../loyalty/settle.ts';
import { type H5World, h5World, type Method } from './member-h5.fixtures.ts';

describe('member H5: the member’s own data — points, mall, addresses, coupons, the id walk', () => {
  let w: H5World;
  let t: TestApp;
  let tenant: TestTenant;
  let admin: string;
  before(async () => {
    w = await h5World();
    ({ t, tenant, admin } = w);
  });
  after(() => w.t.close());
  const h5: H5World['h5'] = (...a) => w.h5(...a);
  const staff = (method: Method, url: string, body?: unknown, cookie = admin) =>
    w.staff(method, url, body, cookie);
  const signIn: H5World['signIn'] = (...a) => w.signIn(...a);

  test('points, history, expiring soon and tier progress are the member’s own', async () => {
    const m = await signIn('13850000001');
    const me = (await h5('GET', '/me', { cookie: m })).json();
    const soon = new Date(Date.now() + 20 * 86_400_000).toISOString();
    const adjust = (points: number, key: string, expiresAt: string | null) =>
      t.request('POST', `/api/v1/members/${me.id}/points/adjustments`, {
        cookie: admin,
        headers: { 'idempotency-key': key },
        body: { points, reason: 'welcome', expiresAt },
      });
    assert.equal((await adjust(300, 'h5-p1', soon)).statusCode, 201);
    assert.equal((await adjust(700, 'h5-p2', null)).statusCode, 201);
    const points = (await h5('GET', '/points', { cookie: m })).json();
    assert.equal(points.available, 1000);
    assert.deepEqual(points.expiringSoon, [{ at: soon, points: 300 }]);
    assert.deepEqual(points.nextExpiry, { at: soon, points: 300 });
    const history = (await h5('GET', '/points/history?limit=10', { cookie: m })).json();
    assert.equal(history.total, 2);
    assert.deepEqual(
      history.items.map((i: { kind: string; points: number }) => [i.kind, i.points]),
      [
        ['adjust', 700],
        ['adjust', 300],
      ],
    );
    // Someone else's balance is not in reach: no route takes a member id.
    const stranger = await signIn('13850000002');
    assert.equal((await h5('GET', '/points', { cookie: stranger })).json().available, 0);
    assert.equal((await h5('GET', '/points/history', { cookie: stranger })).json().total, 0);

    const none = (await h5('GET', '/tier', { cookie: m })).json();
    assert.equal(none.program, false);
    const program = await staff('PUT', '/api/v1/loyalty/program', {
      name: 'Club',
      tiers: [
        { code: 'silver', name: '银卡', threshold: 0, benefits: { pointsMultiplier: 1 } },
        {
          code: 'gold',
          name: '金卡',
          threshold: 100_000,
          benefits: { pointsMultiplier: 1.5, freeShipping: true },
        },
      ],
    });
    assert.equal(program.statusCode, 200, program.body);
    const tier = (await h5('GET', '/tier', { cookie: m })).json();
    assert.equal(tier.program, true);
    assert.equal(tier.tier, null, 'no qualifying event yet');
    assert.equal(tier.qualifiesFor.code, 'silver');
    assert.equal(tier.next.code, 'silver');
    assert.equal(tier.next.remaining, 0);
    assert.equal(tier.tiers.length, 2);
    assert.equal(tier.tiers[1].benefits.freeShipping, true);
    // A paid order settles into the tier: silver now, 30% of the way to gold.
    await staff('POST', '/api/v1/products', { sku: 'SKU-T', name: 'T', priceCents: 30_000 });
    const order = await staff('POST', '/api/v1/orders', {
      channel: 'store_pos',
      externalId: 'H5-T1',
      member: { kind: 'phone', value: '13850000001' },
      lines: [{ sku: 'SKU-T', qty: 1, unitPriceCents: 30_000, paidCents: 30_000 }],
      paidAt: new Date().toISOString(),
    });
    assert.ok(order.statusCode < 300, order.body);
    const orderId = order.json().order.id.slice(4);
    await t.db.tenant(tenant.id, (tx) => settleOrders(tx, systemCtx(tenant.id, allPermissions), [orderId]));
    const settled = (await h5('GET', '/tier', { cookie: m })).json();
    assert.equal(settled.tier.code, 'silver');
    assert.equal(settled.qualifying, 30_000);
    assert.deepEqual([settled.next.code, settled.next.remaining], ['gold', 70_000]);
    assert.equal(settled.progress, 0.3);
    assert.ok(settled.since);
  });

  test('points mall: the shelf by tier, exchanging with a saved address, my exchanges', async () => {
    const m = await signIn('13855000001');
    const me = (await h5('GET', '/me', { cookie: m })).json();
    await t.request('POST', `/api/v1/members/${me.id}/points/adjustments`, {
      cookie: admin,
      headers: { 'idempotency-key': 'h5-mall-points' },
      body: { points: 500, reason: 'mall test' },
    });
    const item = async (body: object) => {
      const res = await staff('POST', '/api/v1/mall/items', { status: 'active', ...body });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const mug = await item({
      name: '保温杯',
      kind: 'physical_gift',
      points: 200,
      stock: 10,
      perMemberLimit: 2,
    });
    const lounge = await item({
      name: 'Lounge pass',
      kind: 'partner_benefit',
      points: 100,
      minTierRank: 2,
      redemptionInstructions: 'Show at the desk',
    });
    const shelf = (await h5('GET', '/mall/items', { cookie: m })).json().items;
    const byId = new Map(shelf.map((i: { id: string }) => [i.id, i]));
    assert.equal((byId.get(mug) as { eligible: boolean }).eligible, true);
    assert.equal((byId.get(lounge) as { eligible: boolean }).eligible, false);
    assert.ok(!JSON.stringify(shelf).includes('createdBy'), 'no staff-side fields');
    const one = await h5('GET', `/mall/items/${mug}`, { cookie: m });
    assert.equal(one.json().leftForMember, 2);

    const exchange = (id: string, body: object, key: string) =>
      h5('POST', `/mall/items/${id}/exchange`, { cookie: m, body, headers: { 'idempotency-key': key } });
    const noKey = await h5('POST', `/mall/items/${mug}/exchange`, { cookie: m, body: {} });
    assert.equal(noKey.statusCode, 400);
    const noAddress = await exchange(mug, {}, 'ex-0');
    assert.equal(noAddress.statusCode, 400);
    assert.equal(noAddress.json().errors[0].field, 'addressId');
    const address = (
      await h5('POST', '/addresses', {
        cookie: m,
        body: {
          recipient: '周先生',
          phone: '13711112222',
          province: '浙江省',
          city: '杭州市',
          line: '文三路 9 号',
        },
      })
    ).json();
    const placed = await exchange(mug, { addressId: address.id }, 'ex-1');
    assert.equal(placed.statusCode, 201, placed.body);
    const x = placed.json().exchange;
    assert.deepEqual(
      [x.status, x.points, x.address.phone, x.address.name],
      ['placed', 200, '137****2222', '周**'],
    );
    assert.ok(!('holdId' in x) && !('memberId' in x));
    const replay = await exchange(mug, { addressId: address.id }, 'ex-1');
    assert.equal(replay.json().replayed, true);
    assert.equal(replay.json().exchange.id, x.id);
    const points = (await h5('GET', '/points', { cookie: m })).json();
    assert.deepEqual([points.available, points.held], [300, 200]);
    const locked = await exchange(lounge, {}, 'ex-2');
    assert.equal(locked.statusCode, 409);
    assert.match(locked.json().errors[0].message, /^tier_required/);
    const tooMany = await exchange(mug, { addressId: address.id, qty: 2 }, 'ex-3');
    assert.equal(tooMany.statusCode, 409, 'a limit of 2, one taken');
    const mine = (await h5('GET', '/mall/exchanges', { cookie: m })).json();
    assert.deepEqual([mine.total, mine.items[0].id], [1, x.id]);
    assert.equal((await h5('GET', `/mall/exchanges/${x.id}`, { cookie: m })).json().itemName, '保温杯');
    // Another member's exchange is not found, and no one else's address ships their gift.
    const stranger = await signIn('13855000002');
    assert.equal((await h5('GET', `/mall/exchanges/${x.id}`, { cookie: stranger })).statusCode, 404);
    const borrowed = await h5('POST', `/mall/items/${mug}/exchange`, {
      cookie: stranger,
      body: { addressId: address.id },
      headers: { 'idempotency-key': 'ex-s' },
    });
    assert.equal(borrowed.statusCode, 404);
  });

  test('addresses: CRUD, one default, phone encrypted and masked', async () => {
    const m = await signIn('13860000001');
    const add = (body: object) => h5('POST', '/addresses', { cookie: m, body });
    const base = {
      recipient: '王先生',
      phone: '13912345678',
      province: '上海市',
      city: '上海市',
      district: '徐汇区',
      line: '漕溪北路 1 号',
    };
    const first = await add(base);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().isDefault, true, 'the first address is the default');
    assert.equal(first.json().phone, '139****5678');
    const second = (await add({ ...base, recipient: '李女士', isDefault: true })).json();
    const list = (await h5('GET', '/addresses', { cookie: m })).json().items;
    assert.deepEqual(
      list.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault]),
      [
        [second.id, true],
        [first.json().id, false],
      ],
    );
    const stored = await t.db.system((tx) =>
      tx.many<{ phone_enc: string }>('SELECT phone_enc FROM member_addresses'),
    );
    assert.ok(stored.every((r) => r.phone_enc.startsWith('v1.') && !r.phone_enc.includes('13912345678')));
    const bad = await add({ ...base, phone: '123', postcode: '12' });
    assert.equal(bad.statusCode, 400);
    const put = await h5('PUT', `/addresses/${first.json().id}`, {
      cookie: m,
      body: { ...base, line: '新地址 2 号' },
    });
    assert.equal(put.json().line, '新地址 2 号');
    assert.equal((await h5('DELETE', `/addresses/${second.id}`, { cookie: m })).statusCode, 204);
    const left = (await h5('GET', '/addresses', { cookie: m })).json().items;
    assert.deepEqual(
      left.map((a: { isDefault: boolean }) => a.isDefault),
      [true],
      'deleting the default passes it on',
    );
  });

  test('coupon wallet and sharing to a friend by phone', async () => {
    const giver = await signIn('13870000001');
    const friend = await signIn('13870000002');
    const giverId = (await h5('GET', '/me', { cookie: giver })).json().id;
    const template = await staff('POST', '/api/v1/coupon-templates', {
      name: '满100减20',
      kind: 'cash_off',
      amountOffCents: 2000,
      thresholdCents: 10_000,
      validity: { kind: 'relative', days: 30 },
      status: 'active',
      shareable: true,
    });
    assert.equal(template.statusCode, 201, template.body);
    const issued = await t.request('POST', `/api/v1/coupon-templates/${template.json().id}/issue`, {
      cookie: admin,
      headers: { 'idempotency-key': 'h5-share' },
      body: { memberIds: [giverId, giverId] },
    });
    assert.equal(issued.statusCode, 200, issued.body);
    const wallet = (await h5('GET', '/coupons', { cookie: giver })).json();
    assert.equal(wallet.available.length, 1);
    const coupon = wallet.available[0];
    assert.deepEqual(
      [coupon.kind, coupon.amountOffCents, coupon.thresholdCents, coupon.shareable],
      ['cash_off', 2000, 10_000, true],
    );
    assert.match(coupon.code, /^[A-Z2-9]{12}$/);

    const unknown = await h5('POST', `/coupons/${coupon.id}/share`, {
      cookie: giver,
      body: { phone: '13870009999' },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().errors[0].field, 'phone');
    const self = await h5('POST', `/coupons/${coupon.id}/share`, {
      cookie: giver,
      body: { phone: '13870000001' },
    });
    assert.equal(self.statusCode, 400);
    const shared = await h5('POST', `/coupons/${coupon.id}/share`, {
      cookie: giver,
      body: { phone: '13870000002' },
      headers: { 'idempotency-key': 'share-1' },
    });
    assert.equal(shared.statusCode, 200, shared.body);
    assert.equal(shared.json().sharedTo, '138****0002');
    // The same request again answers the same; the coupon is gone from the giver's hand.
    const replay = await h5('POST', `/coupons/${coupon.id}/share`, {
      cookie: giver,
      body: { phone: '13870000002' },
      headers: { 'idempotency-key': 'share-1' },
    });
    assert.equal(replay.statusCode, 200, replay.body);
    const twice = await h5('POST', `/coupons/${coupon.id}/share`, {
      cookie: giver,
      body: { phone: '13870000002' },
    });
    assert.equal(twice.statusCode, 409);
    const after = (await h5('GET', '/coupons', { cookie: giver })).json();
    assert.equal(after.available.length, 0);
    assert.equal(after.used[0].status, 'shared');
    assert.equal(after.used[0].code, '', 'a passed-on code is not shown');
    const got = (await h5('GET', '/coupons', { cookie: friend })).json();
    assert.equal(got.available.length, 1);
    assert.equal(got.available[0].receivedFromFriend, true);
    // The friend cannot share it back through the giver's id, nor the giver the friend's.
    const back = await h5('POST', `/coupons/${got.available[0].id}/share`, {
      cookie: giver,
      body: { phone: '13870000001' },
    });
    assert.equal(back.statusCode, 404);
  });

  test('a member can never reach another member’s rows: every H5 route with an id, walked', async () => {
    const victim = await signIn('13880000001');
    const intruder = await signIn('13880000002');
    const victimId = (await h5('GET', '/me', { cookie: victim })).json().id;
    const address = (
      await h5('POST', '/addresses', {
        cookie: victim,
        body: { recipient: 'V', phone: '13912340000', province: 'P', city: 'C', line: 'L' },
      })
    ).json();
    const template = await staff('POST', '/api/v1/coupon-templates', {
      name: 'walk',
      kind: 'free_shipping',
      validity: { kind: 'relative', days: 30 },
      status: 'active',
      shareable: true,
    });
    await t.request('POST', `/api/v1/coupon-templates/${template.json().id}/issue`, {
      cookie: admin,
      headers: { 'idempotency-key': 'h5-walk' },
      body: { memberIds: [victimId] },
    });
    const coupon = (await h5('GET', '/coupons', { cookie: victim })).json().available[0];
    await t.request('POST', `/api/v1/members/${victimId}/points/adjustments`, {
      cookie: admin,
      headers: { 'idempotency-key': 'h5-walk-points' },
      body: { points: 100, reason: 'walk' },
    });
    const item = (
      await staff('POST', '/api/v1/mall/items', {
        name: 'W',
        kind: 'partner_benefit',
        points: 10,
        status: 'active',
        redemptionInstructions: 'Show at the desk',
      })
    ).json();
    const placed = await h5('POST', `/mall/items/${item.id}/exchange`, {
      cookie: victim,
      body: {},
      headers: { 'idempotency-key': 'walk' },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    const exchange = placed.json().exchange;
    // Items are the tenant's shelf, the same for every member: not member data.
    const idsBySegment: Record<string, string> = {
      addresses: address.id,
      coupons: coupon.id,
      exchanges: exchange.id,
    };
    const before = JSON.stringify([
      (await h5('GET', '/addresses', { cookie: victim })).json(),
      (await h5('GET', '/coupons', { cookie: victim })).json(),
      (await h5('GET', '/mall/exchanges', { cookie: victim })).json(),
    ]);
    const spec = (await t.request('GET', '/openapi.json')).json() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>
      >;
    };
    let walked = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      if (!path.startsWith('/api/v1/h5/{tenantCode}/') || !path.includes('{id}')) continue;
      const parts = path.split('/');
      const segment = parts[parts.indexOf('{id}') - 1]!;
      const id = idsBySegment[segment];
      if (segment === 'items') continue;
      assert.ok(id, `no victim id for ${path}: add one to the walk`);
      for (const [method, op] of Object.entries(ops)) {
        const body = sample(op.requestBody?.content['application/json']?.schema as never, '', {
          phone: '13880000001',
        });
        const url = path.replace('/api/v1/h5/{tenantCode}', '').replace('{id}', id!);
        const res = await h5(method.toUpperCase() as Method, url, {
          cookie: intruder,
          ...(body !== undefined ? { body } : {}),
        });
        assert.equal(
          res.statusCode,
          404,
          `${method} ${path} as another member → ${res.statusCode} ${res.body}`,
        );
        walked++;
      }
    }
    assert.ok(walked >= 3, `walked only ${walked}`);
    const after = JSON.stringify([
      (await h5('GET', '/addresses', { cookie: victim })).json(),
      (await h5('GET', '/coupons', { cookie: victim })).json(),
      (await h5('GET', '/mall/exchanges', { cookie: victim })).json(),
    ]);
    assert.equal(after, before, 'the victim’s rows are untouched');
    // Lists show only the caller's own rows.
    const mine = JSON.stringify([
      (await h5('GET', '/addresses', { cookie: intruder })).json(),
      (await h5('GET', '/coupons', { cookie: intruder })).json(),
      (await h5('GET', '/mall/exchanges', { cookie: intruder })).json(),
    ]);
    assert.ok(!mine.includes(address.id) && !mine.includes(coupon.id) && !mine.includes(exchange.id));
  });
});
