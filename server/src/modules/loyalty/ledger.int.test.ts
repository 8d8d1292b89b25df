import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { at, type LedgerWorld, ledgerWorld } from './ledger.fixtures.ts';
import { adjustPoint } from './points.adjust.ts';
import { earnPoint, earnPoints, releasePendingPoints } from './points.earn.ts';
import { expirePoints, noticeExpiringPoints } from './points.expire.ts';
import { captureHold, sweepExpiredHolds, voidHold } from './points.holds.ts';
import { reversePoint } from './points.reverse.ts';
import { holdPoint, spendPoint } from './points.spend.ts';

describe('points ledger: examples', () => {
  let w: LedgerWorld;
  const t0 = new Date('2025-03-01T00:00:00Z');
  before(async () => {
    w = await ledgerWorld('ledger-ex');
  });
  after(() => w.close());

  const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

  test('earn, pending until released, spend takes the soonest-expiring lot first', async () => {
    const [m] = await w.members(1);
    const acct = { memberId: m! };
    await w.tx((tx) =>
      earnPoints(
        tx,
        w.ctx,
        [
          { key: 'e1', account: acct, points: 100, expiresAt: at(t0, 365) },
          { key: 'e2', account: acct, points: 50, expiresAt: at(t0, 30) },
          { key: 'e3', account: acct, points: 70, availableAt: at(t0, 7), expiresAt: at(t0, 10) },
        ],
        { now: t0 },
      ),
    );
    assert.deepEqual(await w.balances(m!), { available: 150, pending: 70, held: 0, debt: 0 });
    await assert.rejects(
      w.tx((tx) => spendPoint(tx, w.ctx, { key: 's0', account: acct, points: 151 }, { now: t0 })),
      isCode('POINTS_INSUFFICIENT'),
    );
    const released = await w.tx((tx) => releasePendingPoints(tx, w.ctx, { now: at(t0, 7) }));
    assert.deepEqual(released, { lots: 1, points: 70 });
    const spent = await w.tx((tx) =>
      spendPoint(tx, w.ctx, { key: 's1', account: acct, points: 90 }, { now: at(t0, 8) }),
    );
    assert.deepEqual(
      spent.allocations.map((a) => a.points),
      [70, 20],
      'the lot expiring on day 10 first, then day 30',
    );
    assert.deepEqual(await w.balances(m!), { available: 130, pending: 0, held: 0, debt: 0 });
    await w.assertLedger();
  });

  test('the same key with another payload is a 409 and writes nothing; with the same payload, the first answer', async () => {
    const [m] = await w.members(1);
    const first = await w.tx((tx) =>
      earnPoint(tx, w.ctx, { key: 'k-same', account: { memberId: m! }, points: 10 }),
    );
    const before = await w.counts();
    await assert.rejects(
      w.tx((tx) => earnPoint(tx, w.ctx, { key: 'k-same', account: { memberId: m! }, points: 11 })),
      (e: unknown) => e instanceof AppError && e.code === 'IDEMPOTENCY_MISMATCH' && e.status === 409,
    );
    await assert.rejects(
      w.tx((tx) => spendPoint(tx, w.ctx, { key: 'k-same', account: { memberId: m! }, points: 10 })),
      isCode('IDEMPOTENCY_MISMATCH'),
    );
    assert.deepEqual(await w.counts(), before, 'nothing written');
    const again = await w.tx((tx) =>
      earnPoint(tx, w.ctx, { key: 'k-same', account: { memberId: m! }, points: 10 }),
    );
    assert.deepEqual({ ...again, replayed: false }, first);
    assert.equal(again.replayed, true);
    assert.deepEqual(await w.counts(), before, 'a replay writes nothing');
  });

  test('20 concurrent calls with one key make one journal and one answer', async () => {
    const [m] = await w.members(1);
    await w.tx((tx) => earnPoint(tx, w.ctx, { key: 'c-seed', account: { memberId: m! }, points: 500 }));
    for (const op of ['earn', 'spend'] as const) {
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          w.tx(
            (tx): Promise<{ journalId: string; replayed: boolean }> =>
              op === 'earn'
                ? earnPoint(tx, w.ctx, { key: 'c-earn', account: { memberId: m! }, points: 7 })
                : spendPoint(tx, w.ctx, { key: 'c-spend', account: { memberId: m! }, points: 9 }),
          ),
        ),
      );
      assert.equal(new Set(results.map((r) => r.journalId)).size, 1, `${op}: one journal`);
      assert.equal(results.filter((r) => !r.replayed).length, 1, `${op}: one first answer`);
    }
    const journals = await w.tx((tx) =>
      tx.one<{ n: string }>(
        `SELECT count(*) AS n FROM ledger_journals WHERE idempotency_key IN ('c-earn', 'c-spend')`,
      ),
    );
    assert.equal(journals.n, '2');
    assert.deepEqual(await w.balances(m!), { available: 498, pending: 0, held: 0, debt: 0 });
    await w.assertLedger();
  });

  test('a refund of spent points becomes debt, and later earnings pay it first', async () => {
    const [m] = await w.members(1);
    const acct = { memberId: m! };
    const order = { type: 'order', id: 'ord-debt' };
    await w.tx((tx) => earnPoint(tx, w.ctx, { key: 'd-earn', account: acct, points: 100, source: order }));
    await w.tx((tx) => spendPoint(tx, w.ctx, { key: 'd-spend', account: acct, points: 80 }));
    const reversed = await w.tx((tx) =>
      reversePoint(tx, w.ctx, {
        key: 'd-refund',
        account: acct,
        source: order,
        share: { numerator: 1, denominator: 1 },
      }),
    );
    assert.deepEqual(
      { ...reversed, journalId: '' },
      { journalId: '', points: 100, fromLots: 20, debt: 80, replayed: false },
    );
    assert.deepEqual(await w.balances(m!), { available: 0, pending: 0, held: 0, debt: 80 });
    const pend = await w.tx((tx) =>
      earnPoint(tx, w.ctx, { key: 'd-pend', account: acct, points: 30, availableAt: at(new Date(), 1) }),
    );
    assert.equal(pend.debtRepaid, 0, 'pending points pay nothing until released');
    const e2 = await w.tx((tx) => earnPoint(tx, w.ctx, { key: 'd-e2', account: acct, points: 50 }));
    assert.equal(e2.debtRepaid, 50);
    assert.deepEqual(await w.balances(m!), { available: 0, pending: 30, held: 0, debt: 30 });
    await w.tx((tx) => releasePendingPoints(tx, w.ctx, { now: at(new Date(), 2) }));
    assert.deepEqual(await w.balances(m!), { available: 0, pending: 0, held: 0, debt: 0 });
    const e3 = await w.tx((tx) => earnPoint(tx, w.ctx, { key: 'd-e3', account: acct, points: 5 }));
    assert.equal(e3.debtRepaid, 0);
    assert.deepEqual(await w.balances(m!), { available: 5, pending: 0, held: 0, debt: 0 });
    await w.assertLedger();
  });

  test('partial refunds by cumulative share add up to exactly what was earned', async () => {
    const [m] = await w.members(1);
    const acct = { memberId: m! };
    const order = { type: 'order', id: 'ord-thirds' };
    await w.tx((tx) => earnPoint(tx, w.ctx, { key: 'p-earn', account: acct, points: 100, source: order }));
    const got: number[] = [];
    for (const n of [1, 2, 3]) {
      const r = await w.tx((tx) =>
        reversePoint(tx, w.ctx, {
          key: `p-ref-${n}`,
          account: acct,
          source: order,
          share: { numerator: n, denominator: 3 },
        }),
      );
      got.push(r.points);
    }
    assert.deepEqual(got, [33, 33, 34]);
    const extra = await w.tx((tx) =>
      reversePoint(tx, w.ctx, { key: 'p-more', account: acct, source: order, points: 5 }),
    );
    assert.equal(extra.points, 0, 'nothing left to reverse');
    assert.deepEqual(await w.balances(m!), { available: 0, pending: 0, held: 0, debt: 0 });
    await w.assertLedger();
  });

  test('holds: void returns points to their own lots and expiry; capture is final; the sweep voids late holds', async () => {
    const [m] = await w.members(1);
    const acct = { memberId: m! };
    await w.tx((tx) =>
      earnPoint(tx, w.ctx, { key: 'h-a', account: acct, points: 20, expiresAt: at(t0, 10) }, { now: t0 }),
    );
    await w.tx((tx) =>
      earnPoint(tx, w.ctx, { key: 'h-b', account: acct, points: 50, expiresAt: at(t0, 90) }, { now: t0 }),
    );
    const hold = await w.tx((tx) =>
      holdPoint(tx, w.ctx, { key: 'h-1', account: acct, points: 30, expiresAt: at(t0, 1) }, { now: t0 }),
    );
    assert.deepEqual(
      hold.allocations.map((a) => a.points),
      [20, 10],
    );
    assert.deepEqual(await w.balances(m!), { available: 40, pending: 0, held: 30, debt: 0 });
    const voided = await w.tx((tx) => voidHold(tx, w.ctx, hold.holdId, { now: t0 }));
    assert.equal(voided.status, 'voided');
    const lots = await w.tx((tx) =>
      tx.many<{ remaining: string; expires_at: Date }>(
        'SELECT remaining, expires_at FROM ledger_lots WHERE account_id = (SELECT id FROM ledger_accounts WHERE member_id = $1) ORDER BY expires_at',
        [m],
      ),
    );
    assert.deepEqual(
      lots.map((l) => [Number(l.remaining), l.expires_at.toISOString()]),
      [
        [20, at(t0, 10).toISOString()],
        [50, at(t0, 90).toISOString()],
      ],
    );
    assert.equal(
      (await w.tx((tx) => voidHold(tx, w.ctx, hold.holdId))).replayed,
      true,
      'voiding again answers the same',
    );
    await assert.rejects(
      w.tx((tx) => captureHold(tx, w.ctx, hold.holdId)),
      isCode('CONFLICT'),
    );

    const h2 = await w.tx((tx) =>
      holdPoint(tx, w.ctx, { key: 'h-2', account: acct, points: 25, expiresAt: at(t0, 1) }, { now: t0 }),
    );
    const captured = await w.tx((tx) => captureHold(tx, w.ctx, h2.holdId, { now: t0 }));
    assert.equal(captured.status, 'captured');
    assert.deepEqual(await w.tx((tx) => captureHold(tx, w.ctx, h2.holdId, { now: t0 })), {
      ...captured,
      replayed: true,
    });
    assert.deepEqual(await w.balances(m!), { available: 45, pending: 0, held: 0, debt: 0 });

    const h3 = await w.tx((tx) =>
      holdPoint(tx, w.ctx, { key: 'h-3', account: acct, points: 45, expiresAt: at(t0, 1) }, { now: t0 }),
    );
    await assert.rejects(
      w.tx((tx) => captureHold(tx, w.ctx, h3.holdId, { now: at(t0, 2) })),
      isCode('CONFLICT'),
    );
    assert.equal(await w.tx((tx) => sweepExpiredHolds(tx, w.ctx, { now: at(t0, 2) })), 1);
    assert.deepEqual(await w.balances(m!), { available: 45, pending: 0, held: 0, debt: 0 });
    await w.assertLedger();
  });

  test('manual adjustments need a reason, credit or debit, write off debt, and are audited', async () => {
    const [m] = await w.members(1);
    const acct = { memberId: m! };
    await assert.rejects(
      w.tx((tx) => adjustPoint(tx, w.ctx, { key: 'a-0', account: acct, points: 5, reason: ' ' })),
      isCode('VALIDATION'),
    );
    await w.tx((tx) => adjustPoint(tx, w.ctx, { key: 'a-1', account: acct, points: 40, reason: 'goodwill' }));
    await w.tx((tx) =>
      adjustPoint(tx, w.ctx, { key: 'a-2', account: acct, points: -15, reason: 'correction' }),
    );
    await assert.rejects(
      w.tx((tx) => adjustPoint(tx, w.ctx, { key: 'a-3', account: acct, points: -26, reason: 'too much' })),
      isCode('POINTS_INSUFFICIENT'),
    );
    const order = { type: 'order', id: 'ord-adj' };
    await w.tx((tx) => earnPoint(tx, w.ctx, { key: 'a-e', account: acct, points: 10, source: order }));
    await w.tx((tx) => spendPoint(tx, w.ctx, { key: 'a-s', account: acct, points: 35 }));
    await w.tx((tx) => reversePoint(tx, w.ctx, { key: 'a-r', account: acct, source: order, points: 10 }));
    assert.deepEqual(await w.balances(m!), { available: 0, pending: 0, held: 0, debt: 10 });
    const off = await w.tx((tx) =>
      adjustPoint(tx, w.ctx, { key: 'a-w', account: acct, points: 4, reason: 'forgive', writeOffDebt: true }),
    );
    assert.equal(off.debtWrittenOff, 4);
    assert.deepEqual(await w.balances(m!), { available: 0, pending: 0, held: 0, debt: 6 });
    const audited = await w.tx((tx) =>
      tx.one<{ n: string }>(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'points.adjusted' AND entity_id = $1`,
        [`mem_${m}`],
      ),
    );
    assert.equal(audited.n, '3');
    await w.assertLedger();
  });
});

describe('points ledger: expiry', () => {
  let w: LedgerWorld;
  before(async () => {
    w = await ledgerWorld('ledger-exp');
  });
  after(() => w.close());

  test('expiry: lots past expires_at go, once; notices come once per lot and window', async () => {
    const [m, n] = await w.members(2);
    const base = new Date('2031-01-01T00:00:00Z'); // later than any other test's lots
    await w.tx((tx) =>
      earnPoints(
        tx,
        w.ctx,
        [
          { key: 'x-1', account: { memberId: m! }, points: 10, expiresAt: at(base, 5) },
          { key: 'x-2', account: { memberId: m! }, points: 20, expiresAt: at(base, 20) },
          { key: 'x-3', account: { memberId: n! }, points: 30, expiresAt: at(base, 5) },
        ],
        { now: base },
      ),
    );
    const notice = (now: Date) =>
      w.tx((tx) => noticeExpiringPoints(tx, w.ctx, { now, windowsDays: [30, 7] }));
    assert.deepEqual((await notice(base)).lots, 3, 'lot x-1 and x-3 in the 7-day window, x-2 in the 30-day');
    assert.deepEqual((await notice(base)).lots, 0, 'once');
    assert.deepEqual((await notice(at(base, 14))).lots, 1, 'x-2 enters the 7-day window');
    const events = await w.tx((tx) =>
      tx.many<{ payload: { points: number; windowDays: number } }>(
        `SELECT payload FROM outbox_events WHERE event_type = 'points.expiring' ORDER BY id`,
      ),
    );
    assert.deepEqual(events.map((e) => `${e.payload.points}/${e.payload.windowDays}`).sort(), [
      '10/7',
      '20/30',
      '20/7',
      '30/7',
    ]);
    const first = await w.tx((tx) => expirePoints(tx, w.ctx, { now: at(base, 6) }));
    assert.deepEqual(first, { lots: 2, points: 40, accounts: 2, more: false });
    assert.deepEqual((await w.tx((tx) => expirePoints(tx, w.ctx, { now: at(base, 6) }))).lots, 0, 'once');
    assert.deepEqual(await w.balances(m!), { available: 20, pending: 0, held: 0, debt: 0 });
    await w.tx((tx) => expirePoints(tx, w.ctx, { now: at(base, 30), limit: 1 }));
    assert.deepEqual(await w.balances(m!), { available: 0, pending: 0, held: 0, debt: 0 });
    await w.assertLedger();
  });
});
