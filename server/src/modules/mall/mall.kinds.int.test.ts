import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { snapshotTenant } from '../../../test/harness.ts';
import { AppError } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { createTemplate } from '../coupons/templates.service.ts';
import { programInput } from '../loyalty/program.schema.ts';
import { saveProgram } from '../loyalty/program.service.ts';
import { address, type MallWorld, mallWorld } from './mall.fixtures.ts';
import { memberExchanges, shelfFor } from './mall.query.ts';

describe('points mall: what an item is — tier gating, coupons, partner benefits', () => {
  let w: MallWorld;
  before(async () => {
    w = await mallWorld('mall-kinds');
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
  const outbox = (aggregateId: string) =>
    w.tx((tx) =>
      tx.many<{ event_type: string }>(
        'SELECT event_type FROM outbox_events WHERE aggregate_id = $1 ORDER BY id',
        [aggregateId],
      ),
    );

  test('tier gating: minimum rank or a list of tiers', async () => {
    const program = programInput.parse({
      name: 'Club',
      tiers: [
        { code: 'silver', name: 'Silver', threshold: 0 },
        { code: 'gold', name: 'Gold', threshold: 100_000 },
        { code: 'black', name: 'Black', threshold: 1_000_000 },
      ],
    });
    await w.tx((tx) => saveProgram(tx, w.ctx, '0', program));
    const tiers = await w.tx((tx) =>
      tx.many<{ id: string; code: string; program_id: string }>(
        'SELECT id, code, program_id FROM loyalty_tiers ORDER BY rank',
      ),
    );
    const tier = (code: string) => tiers.find((t) => t.code === code)!;
    const [none, silver, gold, black] = await w.members(4);
    const setTier = (m: string, code: string) =>
      w.tx((tx) =>
        tx.exec(
          `INSERT INTO loyalty_member_tiers (tenant_id, program_id, member_id, tier_id, since, evaluate_at)
           VALUES ($1, $2, $3, $4, now(), now() + interval '1 year')`,
          [w.tenantId, tier(code).program_id, m, tier(code).id],
        ),
      );
    await setTier(silver!, 'silver');
    await setTier(gold!, 'gold');
    await setTier(black!, 'black');
    for (const m of [none!, silver!, gold!, black!]) await w.grant(m, [{ points: 100, expiresAt: null }]);
    const byRank = toPublicId('mallItem', (await w.item({ points: 10, minTierRank: 2 })).id);
    const byList = toPublicId(
      'mallItem',
      (await w.item({ points: 10, tierIds: [toPublicId('tier', tier('silver').id)] })).id,
    );
    const tryPlace = async (m: string, itemId: string) => {
      const res = await place({ memberId: mem(m), itemId, address }, `tier-${m}-${itemId}`);
      return res.statusCode === 201
        ? 'ok'
        : `${res.json().errors[0].field} ${res.json().errors[0].message.split(':')[0]}`;
    };
    assert.equal(await tryPlace(none!, byRank), 'memberId tier_required');
    assert.equal(await tryPlace(silver!, byRank), 'memberId tier_required');
    assert.equal(await tryPlace(gold!, byRank), 'ok');
    assert.equal(await tryPlace(black!, byRank), 'ok');
    assert.equal(await tryPlace(silver!, byList), 'ok');
    assert.equal(await tryPlace(gold!, byList), 'memberId tier_required');
    const shelf = await w.tx((tx) => shelfFor(tx, silver!));
    const seen = new Map(shelf.map((s) => [s.id, s.eligible]));
    assert.deepEqual([seen.get(byRank), seen.get(byList)], [false, true]);
  });

  test('coupon item: issued and delivered at once; if the coupon cannot be issued, nothing is taken', async () => {
    const tpl = await w.tx((tx) =>
      createTemplate(tx, w.ctx, {
        name: '10 off',
        kind: 'cash_off',
        amountOffCents: 1000,
        validity: { kind: 'relative', days: 30 },
        status: 'active',
        stockTotal: 1,
      }),
    );
    const ms = await w.members(2);
    for (const m of ms) await w.grant(m, [{ points: 50, expiresAt: null }]);
    const created = await call('POST', '/mall/items', {
      name: '10 元券',
      kind: 'coupon',
      points: 20,
      couponTemplateId: toPublicId('couponTemplate', tpl.id),
      status: 'active',
    });
    assert.equal(created.statusCode, 201, created.body);
    const itemId = created.json().id;
    const ok = await place({ memberId: mem(ms[0]!), itemId }, 'cpn-1');
    assert.equal(ok.statusCode, 201, ok.body);
    assert.deepEqual(
      [ok.json().status, ok.json().couponIds.length, ok.json().paymentStatus],
      ['delivered', 1, 'none'],
    );
    assert.deepEqual(await w.balances(ms[0]!), { available: 30, held: 0 }, 'spent at once');
    const wallet = await w.tx((tx) =>
      tx.many('SELECT source_type, source_id FROM coupons WHERE member_id = $1', [ms[0]]),
    );
    assert.deepEqual(wallet, [{ source_type: 'points_mall', source_id: ok.json().id }]);
    assert.deepEqual(
      (await outbox(ok.json().id)).map((e) => e.event_type),
      ['mall.exchange.placed', 'mall.exchange.delivered'],
    );

    const snap = await snapshotTenant(w.t.db, w.tenantId);
    const none = await place({ memberId: mem(ms[1]!), itemId }, 'cpn-2');
    assert.equal(none.statusCode, 409);
    assert.match(none.json().errors[0].message, /^coupon_unavailable: .*out of stock/);
    assert.deepEqual(await snapshotTenant(w.t.db, w.tenantId), snap, 'no stock, points or coupon taken');
    assert.deepEqual(await w.balances(ms[1]!), { available: 50, held: 0 });
    const cancel = await call('POST', `/mall/exchanges/${ok.json().id}/cancel`, { reason: 'no' });
    assert.equal(cancel.statusCode, 409);
  });

  test('partner benefit: delivered at once with its instructions; service refusal inside a caught transaction leaves nothing', async () => {
    const [m] = await w.members(1);
    await w.grant(m!, [{ points: 100, expiresAt: null }]);
    const item = await w.item({
      kind: 'partner_benefit',
      points: 60,
      redemptionInstructions: '到店出示会员码',
    });
    const { exchange } = await w.place({ memberId: m!, itemId: item.id });
    assert.deepEqual([exchange.status, exchange.redemptionInstructions], ['delivered', '到店出示会员码']);
    // A caller (the member H5) catching a refusal keeps a clean transaction: the savepoint undid it.
    const left = await w.tx(async (tx) => {
      const { placeExchange } = await import('./exchanges.place.ts');
      await assert.rejects(
        placeExchange(
          tx,
          w.ctx,
          { memberId: m!, itemId: item.id, idempotencyKey: 'h5-poor' },
          { cipher: w.t.runtime.deps.cipher },
        ),
        (e: unknown) => e instanceof AppError && e.code === 'POINTS_INSUFFICIENT',
      );
      return tx.one<{ n: number; ex: number }>(
        `SELECT (SELECT exchanged FROM mall_items WHERE id = $1) AS ex,
                (SELECT count(*)::int FROM mall_requests WHERE key = 'h5-poor') AS n`,
        [item.id],
      );
    });
    assert.deepEqual(left, { n: 0, ex: 1 });
    const mine = await w.tx((tx) => memberExchanges(tx, m!, { limit: 10, offset: 0 }));
    assert.equal(mine.total, 1);
  });
});
