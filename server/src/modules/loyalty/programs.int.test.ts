import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addStaff } from '../../../test/harness.ts';
import { systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { until } from '../coupons/coupons.fixtures.ts';
import { anOrder, type OrdersWorld, ordersWorld } from '../orders/orders.fixtures.ts';
import { evaluateDue } from './programs.jobs.ts';

const day = 24 * 3600 * 1000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString();

const program = {
  name: '会员计划',
  returnWindowDays: 7,
  expiry: { kind: 'months_after', months: 24 },
  tierBasis: 'paid_12m',
  downgradeGraceDays: 0,
  tiers: [
    { code: 'silver', name: '银卡', threshold: 0 },
    { code: 'gold', name: '金卡', threshold: 100_00, benefits: { pointsMultiplier: 2 } },
    { code: 'black', name: '黑卡', threshold: 1_000_00, benefits: { pointsMultiplier: 3 } },
  ],
};

describe('loyalty programmes: rules, settlement, tiers', () => {
  let w: OrdersWorld;
  const put = (url: string, body: unknown) => w.t.request('PUT', url, { cookie: w.admin, body });
  const memberOf = async (phone: string) =>
    (await w.get(`/api/v1/members?q=${phone}`)).json().items[0].id as string;
  const points = async (memberId: string) => (await w.get(`/api/v1/members/${memberId}/points`)).json();

  before(async () => {
    w = await ordersWorld('loyalty-programs', { work: true });
  });
  after(() => w.t.close());

  test('the programme and its tiers: saved, validated by field, and behind loyalty:write', async () => {
    const bad = await put('/api/v1/loyalty/program', {
      ...program,
      tiers: [program.tiers[0], { ...program.tiers[1], threshold: 0 }],
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(
      bad.json().errors.some((e: { field: string }) => e.field === 'tiers.1.threshold'),
      bad.body,
    );
    const res = await put('/api/v1/loyalty/program', program);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().tiers.map((t: { code: string; rank: number }) => [t.code, t.rank]),
      [
        ['silver', 1],
        ['gold', 2],
        ['black', 3],
      ],
    );
    await addStaff(w.t.db, w.tenantId, {
      username: 'g2',
      role: 'guide',
      scope: 'own',
      storeId: w.storeId.slice(4),
    });
    const guide = await w.t.login(w.code, 'g2');
    const denied = await w.t.request('PUT', '/api/v1/loyalty/program', { cookie: guide, body: program });
    assert.equal(denied.statusCode, 403);
  });

  test('rules and the simulator: most specific base rate per line, campaign multiplier, tier multiplier', async () => {
    const rule = (body: unknown) => w.post('/api/v1/loyalty/rules', body);
    assert.equal((await rule({ kind: 'base', name: '基础', rate: 1 })).statusCode, 201);
    assert.equal(
      (await rule({ kind: 'base', name: '镜架', rate: 2, categoryPrefixes: ['镜架'] })).statusCode,
      201,
    );
    const double = await rule({
      kind: 'multiplier',
      name: '双11',
      rate: 2,
      channels: ['wechat_mall'],
      startsAt: '2025-11-01T00:00:00+08:00',
      endsAt: '2025-11-12T00:00:00+08:00',
    });
    assert.equal(double.statusCode, 201, double.body);
    const badRule = await rule({ kind: 'action', name: 'x', action: 'check_in', points: -1 });
    assert.equal(badRule.statusCode, 400);

    const sim = await w.post('/api/v1/loyalty/simulate', {
      order: {
        channel: 'wechat_mall',
        paidAt: '2025-11-11T10:00:00+08:00',
        lines: [
          { sku: 'SKU-1', paidCents: 12_345 }, // 镜架: 2 pt/¥ × 2 = 493.8
          { sku: 'OTHER', categoryPath: '配件', paidCents: 1_000 }, // 1 pt/¥ × 2 = 20
        ],
      },
    });
    assert.equal(sim.statusCode, 200, sim.body);
    assert.equal(sim.json().points, 513); // floor(513.8)
    assert.equal(sim.json().growth, 133);
    assert.match(sim.json().steps[0].detail, /SKU-1 ¥123.45 × 2 pt\/¥ \(镜架\) × 2 \(双11\)/);
  });

  test('orders settle into pending points, the 12 months lift the tier at once, refunds take back', async () => {
    const phone = '13900000101';
    const post = await w.post(
      '/api/v1/orders',
      anOrder({
        externalId: 'TIER-1',
        member: { kind: 'phone', value: phone },
        paidAt: ago(30),
        lines: [{ sku: 'SKU-3', qty: 4, unitPriceCents: 3000, paidCents: 12_000 }],
        discountCents: 0,
      }),
    );
    assert.equal(post.statusCode, 201, post.body);
    const memberId = await memberOf(phone);
    // 镜架 at 2 pt/¥: ¥120 → 240, available (the return window has passed), and ¥120 ≥ gold.
    const p1 = await until('settlement', async () => {
      const p = await points(memberId);
      return p.available === 240 ? p : undefined;
    });
    assert.equal(p1.pending, 0);
    const tier = (await w.get(`/api/v1/members/${memberId}/tier`)).json();
    assert.equal(tier.tier.code, 'gold');
    assert.equal(tier.qualifying, 12_000);
    assert.equal(tier.next.tier.code, 'black');
    assert.equal(tier.history[0].reason, 'qualified');

    // A fresh order is pending for 7 days, and earns ×2 as gold.
    await w.post(
      '/api/v1/orders',
      anOrder({
        externalId: 'FRESH-1',
        member: { kind: 'phone', value: phone },
        paidAt: ago(1),
        lines: [{ sku: 'SKU-1', qty: 1, unitPriceCents: 1000, paidCents: 1000 }],
        discountCents: 0,
      }),
    );
    const p2 = await until('pending', async () => {
      const p = await points(memberId);
      return p.pending > 0 ? p : undefined;
    });
    assert.equal(p2.pending, 40);

    // Refund half of the first order: half its points come back out.
    const refund = await w.post('/api/v1/refunds', {
      channel: 'store_pos',
      externalId: 'R-1',
      externalOrderId: 'TIER-1',
      amountCents: 6_000,
      refundedAt: ago(0),
    });
    assert.ok([200, 201].includes(refund.statusCode), refund.body);
    const p3 = await until('reversal', async () => {
      const p = await points(memberId);
      return p.available === 120 ? p : undefined;
    });
    assert.equal(p3.debt, 0);
    const q = (await w.get(`/api/v1/members/${memberId}/tier`)).json();
    assert.equal(q.qualifying, 7_000, 'net of the refund');
    assert.equal(q.tier.code, 'gold', 'no downgrade before the evaluation');

    // The evaluation, when due, brings the tier down to what the 12 months support.
    await w.post('/api/v1/refunds', {
      channel: 'store_pos',
      externalId: 'R-2',
      externalOrderId: 'TIER-1',
      amountCents: 6_000,
      refundedAt: ago(0),
    });
    await until('full reversal', async () => ((await points(memberId)).available === 0 ? true : undefined));
    await w.t.db.system((tx) =>
      tx.exec(`UPDATE loyalty_member_tiers SET evaluate_at = now() - interval '1 day' WHERE tenant_id = $1`, [
        w.tenantId,
      ]),
    );
    await w.t.db.tenant(w.tenantId, (tx) => evaluateDue(tx, systemCtx(w.tenantId, allPermissions, 'test')));
    const down = (await w.get(`/api/v1/members/${memberId}/tier`)).json();
    assert.equal(down.tier.code, 'silver');
    assert.equal(down.history[0].reason, 'evaluation');
    const events = await w.count('outbox_events', "event_type IN ('tier.upgraded', 'tier.downgraded')");
    assert.ok(events >= 2);
  });

  test('actions: once per key, limits counted by the database, a key where none is natural', async () => {
    const rule = await w.post('/api/v1/loyalty/rules', {
      kind: 'action',
      name: '签到',
      action: 'check_in',
      points: 5,
      limitPerMember: 2,
    });
    assert.equal(rule.statusCode, 201, rule.body);
    await w.post('/api/v1/loyalty/rules', { kind: 'action', name: '评价', action: 'review', points: 10 });
    await w.post(
      '/api/v1/orders',
      anOrder({ externalId: 'ACT-1', member: { kind: 'phone', value: '13900000202' } }),
    );
    const memberId = await until('member', async () => {
      const r = (await w.get('/api/v1/members?q=13900000202')).json();
      return r.items[0]?.id as string | undefined;
    });
    const act = (body: Record<string, unknown>) => w.post('/api/v1/loyalty/actions', { memberId, ...body });
    const first = (await act({ action: 'check_in', at: '2026-01-01T09:00:00+08:00' })).json();
    assert.equal(first.status, 'earned');
    assert.equal(first.points, 5);
    const again = (await act({ action: 'check_in', at: '2026-01-01T18:00:00+08:00' })).json();
    assert.equal(again.replayed, true, 'the same day is the same check-in');
    assert.equal(
      (await act({ action: 'check_in', at: '2026-01-02T09:00:00+08:00' })).json().status,
      'earned',
    );
    const third = (await act({ action: 'check_in', at: '2026-01-03T09:00:00+08:00' })).json();
    assert.deepEqual([third.status, third.limit], ['limit_reached', 'perMember']);
    const noKey = await act({ action: 'review' });
    assert.equal(noKey.statusCode, 400);
    assert.equal(noKey.json().errors[0].field, 'key');
    const parallel = await Promise.all(
      Array.from({ length: 10 }, () => act({ action: 'review', key: 'rv-1' }).then((r) => r.json())),
    );
    assert.equal(parallel.filter((r) => r.status === 'earned' && !r.replayed).length, 1);
  });
});
