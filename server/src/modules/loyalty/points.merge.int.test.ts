import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerMergeParticipant } from '../members/member-hooks.ts';
import { mergeMembers, unmergeMembers } from '../members/merge.service.ts';
import { at, type LedgerWorld, ledgerWorld } from './ledger.fixtures.ts';
import { earnPoints } from './points.earn.ts';
import { captureHold } from './points.holds.ts';
import { pointsMergeParticipant } from './points.merge.ts';
import { reversePoint } from './points.reverse.ts';
import { holdPoint, spendPoint } from './points.spend.ts';

describe('points follow members through merges and back', () => {
  let w: LedgerWorld;
  const t0 = new Date();
  before(async () => {
    w = await ledgerWorld('ledger-merge');
    registerMergeParticipant(pointsMergeParticipant);
  });
  after(() => w.close());

  const lotsOf = (memberId: string) =>
    w.tx((tx) =>
      tx.many<{ remaining: string; expires_at: Date | null; source_id: string | null; state: string }>(
        `SELECT l.remaining, l.expires_at, l.source_id, l.state FROM ledger_lots l JOIN ledger_accounts a ON a.id = l.account_id
         WHERE a.member_id = $1 AND l.remaining > 0 ORDER BY l.expires_at NULLS LAST, l.id`,
        [memberId],
      ),
    );

  test('merge moves lots (expiry and source kept), pending points, holds and debt; unmerge returns what remains', async () => {
    const [a, b] = await w.members(2); // a joined first: a survives
    const exp = at(t0, 40);
    await w.tx((tx) =>
      earnPoints(tx, w.ctx, [
        { key: 'm-a1', account: { memberId: a! }, points: 100, expiresAt: at(t0, 300) },
        {
          key: 'm-b1',
          account: { memberId: b! },
          points: 60,
          expiresAt: exp,
          source: { type: 'order', id: 'ob1' },
        },
        { key: 'm-b2', account: { memberId: b! }, points: 25, availableAt: at(t0, 7) },
        { key: 'm-b3', account: { memberId: b! }, points: 30, source: { type: 'order', id: 'ob3' } },
      ]),
    );
    // b holds 10 (from ob1's lot, which expires first), then spends the other 80.
    const hold = await w.tx((tx) =>
      holdPoint(tx, w.ctx, { key: 'm-h', account: { memberId: b! }, points: 10, expiresAt: at(t0, 1) }),
    );
    await w.tx((tx) => spendPoint(tx, w.ctx, { key: 'm-s', account: { memberId: b! }, points: 80 }));
    // ob3 is refunded: its 30 were spent, so b owes 30.
    await w.tx((tx) =>
      reversePoint(tx, w.ctx, {
        key: 'm-r',
        account: { memberId: b! },
        source: { type: 'order', id: 'ob3' },
        points: 30,
      }),
    );
    assert.deepEqual(await w.balances(b!), { available: 0, pending: 25, held: 10, debt: 30 });

    const merged = await w.tx((tx) => mergeMembers(tx, w.ctx, a!, b!, { reason: 'same person' }));
    assert.equal(merged?.survivorId, a);
    assert.deepEqual(await w.balances(b!), { available: 0, pending: 0, held: 0, debt: 0 });
    assert.deepEqual(await w.balances(a!), { available: 100, pending: 25, held: 10, debt: 30 });
    await w.assertLedger();
    // The hold moved with its points: the survivor can capture it.
    const captured = await w.tx((tx) => captureHold(tx, w.ctx, hold.holdId));
    assert.equal(captured.memberId, a);
    assert.deepEqual(await w.balances(a!), { available: 100, pending: 25, held: 0, debt: 30 });

    await w.tx((tx) => unmergeMembers(tx, w.ctx, merged!.mergeId));
    assert.deepEqual(await w.balances(a!), { available: 100, pending: 0, held: 0, debt: 0 });
    assert.deepEqual(await w.balances(b!), { available: 0, pending: 25, held: 0, debt: 30 });
    const back = await lotsOf(b!);
    assert.deepEqual(
      back.map((l) => [Number(l.remaining), l.state]),
      [[25, 'pending']],
    );
    await w.assertLedger();
  });

  test('points the survivor spent meanwhile stay spent; the rest goes back with its expiry', async () => {
    const [a, b] = await w.members(2);
    const exp = at(t0, 20);
    await w.tx((tx) =>
      earnPoints(tx, w.ctx, [
        { key: 'n-a', account: { memberId: a! }, points: 10, expiresAt: at(t0, 100) },
        {
          key: 'n-b',
          account: { memberId: b! },
          points: 50,
          expiresAt: exp,
          source: { type: 'order', id: 'nb' },
        },
      ]),
    );
    const merged = await w.tx((tx) => mergeMembers(tx, w.ctx, a!, b!, { reason: 'same person' }));
    // The survivor spends 30: b's copy expires first, so it pays.
    await w.tx((tx) => spendPoint(tx, w.ctx, { key: 'n-s', account: { memberId: a! }, points: 30 }));
    await w.tx((tx) => unmergeMembers(tx, w.ctx, merged!.mergeId));
    assert.deepEqual(await w.balances(a!), { available: 10, pending: 0, held: 0, debt: 0 });
    assert.deepEqual(await w.balances(b!), { available: 20, pending: 0, held: 0, debt: 0 });
    const back = await lotsOf(b!);
    assert.deepEqual(
      back.map((l) => [Number(l.remaining), l.expires_at?.toISOString(), l.source_id]),
      [[20, exp.toISOString(), 'nb']],
    );
    // Merging again later works too (new merge, new journals).
    const again = await w.tx((tx) => mergeMembers(tx, w.ctx, a!, b!, { reason: 'again' }));
    assert.ok(again);
    assert.deepEqual(await w.balances(a!), { available: 30, pending: 0, held: 0, debt: 0 });
    await w.assertLedger();
  });
});
