import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createTestTenant, freshDatabase, testConfig } from '../../../test/harness.ts';
import type { Database } from '../../db/database.ts';
import { systemCtx } from '../../shared/context.ts';
import { Cipher } from '../../shared/crypto.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { registerMergeParticipant } from '../members/member-hooks.ts';
import { mergeMembers, unmergeMembers } from '../members/merge.service.ts';
import { ordersMergeParticipant } from '../orders/orders.merge.ts';
import { ingestBatch } from '../orders/orders-batch.ts';
import { ingestRefund } from '../orders/refunds.service.ts';
import { checkLedger } from './ledger.check.ts';
import { pointsMergeParticipant } from './points.merge.ts';
import { programInput, ruleInput } from './program.schema.ts';
import { createRule, saveProgram } from './program.service.ts';
import { programsMergeParticipant } from './programs.jobs.ts';
import { settleOrders, settleRefunds } from './settle.ts';

// Settlement must not depend on the order its events run in: a refund whose event is handled
// before its order's (two workers, or a refund that arrived first and was held) ends in the same
// points, debt and tiers as the natural order. And a merge carries what a member earned over.

const config = testConfig();
const pii = { cipher: new Cipher(config.encryptionKeys, config.encryptionKeyId), hmacKey: config.hmacKey };
const day = 24 * 3600 * 1000;

