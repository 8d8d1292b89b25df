import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { snapshotTenant } from '../../../test/harness.ts';
import { type CouponsWorld, couponsWorld, newKey, until } from './coupons.fixtures.ts';
import { expireDue, expiryQueue } from './expiry.ts';

describe('coupons: redeem, unredeem, refunds, orders, expiry', () => {
  let w: CouponsWorld;
  before(async () => {
    w = await couponsWorld('cpn-redeem', { work: true });
    await w.req('POST', '/api/v1/products/bulk', {
      items: [
        { sku: 'FRAME-1', name: '金属框', categoryPath: '镜架/金属框', priceCents: 30000 },
        { sku: 'LENS-1', name: '镜片', categoryPath: '镜片', priceCents: 20000 },
      ],
    });
  });
  after(() => w.t.close());

  const order = (o: Record<string, unknown> = {}) => ({
    channel: 'store_pos',
    externalOrderId: `POS-${newKey()}`,
    storeId: w.storeId,
    totalCents: 30000,
    lines: [
      { sku: 'FRAME-1', categoryPath: '镜架/金属框', qty: 1, amountCents: 20000 },
      { sku: 'LENS-1', categoryPath: '镜片', qty: 2, amountCents: 10000 },
    ],
    ...o,
  });
  const redeem = (code: string, memberId: string, o: Record<string, unknown> = order(), key?: string) =>
    w.req(
      'POST',
      '/api/v1/coupons/redeem',
      { code, memberId, order: o },
      key ? { 'idempotency-key': key } : undefined,
    );
  const couponFor = async (overrides: Record<string, unknown> = {}) => {
    const { id } = await w.template(overrides);
    const [m] = await w.members(1);
    const c = (await w.issue(id, [m!])).json().issued[0];
    return { templateId: id, memberId: m!, code: c.code as string, couponId: c.couponId as string };
  };

  test('applicability failures each name the field and the reason', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string, RegExp][] = [
      [{ channels: ['wechat_mall'] }, {}, 'order.channel', /^not_applicable: not valid on store_pos/],
      [{ categoryPrefixes: ['太阳镜'] }, {}, 'order.lines', /^not_applicable: no item/],
      [{ thresholdCents: 50000 }, {}, 'order.lines', /^below_threshold: covered items come to ¥300.00/],
      [
        { kind: 'gift', amountOffCents: null, giftSku: 'CASE-1' },
        {},
        'order.lines',
        /^not_applicable: the gift CASE-1/,
      ],
      [
        { kind: 'free_shipping', amountOffCents: null, thresholdCents: 0 },
        {},
        'order.shippingCents',
        /no shipping fee/,
      ],
    ];
    for (const [rules, o, field, message] of cases) {
      const c = await couponFor(rules);
      const res = await redeem(c.code, c.memberId, order(o));
      assert.equal(res.statusCode, 409, `${JSON.stringify(rules)}: ${res.body}`);
      assert.equal(res.json().errors[0].field, field);
      assert.match(res.json().errors[0].message, message);
    }
    const inStore = await couponFor({ storeIds: [w.otherStoreId] });
    const wrongStore = await redeem(inStore.code, inStore.memberId);
    assert.equal(wrongStore.json().errors[0].field, 'order.storeId');
    const c = await couponFor();
    const [stranger] = await w.members(1);
    assert.match((await redeem(c.code, stranger!)).json().errors[0].message, /^not_owner/);
    assert.equal((await redeem('ZZZZZZZZZZZZ', c.memberId)).statusCode, 404);
    const future = await couponFor({
      validity: { kind: 'fixed', from: '2999-01-01T00:00:00Z', to: '2999-02-01T00:00:00Z' },
    });
    assert.match((await redeem(future.code, future.memberId)).json().errors[0].message, /^not_yet_valid/);
  });

  test('discounts by kind: cash off, percent off with cap, gift, free shipping, category prefixes', async () => {
    const discount = async (rules: Record<string, unknown>, o = order()) => {
      const c = await couponFor(rules);
      const res = await redeem(c.code, c.memberId, o);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().discountCents as number;
    };
    assert.equal(await discount({}), 2000);
    assert.equal(await discount({ kind: 'percent_off', amountOffCents: null, percentOffBp: 1500 }), 4500);
    assert.equal(
      await discount({
        kind: 'percent_off',
        amountOffCents: null,
        percentOffBp: 1500,
        maxDiscountCents: 3000,
      }),
      3000,
    );
    assert.equal(await discount({ categoryPrefixes: ['镜架'], thresholdCents: 20000 }), 2000);
    assert.equal(
      await discount({ kind: 'gift', amountOffCents: null, giftSku: 'LENS-1', thresholdCents: 0 }),
      5000,
    );
    assert.equal(
      await discount(
        { kind: 'free_shipping', amountOffCents: null, thresholdCents: 0 },
        order({ shippingCents: 1200 }),
      ),
      1200,
    );
  });

  test('redeem is idempotent; a different payload under the same key or order is a 409 writing nothing', async () => {
    const c = await couponFor();
    const o = order();
    const key = newKey();
    const first = await redeem(c.code, c.memberId, o, key);
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().replayed, false);
    const again = await redeem(c.code.toLowerCase(), c.memberId, o, key);
    assert.equal(again.statusCode, 200);
    assert.deepEqual({ ...(again.json() as object), replayed: false }, first.json());
    const natural = await redeem(c.code, c.memberId, o);
    assert.equal(natural.statusCode, 200, 'the same coupon and order without a key is a replay too');
    assert.equal(natural.json().redemptionId, first.json().redemptionId);

    const other = await couponFor();
    // The dispatcher marks events published as it goes: hold it still while we compare.
    await w.t.runtime.dispatcher.stop();
    await w.t.runtime.dispatcher.dispatchOnce();
    const before = await snapshotTenant(w.t.db, w.tenantId);
    const changed = await redeem(c.code, c.memberId, { ...o, totalCents: 31000 }, key);
    assert.equal(changed.statusCode, 409);
    assert.equal(changed.json().code, 'IDEMPOTENCY_MISMATCH');
    const sameOrder = await redeem(c.code, c.memberId, { ...o, totalCents: 31000 });
    assert.equal(sameOrder.json().code, 'IDEMPOTENCY_MISMATCH');
    const otherOrder = await redeem(c.code, c.memberId, order());
    assert.match(otherOrder.json().errors[0].message, /^already_redeemed/);
    const keyReused = await redeem(other.code, other.memberId, order(), key);
    assert.equal(keyReused.json().code, 'IDEMPOTENCY_MISMATCH');
    assert.deepEqual(await snapshotTenant(w.t.db, w.tenantId), before, 'refused requests wrote nothing');
    w.t.runtime.dispatcher.start();

    const coupon = (await w.req('GET', `/api/v1/coupons/${c.couponId}`)).json();
    assert.equal(coupon.status, 'redeemed');
    assert.equal(coupon.redeemedOrder.externalOrderId, o.externalOrderId);
    assert.deepEqual([coupon.redeemedStoreId, coupon.redeemedRegionId], [w.storeId, w.regionId]);
  });

  test('unredeem by route returns the coupon; an expired one goes to expired', async () => {
    const c = await couponFor();
    const r = (await redeem(c.code, c.memberId)).json();
    const un = await w.req('POST', `/api/v1/coupons/${c.couponId}/unredeem`, { reason: '退货' });
    assert.equal(un.statusCode, 200, un.body);
    assert.deepEqual(un.json(), { couponId: c.couponId, redemptionId: r.redemptionId, status: 'available' });
    assert.equal(
      await w.count(
        'audit_log',
        "action = 'coupon.unredeemed' AND entity_id = $2 AND user_agent IS NOT NULL",
        [c.couponId],
      ),
      1,
      'audited, with the request’s headers intact',
    );
    assert.match(
      (await w.req('POST', `/api/v1/coupons/${c.couponId}/unredeem`, { reason: 'x' })).json().errors[0]
        .message,
      /^not_redeemed/,
    );
    assert.equal((await redeem(c.code, c.memberId)).statusCode, 201, 'usable again');
    await w.t.db.system((tx) =>
      tx.exec(`UPDATE coupons SET valid_to = now() - interval '1 hour' WHERE code = $1`, [c.code]),
    );
    const late = await w.req('POST', `/api/v1/coupons/${c.couponId}/unredeem`, { reason: '退货' });
    assert.equal(late.json().status, 'expired');
  });

  test('a full refund of the redeeming order gives the coupon back (order.paid links, order.refunded reverses)', async () => {
    const c = await couponFor();
    const o = order({ externalOrderId: 'POS-REFUND-1' });
    assert.equal((await redeem(c.code, c.memberId, o)).statusCode, 201);
    const ingest = await w.req('POST', '/api/v1/orders', {
      channel: 'store_pos',
      externalId: 'POS-REFUND-1',
      storeId: w.storeId,
      lines: [{ sku: 'FRAME-1', qty: 1, unitPriceCents: 30000, paidCents: 28000 }],
      discountCents: 2000,
      paidAt: new Date().toISOString(),
    });
    assert.equal(ingest.statusCode, 201, ingest.body);
    const orderId = ingest.json().order.id as string;
    await until('the redemption tied to the order', async () => {
      const c2 = (await w.req('GET', `/api/v1/coupons/${c.couponId}`)).json();
      return c2.redeemedOrder?.orderId === orderId || undefined;
    });
    const refund = (body: Record<string, unknown>) =>
      w.req('POST', '/api/v1/refunds', {
        channel: 'store_pos',
        externalOrderId: 'POS-REFUND-1',
        refundedAt: new Date().toISOString(),
        ...body,
      });
    assert.equal((await refund({ externalId: 'RF-1', amountCents: 8000 })).statusCode, 201);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(
      (await w.req('GET', `/api/v1/coupons/${c.couponId}`)).json().status,
      'redeemed',
      'a partial refund keeps it',
    );
    assert.equal((await refund({ externalId: 'RF-2', amountCents: 20000 })).statusCode, 201);
    await until('the coupon back', async () => {
      const c2 = (await w.req('GET', `/api/v1/coupons/${c.couponId}`)).json();
      return c2.status === 'available' || undefined;
    });
    assert.equal(
      await w.count('outbox_events', "event_type = 'coupon.unredeemed' AND aggregate_id = $2", [c.couponId]),
      1,
    );
  });

  test('an order arriving with coupon codes marks them redeemed, once', async () => {
    const c = await couponFor({ thresholdCents: 0 });
    const phone = '13600000042';
    const m = (await w.req('POST', '/api/v1/members', { profile: { name: 'O', phone } })).json();
    const { id } = await w.template({ thresholdCents: 0 });
    const mine = (await w.issue(id, [m.id])).json().issued[0];
    const body = {
      channel: 'wechat_mall',
      externalId: 'WX-1',
      member: { kind: 'phone', value: phone },
      lines: [{ sku: 'LENS-1', qty: 1, unitPriceCents: 20000, paidCents: 18000 }],
      discountCents: 2000,
      couponCodes: [mine.code, c.code, 'WELCOME5'],
      paidAt: new Date().toISOString(),
    };
    assert.equal((await w.req('POST', '/api/v1/orders', body)).statusCode, 201);
    const used = await until('the coupon redeemed by the order', async () => {
      const x = (await w.req('GET', `/api/v1/coupons/${mine.couponId}`)).json();
      return x.status === 'redeemed' ? x : undefined;
    });
    assert.equal(used.redeemedOrder.externalOrderId, 'WX-1');
    assert.equal(
      (await w.req('GET', `/api/v1/coupons/${c.couponId}`)).json().status,
      'available',
      'another member’s code is left alone',
    );
    assert.equal(await w.count('coupon_redemptions', "external_order_id = 'WX-1'"), 1);
  });

  test('expiry is set-based and chunked, emits coupon.expired, and never touches live coupons', async () => {
    const { id } = await w.template();
    const ms = await w.members(5);
    await w.issue(id, ms);
    await w.t.db.system((tx) =>
      tx.exec(
        `UPDATE coupons SET valid_to = now() - interval '1 minute' WHERE template_id = $1 AND member_id <> $2`,
        [id.slice(4), ms[4]!.slice(4)],
      ),
    );
    const now = new Date();
    const first = await w.t.db.tenant(w.tenantId, (tx) => expireDue(tx, w.ctx, now, 3));
    const second = await w.t.db.tenant(w.tenantId, (tx) => expireDue(tx, w.ctx, now, 3));
    assert.deepEqual([first, second], [3, 1]);
    assert.equal(await w.count('coupons', "template_id = $2 AND status = 'expired'", [id.slice(4)]), 4);
    assert.equal(await w.count('coupons', "template_id = $2 AND status = 'available'", [id.slice(4)]), 1);
    const wallet = (await w.req('GET', `/api/v1/members/${ms[0]}/coupons`)).json();
    assert.equal(wallet.expired.length, 1);
    assert.ok(wallet.expired[0].expiredAt);
    assert.equal(
      await w.count('outbox_events', "event_type = 'coupon.expired' AND payload->>'templateId' = $2", [id]),
      4,
    );
    const expired = (await w.req('GET', `/api/v1/coupons?templateId=${id}&status=expired`)).json();
    assert.equal(expired.total, 4);

    // The sweep job does the same across tenants.
    await w.t.db.system((tx) =>
      tx.exec(
        `UPDATE coupons SET valid_to = now() - interval '1 minute' WHERE template_id = $1 AND member_id = $2`,
        [id.slice(4), ms[4]!.slice(4)],
      ),
    );
    await w.t.runtime.deps.jobs.send(expiryQueue, {});
    await until('the sweep', async () =>
      (await w.count('coupons', "template_id = $2 AND status = 'expired'", [id.slice(4)])) === 5
        ? true
        : undefined,
    );
  });
});
