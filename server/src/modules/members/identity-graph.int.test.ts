import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { freshDatabase } from '../../../test/harness.ts';
import type { Database } from '../../db/database.ts';
import { systemCtx } from '../../shared/context.ts';
import { Cipher } from '../../shared/crypto.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { createTenant } from '../tenancy/tenancy.service.ts';
import type { IdentityInput } from './identity.ts';
import { getOrCreateByIdentity, linkIdentity } from './members.service.ts';
import { mergeMembers, unmergeMembers } from './merge.service.ts';

// Property tests over random identity graphs: events each carry a few identities of one person
// (an order with a phone and a card, a WeCom contact with a unionid…).
const universe: IdentityInput[] = [
  { kind: 'phone', value: '13800000001' },
  { kind: 'phone', value: '13800000002' },
  { kind: 'phone', value: '13800000003' },
  { kind: 'store_card', value: 'C1' },
  { kind: 'store_card', value: 'C2' },
  { kind: 'unionid', value: 'U1' },
  { kind: 'unionid', value: 'U2' },
  { kind: 'oa_openid', namespace: 'wxoa', value: 'O1' },
];
const pii = { cipher: new Cipher(new Map([['k1', randomBytes(32)]]), 'k1'), hmacKey: randomBytes(32) };
const event = fc.uniqueArray(fc.integer({ min: 0, max: universe.length - 1 }), {
  minLength: 1,
  maxLength: 3,
});
const events = fc.array(event, { minLength: 1, maxLength: 8 });

describe('identity resolution properties', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let n = 0;
  before(async () => ({ db, drop } = await freshDatabase()));
  after(() => drop());

  const tenant = async () => db.system((tx) => createTenant(tx, { code: `g${++n}`, name: 'graph' }));

  async function apply(tenantId: string, evs: number[][]): Promise<void> {
    const ctx = systemCtx(tenantId, allPermissions);
    for (const ev of evs) {
      await db.tenant(tenantId, async (tx) => {
        const first = await getOrCreateByIdentity(tx, ctx, pii, {
          identity: universe[ev[0]!]!,
          source: 'test',
          profile: { name: `n${ev[0]}` },
        });
        let member = first.memberId;
        for (const i of ev.slice(1))
          member = (await linkIdentity(tx, ctx, pii, member, universe[i]!, 'test')).memberId;
      });
    }
  }

  /** Which identities ended up together, as sorted groups of universe indexes. */
  async function partition(tenantId: string): Promise<number[][]> {
    const rows = await db.tenant(tenantId, (tx) =>
      tx.many<{ member_id: string; kind: string; namespace: string; value: string }>(
        'SELECT member_id, kind, namespace, value FROM member_identities',
      ),
    );
    const index = (r: { kind: string; namespace: string; value: string }) =>
      universe.findIndex(
        (u) =>
          u.kind === r.kind &&
          (u.namespace ?? '') === r.namespace &&
          (u.kind === 'phone' ? r.kind === 'phone' && phoneOf(r.value) === u.value : u.value === r.value),
      );
    const phoneHashes = new Map<string, string>();
    const { phoneHash } = await import('./phone.ts');
    for (const u of universe)
      if (u.kind === 'phone') phoneHashes.set(phoneHash(`+86${u.value}`, pii.hmacKey), u.value);
    const phoneOf = (hash: string) => phoneHashes.get(hash);
    const groups = new Map<string, number[]>();
    for (const r of rows)
      groups.set(
        r.member_id,
        [...(groups.get(r.member_id) ?? []), index(r)].sort((a, b) => a - b),
      );
    return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
  }

  function components(evs: number[][]): number[][] {
    const parent = universe.map((_, i) => i);
    const find = (i: number): number => {
      if (parent[i] !== i) parent[i] = find(parent[i]!);
      return parent[i]!;
    };
    const seen = new Set<number>();
    for (const ev of evs) {
      for (const i of ev) seen.add(i);
      for (const i of ev.slice(1)) parent[find(i)] = find(ev[0]!);
    }
    const groups = new Map<number, number[]>();
    for (const i of [...seen].sort((a, b) => a - b)) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
    return [...groups.values()].sort((a, b) => a[0]! - b[0]!);
  }

  test('any order of the same events ends in the same members: the connected identities', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.integer(), async (evs, seed) => {
        const shuffled = [...evs].sort((a, b) => (a.join() + seed > b.join() + seed ? 1 : -1)).reverse();
        const [t1, t2] = [await tenant(), await tenant()];
        await apply(t1, evs);
        await apply(t2, shuffled);
        const expected = components(evs);
        assert.deepEqual(await partition(t1), expected);
        assert.deepEqual(await partition(t2), expected);
      }),
      { numRuns: 40, seed: 424242 },
    );
  });

  async function state(tenantId: string) {
    return db.tenant(tenantId, async (tx) => ({
      members: await tx.many(
        `SELECT id, status, merged_into, name, gender, birthday, city, home_store_id, phone_enc, phone_hash, phone_masked, joined_at,
                join_channel, consents, attributes, provenance FROM members ORDER BY id`,
      ),
      identities: await tx.many(
        'SELECT id, member_id, kind, namespace, value, origin_member_id FROM member_identities ORDER BY id',
      ),
    }));
  }

  test('merge then unmerge returns exactly the prior state, for chains undone last-first', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 3 }),
        async (evs, picks) => {
          const t = await tenant();
          await apply(t, evs);
          const ctx = systemCtx(t, allPermissions);
          const initial = await state(t);
          const done: string[] = [];
          for (const [a, b] of picks) {
            const active = await db.tenant(t, (tx) =>
              tx.many<{ id: string }>("SELECT id FROM members WHERE status = 'active' ORDER BY id"),
            );
            if (active.length < 2) break;
            const x = active[a % active.length]!.id;
            const y = active[(a + 1 + (b % (active.length - 1))) % active.length]!.id;
            const res = await db.tenant(t, (tx) => mergeMembers(tx, ctx, x, y, { reason: 'property' }));
            if (res) done.push(res.mergeId);
          }
          for (const id of done.reverse()) await db.tenant(t, (tx) => unmergeMembers(tx, ctx, id));
          assert.deepEqual(await state(t), initial);
        },
      ),
      { numRuns: 40, seed: 777 },
    );
  });
});
