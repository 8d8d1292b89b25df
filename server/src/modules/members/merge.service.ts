import { isDeepStrictEqual } from 'node:util';
import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { emit } from '../events/outbox.ts';
import { type MergeChange, mergeParticipants } from './member-hooks.ts';
import {
  fromSnapshot,
  loadMember,
  type MemberRow,
  profileFields,
  snapshot,
  writeProfile,
} from './members.repo.ts';

export interface MergeRules {
  /** Which member keeps its id: the one who joined first, or the one with more identities. */
  survivor: 'earliest_joined' | 'most_identities';
  /** Per field: the newest non-empty value, or the value from the highest-priority source. */
  fields: 'newest_non_empty' | 'source_priority';
  sourcePriority: string[];
}

export const defaultMergeRules: MergeRules = {
  survivor: 'earliest_joined',
  fields: 'newest_non_empty',
  sourcePriority: [],
};

export async function loadMergeRules(tx: Tx): Promise<MergeRules> {
  const row = await tx.maybeOne<{ merge_rules: Partial<MergeRules> }>(
    'SELECT merge_rules FROM member_settings',
  );
  return { ...defaultMergeRules, ...(row?.merge_rules ?? {}) };
}

const phoneColumns = ['phone_enc', 'phone_hash', 'phone_masked'] as const;
const joinColumns = [
  'joined_at',
  'join_channel',
  'join_store_id',
  'join_guide_id',
  'join_campaign',
  'join_scene',
] as const;
const empty = (v: unknown) => v === null || v === undefined || v === '';

/** The survivor's profile after absorbing another member, field by field, by the tenant's rules. */
export function reconcile(survivor: MemberRow, absorbed: MemberRow, rules: MergeRules): MemberRow {
  const out: MemberRow = { ...survivor, provenance: { ...survivor.provenance } };
  const rank = (source: string | undefined) => {
    const i = source ? rules.sourcePriority.indexOf(source) : -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  for (const field of profileFields) {
    const mine = field === 'phone' ? survivor.phone_hash : survivor[field];
    const theirs = field === 'phone' ? absorbed.phone_hash : absorbed[field];
    if (empty(theirs)) continue;
    const sp = survivor.provenance[field];
    const ap = absorbed.provenance[field];
    let take = empty(mine);
    if (!take && rules.fields === 'source_priority' && rank(ap?.source) !== rank(sp?.source)) {
      take = rank(ap?.source) < rank(sp?.source);
    } else if (!take) {
      take = (ap?.at ?? '') > (sp?.at ?? '');
    }
    if (!take) continue;
    if (field === 'phone') for (const c of phoneColumns) (out as Record<string, unknown>)[c] = absorbed[c];
    else (out as Record<string, unknown>)[field] = absorbed[field];
    if (ap) out.provenance[field] = ap;
  }
  if (absorbed.joined_at < survivor.joined_at) {
    for (const c of joinColumns) (out as Record<string, unknown>)[c] = absorbed[c];
  }
  const consents = { ...survivor.consents };
  for (const [purpose, c] of Object.entries(absorbed.consents)) {
    if (!consents[purpose] || c.at > consents[purpose].at) consents[purpose] = c;
  }
  out.consents = consents;
  out.attributes = { ...absorbed.attributes, ...survivor.attributes };
  return out;
}

async function chooseSurvivor(
  tx: Tx,
  a: MemberRow,
  b: MemberRow,
  rules: MergeRules,
): Promise<[MemberRow, MemberRow]> {
  if (rules.survivor === 'most_identities') {
    const counts = await tx.many<{ member_id: string; n: number }>(
      'SELECT member_id, count(*)::int AS n FROM member_identities WHERE member_id = ANY ($1::bigint[]) GROUP BY member_id',
      [[a.id, b.id]],
    );
    const n = (id: string) => counts.find((c) => c.member_id === id)?.n ?? 0;
    if (n(a.id) !== n(b.id)) return n(a.id) > n(b.id) ? [a, b] : [b, a];
  }
  const aFirst =
    a.joined_at < b.joined_at ||
    (a.joined_at.getTime() === b.joined_at.getTime() && BigInt(a.id) < BigInt(b.id));
  return aFirst ? [a, b] : [b, a];
}

/** Follows merged_into to the member that now stands for this one. */
export async function currentMemberId(tx: Tx, id: string): Promise<string> {
  let current = id;
  for (let hops = 0; hops < 100; hops++) {
    const row = await tx.maybeOne<{ status: string; merged_into: string | null }>(
      'SELECT status, merged_into FROM members WHERE id = $1',
      [current],
    );
    if (!row) throw notFound('Member');
    if (row.status !== 'merged' || !row.merged_into) return current;
    current = row.merged_into;
  }
  throw new Error(`merge chain too long from member ${id}`);
}

async function mergedChain(tx: Tx, memberId: string): Promise<string[]> {
  const rows = await tx.many<{ id: string }>(
    `WITH RECURSIVE chain(id) AS (
       SELECT $1::bigint
       UNION SELECT mm.merged_id FROM member_merges mm JOIN chain ON mm.survivor_id = chain.id WHERE mm.undone_at IS NULL
     ) SELECT id FROM chain`,
    [memberId],
  );
  return rows.map((r) => r.id);
}

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  mergedId: string;
}