describe('settlement', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let n = 0;
  before(async () => {
    ({ db, drop } = await freshDatabase());
    // What the runtime registers, in its order: orders move first, then points, then settlements.
    registerMergeParticipant(ordersMergeParticipant);
    registerMergeParticipant(pointsMergeParticipant);
    registerMergeParticipant(programsMergeParticipant);
  });
  after(() => drop());

  async function world() {
    const tenant = await createTestTenant(db, `settle-${++n}`);
    const ctx = systemCtx(tenant.id, allPermissions, 'test');
    await db.tenant(tenant.id, async (tx) => {
      await tx.exec(
        `INSERT INTO products (tenant_id, sku, name, category_path, price_cents) VALUES ($1, 'A', 'A', '镜架', 10000), ($1, 'B', 'B', '镜片', 5000)`,
        [tenant.id],
      );
      await saveProgram(
        tx,
        ctx,
        '0',
        programInput.parse({
          name: 'p',
          returnWindowDays: 7,
          tiers: [
            { code: 't1', name: 'T1', threshold: 0 },
            { code: 't2', name: 'T2', threshold: 300_00, benefits: { pointsMultiplier: 2 } },
          ],
        }),
      );
      const program = await tx.one<{ id: string }>('SELECT id FROM loyalty_programs');
      await createRule(tx, ctx, program.id, ruleInput.parse({ kind: 'base', name: 'b', rate: 1 }));
    });
    return { tenantId: tenant.id, ctx };
  }

  const order = (i: number, phone: string, qtyA: number, qtyB: number, paidAt: Date) => ({
    ref: i,
    input: {
      channel: 'store_pos',
      externalId: `O-${i}`,
      member: { kind: 'phone', value: phone },
      lines: [
        ...(qtyA > 0 ? [{ sku: 'A', qty: qtyA, unitPriceCents: 10000, paidCents: qtyA * 10000 }] : []),
        ...(qtyB > 0 ? [{ sku: 'B', qty: qtyB, unitPriceCents: 5000, paidCents: qtyB * 5000 }] : []),
      ],
      paidAt: paidAt.toISOString(),
    },
  });

  /** What settlement left: each member's balances, tier and settlements, by phone. */
  async function outcome(tenantId: string) {
    return db.tenant(tenantId, async (tx) => {
      assert.deepEqual((await checkLedger(tx)).problems, []);
      return tx.many(
        `SELECT i.display AS phone, a.available, a.pending, a.debt, t.tier_id IS NOT NULL AND tt.code = 't2' AS t2,
           (SELECT json_agg(json_build_array(o.external_id, s.points, s.refunded_cents) ORDER BY o.external_id)
            FROM loyalty_settlements s JOIN orders o ON o.id = s.order_id WHERE s.member_id = m.id) AS orders
         FROM members m JOIN member_identities i ON i.member_id = m.id AND i.kind = 'phone'
         LEFT JOIN ledger_accounts a ON a.member_id = m.id AND a.kind = 'points'
         LEFT JOIN loyalty_member_tiers t ON t.member_id = m.id
         LEFT JOIN loyalty_tiers tt ON tt.id = t.tier_id
         ORDER BY i.display`,
      );
    });
  }

  test('the same orders and refunds settle to the same state whichever events run first', async () => {
    const now = new Date();
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            member: fc.integer({ min: 0, max: 2 }),
            qtyA: fc.integer({ min: 0, max: 3 }),
            qtyB: fc.integer({ min: 1, max: 3 }),
            daysAgo: fc.integer({ min: 0, max: 40 }),
            refund: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.boolean(),
        async (specs, refundsFirst) => {
          const results = [];
          for (const eventsReversed of [false, true]) {
            const { tenantId, ctx } = await world();
            const records = specs.map((s, i) =>
              order(i, `1390000000${s.member}`, s.qtyA, s.qtyB, new Date(now.getTime() - s.daysAgo * day)),
            );
            const ids = await db.tenant(tenantId, async (tx) => {
              const r = await ingestBatch(tx, ctx, pii, records);
              assert.equal(r.failed, 0, JSON.stringify(r.errors));
              return (await tx.many<{ id: string }>('SELECT id FROM orders ORDER BY external_id')).map(
                (o) => o.id,
              );
            });
            const refund = async () => {
              for (const [i, s] of specs.entries()) {
                if (!s.refund) continue;
                const paid = s.qtyA * 10000 + s.qtyB * 5000;
                await db.tenant(tenantId, (tx) =>
                  ingestRefund(tx, ctx, {
                    channel: 'store_pos',
                    externalId: `R-${i}`,
                    externalOrderId: `O-${i}`,
                    amountCents: Math.max(1, Math.floor((paid * s.refund!) / 100)),
                    refundedAt: now.toISOString(),
                  }),
                );
              }
            };
            // Natural: settle, then refunds and their settlement. Reversed: refunds land and their
            // events are handled before the orders' (nothing to reverse yet), then the orders settle.
            if (!eventsReversed || !refundsFirst) {
              await db.tenant(tenantId, (tx) => settleOrders(tx, ctx, ids, now));
              await refund();
              await db.tenant(tenantId, (tx) => settleRefunds(tx, ctx, ids, now));
            } else {
              await refund();
              await db.tenant(tenantId, (tx) => settleRefunds(tx, ctx, ids, now));
              await db.tenant(tenantId, (tx) => settleOrders(tx, ctx, ids, now));
            }
            // Replays change nothing.
            await db.tenant(tenantId, (tx) => settleOrders(tx, ctx, ids, now));
            await db.tenant(tenantId, (tx) => settleRefunds(tx, ctx, ids, now));
            results.push(await outcome(tenantId));
          }
          assert.deepEqual(results[1], results[0]);
        },
      ),
      { numRuns: 12, seed: 20261125 },
    );
  });

  test('a merge carries the absorbed member’s settlements and lifts the tier; undo takes them back', async () => {
    const { tenantId, ctx } = await world();
    const now = new Date();
    const ids = await db.tenant(tenantId, async (tx) => {
      await ingestBatch(tx, ctx, pii, [
        order(1, '13900000011', 2, 0, new Date(now.getTime() - 30 * day)),
        order(2, '13900000022', 2, 0, new Date(now.getTime() - 30 * day)),
      ]);
      return (await tx.many<{ id: string }>('SELECT id FROM orders ORDER BY external_id')).map((o) => o.id);
    });
    await db.tenant(tenantId, (tx) => settleOrders(tx, ctx, ids, now));
    const before = await outcome(tenantId);
    assert.deepEqual(
      before.map((r) => r.t2),
      [false, false],
      '¥200 each: below T2',
    );
    const members = await db.tenant(tenantId, (tx) =>
      tx.many<{ id: string }>(
        `SELECT member_id AS id FROM member_identities WHERE kind = 'phone' ORDER BY display`,
      ),
    );
    const merge = (await db.tenant(tenantId, (tx) =>
      mergeMembers(tx, ctx, members[0]!.id, members[1]!.id, { reason: 'same person' }),
    ))!;
    const merged = await db.tenant(tenantId, (tx) =>
      tx.one<{ n: number; tier: string }>(
        `SELECT count(*)::int AS n, (SELECT tt.code FROM loyalty_member_tiers t JOIN loyalty_tiers tt ON tt.id = t.tier_id
           WHERE t.member_id = $1) AS tier FROM loyalty_settlements WHERE member_id = $1`,
        [merge.survivorId],
      ),
    );
    assert.deepEqual([merged.n, merged.tier], [2, 't2'], '¥400 together: T2 at once');
    await db.tenant(tenantId, (tx) => unmergeMembers(tx, ctx, merge.mergeId));
    const back = await db.tenant(tenantId, (tx) =>
      tx.many<{ member_id: string; n: number }>(
        'SELECT member_id, count(*)::int AS n FROM loyalty_settlements GROUP BY member_id ORDER BY member_id',
      ),
    );
    assert.deepEqual(
      back.map((b) => b.n),
      [1, 1],
    );
    assert.deepEqual((await db.tenant(tenantId, (tx) => checkLedger(tx))).problems, []);
  });
});
