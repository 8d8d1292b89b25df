import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { mergeMembers, unmergeMembers } from '../members/merge.service.ts';
import { anOrder, type OrdersWorld, ordersWorld } from './orders.fixtures.ts';

describe('orders follow their member through merges and back', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await ordersWorld('ord-merge');
  });
  after(() => w.t.close());

  const memberOf = async (externalId: string) =>
    w.t.db
      .system((tx) =>
        tx.one<{ member_id: string }>(
          'SELECT member_id FROM orders WHERE tenant_id = $1 AND external_id = $2',
          [w.tenantId, externalId],
        ),
      )
      .then((r) => r.member_id);

  test('merge moves the absorbed member’s orders; undo moves them back', async () => {
    const a1 = anOrder({ member: { kind: 'phone', value: '13800000401' }, paidAt: '2025-01-01T00:00:00Z' });
    const a2 = anOrder({ member: { kind: 'phone', value: '13800000401' } });
    const b1 = anOrder({ member: { kind: 'store_card', value: 'CARD-77' } });
    const b2 = anOrder({ member: { kind: 'store_card', value: 'CARD-77' } });
    for (const o of [a1, a2, b1, b2]) assert.equal((await w.post('/api/v1/orders', o)).statusCode, 201);
    const a = await memberOf(a1.externalId);
    const b = await memberOf(b1.externalId);
    assert.notEqual(a, b);
    // An order tied to b by member rather than by identity (as a future by-member-id ingest would).
    await w.t.db.system((tx) =>
      tx.exec('UPDATE orders SET identity_id = NULL WHERE tenant_id = $1 AND external_id = $2', [
        w.tenantId,
        b2.externalId,
      ]),
    );

    const ctx = systemCtx(w.tenantId, allPermissions);
    const merged = await w.t.db.tenant(w.tenantId, (tx) => mergeMembers(tx, ctx, a, b, { reason: 'test' }));
    assert.ok(merged);
    assert.equal(merged.survivorId, a, 'a joined first');
    for (const o of [a1, a2, b1, b2]) assert.equal(await memberOf(o.externalId), a);
    const timeline = (await w.get(`/api/v1/members/mem_${a}/orders`)).json();
    assert.equal(timeline.items.length, 4);

    await w.t.db.tenant(w.tenantId, (tx) => unmergeMembers(tx, ctx, merged.mergeId));
    for (const o of [a1, a2]) assert.equal(await memberOf(o.externalId), a);
    for (const o of [b1, b2]) assert.equal(await memberOf(o.externalId), b);
  });
});