/** Merges two members (any order); returns undefined when they are already one. */
export async function mergeMembers(
  tx: Tx,
  ctx: Ctx,
  aId: string,
  bId: string,
  why: { reason: string; trigger?: Record<string, unknown> },
): Promise<MergeResult | undefined> {
  const [x, y] = await Promise.all([currentMemberId(tx, aId), currentMemberId(tx, bId)]);
  if (x === y) return undefined;
  // Lock in id order so two merges of the same pair cannot deadlock.
  const [first, second] = BigInt(x) < BigInt(y) ? [x, y] : [y, x];
  const a = (await loadMember(tx, first, true))!;
  const b = (await loadMember(tx, second, true))!;
  if (a.status !== 'active' || b.status !== 'active')
    throw new AppError('CONFLICT', 'Only active members can be merged');
  if (a.pool_id !== b.pool_id)
    throw new AppError('CONFLICT', 'Members kept by different business units are not merged');
  const rules = await loadMergeRules(tx);
  const [survivor, absorbed] = await chooseSurvivor(tx, a, b, rules);
  const after = await writeProfile(tx, reconcile(survivor, absorbed, rules));
  await tx.exec(`UPDATE members SET status = 'merged', merged_into = $2, updated_at = now() WHERE id = $1`, [
    absorbed.id,
    survivor.id,
  ]);
  const moved = await tx.many<{ id: string }>(
    'UPDATE member_identities SET member_id = $2 WHERE member_id = $1 RETURNING id',
    [absorbed.id, survivor.id],
  );
  const mergedMemberIds = await mergedChain(tx, absorbed.id);
  const merge = await tx.one<{ id: string }>(
    `INSERT INTO member_merges (tenant_id, survivor_id, merged_id, reason, trigger, survivor_before, survivor_after, merged_before, identity_ids, merged_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      ctx.tenantId,
      survivor.id,
      absorbed.id,
      why.reason,
      JSON.stringify(why.trigger ?? {}),
      JSON.stringify(snapshot(survivor)),
      JSON.stringify(snapshot(after)),
      JSON.stringify(snapshot(absorbed)),
      moved.map((m) => m.id),
      ctx.actor.name,
    ],
  );
  const change: MergeChange = {
    mergeId: merge.id,
    survivorId: survivor.id,
    mergedId: absorbed.id,
    identityIds: moved.map((m) => m.id),
    mergedMemberIds,
  };
  for (const p of mergeParticipants()) await p.onMerge(tx, ctx, change);
  await emit(tx, ctx, {
    type: 'member.merged',
    aggregateType: 'member',
    aggregateId: toPublicId('member', survivor.id),
    payload: publicChange(change, why.reason),
  });
  await audit(tx, ctx, {
    action: 'member.merged',
    entityType: 'member',
    entityId: toPublicId('member', survivor.id),
    before: { survivor: survivor.id, merged: absorbed.id },
    after: { mergeId: merge.id, reason: why.reason },
  });
  return { mergeId: merge.id, survivorId: survivor.id, mergedId: absorbed.id };
}

const publicChange = (c: MergeChange, reason?: string) => ({
  mergeId: toPublicId('merge', c.mergeId),
  survivorId: toPublicId('member', c.survivorId),
  mergedId: toPublicId('member', c.mergedId),
  identityIds: c.identityIds.map((i) => toPublicId('identity', i)),
  mergedMemberIds: c.mergedMemberIds.map((i) => toPublicId('member', i)),
  ...(reason ? { reason } : {}),
});

/**
 * Undoes a merge: the absorbed member comes back with its identities and everything the
 * participants moved; the survivor's fields return to their pre-merge values unless they have
 * changed since (a later edit is kept, not silently reverted).
 */
export async function unmergeMembers(tx: Tx, ctx: Ctx, mergeId: string): Promise<MergeResult> {
  const m = await tx.maybeOne<{
    survivor_id: string;
    merged_id: string;
    survivor_before: Record<string, unknown>;
    survivor_after: Record<string, unknown>;
    identity_ids: string[];
    undone_at: Date | null;
  }>(
    'SELECT survivor_id, merged_id, survivor_before, survivor_after, identity_ids, undone_at FROM member_merges WHERE id = $1 FOR UPDATE',
    [mergeId],
  );
  if (!m) throw notFound('Merge');
  if (m.undone_at) throw new AppError('CONFLICT', 'This merge was already undone');
  const survivor = (await loadMember(tx, m.survivor_id, true))!;
  const absorbed = (await loadMember(tx, m.merged_id, true))!;
  if (survivor.status !== 'active') {
    throw new AppError(
      'CONFLICT',
      `Member ${toPublicId('member', survivor.id)} was merged again since; undo that merge first`,
    );
  }
  if (absorbed.status !== 'merged' || absorbed.merged_into !== survivor.id)
    throw new AppError('CONFLICT', 'The merged member has changed since');
  const before = fromSnapshot(m.survivor_before);
  const after = fromSnapshot(m.survivor_after);
  const restored = { ...survivor } as Record<string, unknown>;
  for (const key of Object.keys(before)) {
    if (['id', 'status', 'merged_into', 'created_at', 'updated_at', 'pool_id'].includes(key)) continue;
    if (isDeepStrictEqual(survivor[key], (after as Record<string, unknown>)[key]))
      restored[key] = (before as Record<string, unknown>)[key];
  }
  await writeProfile(tx, restored as MemberRow);
  await tx.exec(
    `UPDATE members SET status = 'active', merged_into = NULL, updated_at = now() WHERE id = $1`,
    [absorbed.id],
  );
  await tx.exec(
    'UPDATE member_identities SET member_id = $2 WHERE id = ANY ($1::bigint[]) AND member_id = $3',
    [m.identity_ids, absorbed.id, survivor.id],
  );
  await tx.exec('UPDATE member_merges SET undone_at = now(), undone_by = $2 WHERE id = $1', [
    mergeId,
    ctx.actor.name,
  ]);
  const change: MergeChange = {
    mergeId,
    survivorId: survivor.id,
    mergedId: absorbed.id,
    identityIds: m.identity_ids.map(String),
    mergedMemberIds: await mergedChain(tx, absorbed.id),
  };
  for (const p of [...mergeParticipants()].reverse()) await p.onUnmerge(tx, ctx, change);
  for (const p of mergeParticipants()) await p.afterUnmerge?.(tx, ctx, change);
  await emit(tx, ctx, {
    type: 'member.unmerged',
    aggregateType: 'member',
    aggregateId: toPublicId('member', survivor.id),
    payload: publicChange(change),
  });
  await audit(tx, ctx, {
    action: 'member.unmerged',
    entityType: 'member',
    entityId: toPublicId('member', survivor.id),
    after: { mergeId: toPublicId('merge', mergeId), restored: toPublicId('member', absorbed.id) },
  });
  return { mergeId, survivorId: survivor.id, mergedId: absorbed.id };
}
