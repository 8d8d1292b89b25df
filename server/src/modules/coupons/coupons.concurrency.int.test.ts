import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';
import { type Ctx, systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { CouponError } from './coupon-errors.ts';
import type { TemplateInput } from './coupons.schema.ts';
import { claimCoupon, issueCoupons } from './issue.service.ts';
import { createTemplate } from './templates.service.ts';

// Jepsen-style: many clients at once against a real database, then the invariants. On PostgreSQL
// the claims run on a pool of 20 connections at once; on PGlite (one connection) they serialise.
describe('coupons: stock and limits under concurrency', () => {
  let t: TestApp;
  let tenantId: string;
  let ctx: Ctx;
  before(async () => {
    t = await startTestApp();
    tenantId = (await createTestTenant(t.db, 'cpn-conc')).id;
    ctx = systemCtx(tenantId, allPermissions);
  });
  after(() => t.close());

  const template = (input: Partial<TemplateInput>) =>
    t.db.tenant(tenantId, (tx) =>
      createTemplate(tx, ctx, {
        name: 'race',
        kind: 'cash_off',
        amountOffCents: 500,
        validity: { kind: 'relative', days: 7 },
        status: 'active',
        claimable: true,
        ...input,
      }),
    );
  const members = async (n: number) =>
    (
      await t.db.system((tx) =>
        tx.many<{ id: string }>(
          'INSERT INTO members (tenant_id) SELECT $1 FROM generate_series(1, $2) RETURNING id',
          [tenantId, n],
        ),
      )
    ).map((r) => r.id);
  const claim = (claimCode: string, memberId: string) =>
    t.db.tenant(tenantId, (tx) => claimCoupon(tx, ctx, { claimCode, memberId }));
  const facts = (templateId: string) =>
    t.db.system((tx) =>
      tx.one<{ issued: number; stock_left: number; worst: number }>(
        `SELECT (SELECT count(*)::int FROM coupons WHERE template_id = $1) AS issued,
                (SELECT stock_left FROM coupon_templates WHERE id = $1) AS stock_left,
                (SELECT coalesce(max(n), 0)::int FROM (SELECT count(*) AS n FROM coupons WHERE template_id = $1 GROUP BY member_id) x) AS worst`,
        [templateId],
      ),
    );
  /** Refusals must be the stock or the limit speaking, never an error. */
  const refusedFor = (results: PromiseSettledResult<unknown>[]) =>
    results.flatMap((r) => {
      if (r.status === 'fulfilled') return [];
      if (!(r.reason instanceof CouponError)) throw r.reason;
      return [r.reason.reason];
    });

  test('400 concurrent claims on a stock of 50, 10 trials: exactly 50 issued each time', async () => {
    for (let trial = 1; trial <= 10; trial++) {
      const tpl = await template({ stockTotal: 50 });
      const ms = await members(400);
      const results = await Promise.allSettled(ms.map((m) => claim(tpl.claim_code, m)));
      const won = results.filter((r) => r.status === 'fulfilled').length;
      const refused = refusedFor(results);
      assert.equal(won, 50, `trial ${trial}: ${won} claims won`);
      assert.ok(refused.every((r) => r === 'out_of_stock'));
      const f = await facts(tpl.id);
      assert.equal(f.issued, 50, `trial ${trial}: issued`);
      assert.equal(f.stock_left + f.issued, 50, `trial ${trial}: stock_left + issued = initial`);
    }
  });

  test('50 members × 20 parallel claims with a limit of 1: one each', async () => {
    const tpl = await template({ perMemberLimit: 1 });
    const ms = await members(50);
    const attempts = ms.flatMap((m) => Array.from({ length: 20 }, () => m));
    attempts.sort(() => Math.random() - 0.5);
    const results = await Promise.allSettled(attempts.map((m) => claim(tpl.claim_code, m)));
    assert.ok(refusedFor(results).every((r) => r === 'limit_reached'));
    const f = await facts(tpl.id);
    assert.equal(f.worst, 1, 'no member holds more than one');
    assert.equal(f.issued, 50, 'every member got theirs');
    const counters = await t.db.system((tx) =>
      tx.one<{ n: number; sum: number }>(
        'SELECT count(*)::int AS n, sum(claimed)::int AS sum FROM coupon_member_claims WHERE template_id = $1',
        [tpl.id],
      ),
    );
    assert.deepEqual(counters, { n: 50, sum: 50 });
  });

  test('batches and claims together, stock 100 and a limit of 2: never oversold, never over the limit', async () => {
    const tpl = await template({ stockTotal: 100, perMemberLimit: 2 });
    const ms = await members(60);
    const batches = Array.from({ length: 12 }, (_, i) => {
      const slice = [...ms.slice((i * 5) % 60, ((i * 5) % 60) + 30)].reverse();
      return t.db.tenant(tenantId, (tx) =>
        issueCoupons(tx, ctx, {
          templateId: tpl.id,
          memberIds: slice,
          source: { type: 'campaign', id: 'c1' },
          idempotencyKey: `b${i}`,
        }),
      );
    });
    const claims = ms.flatMap((m) => [claim(tpl.claim_code, m), claim(tpl.claim_code, m)]);
    const settled = await Promise.allSettled([...batches, ...claims]);
    refusedFor(settled);
    const f = await facts(tpl.id);
    assert.equal(f.issued, 100);
    assert.equal(f.stock_left, 0);
    assert.ok(f.worst <= 2, `a member holds ${f.worst}`);
  });

  test('the same idempotency key sent 20 times at once issues once', async () => {
    const tpl = await template({ stockTotal: 1_000 });
    const ms = await members(10);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.db.tenant(tenantId, (tx) =>
          issueCoupons(tx, ctx, {
            templateId: tpl.id,
            memberIds: ms,
            source: { type: 'api' },
            idempotencyKey: 'same',
          }),
        ),
      ),
    );
    for (const r of results) assert.deepEqual(r, results[0]);
    assert.equal((await facts(tpl.id)).issued, 10);
  });
});
