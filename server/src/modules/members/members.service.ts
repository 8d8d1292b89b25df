import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { emit } from '../events/outbox.ts';
import { validateAttributes } from './attributes.ts';
import { type Identity, type IdentityInput, normalizeIdentity } from './identity.ts';
import {
  type ConsentPurpose,
  consentPurposes,
  consentState,
  type JoinInput,
  logConsents,
  type Pii,
  type ProfileInput,
  profileColumns,
} from './members.profile.ts';
import { loadMember, type MemberRow, memberColumns } from './members.repo.ts';
import { currentMemberId, mergeMembers } from './merge.service.ts';
import { parsePhone } from './phone.ts';

export { type ConsentPurpose, consentPurposes, type JoinInput, type Pii, type ProfileInput };

async function findByIdentity(
  tx: Tx,
  pool: string,
  identity: Identity,
): Promise<{ member_id: string; identity_id: string } | undefined> {
  return tx.maybeOne<{ member_id: string; identity_id: string }>(
    'SELECT member_id, id AS identity_id FROM member_identities WHERE pool_id = $1 AND kind = $2 AND namespace = $3 AND value = $4',
    [pool, identity.kind, identity.namespace, identity.value],
  );
}

async function insertIdentity(
  tx: Tx,
  ctx: Ctx,
  memberId: string,
  pool: string,
  identity: Identity,
  source: string,
) {
  return tx.maybeOne<{ id: string }>(
    `INSERT INTO member_identities (tenant_id, member_id, pool_id, kind, namespace, value, display, source, origin_member_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $2) ON CONFLICT DO NOTHING RETURNING id`,
    [
      ctx.tenantId,
      memberId,
      pool,
      identity.kind,
      identity.namespace,
      identity.value,
      identity.phone?.masked ?? identity.value,
      source,
    ],
  );
}

export interface Resolved {
  memberId: string;
  identityId: string;
  created: boolean;
}

/**
 * The member behind an identity, created (with the given profile and join source) if there is
 * none. Safe under concurrency: the identity's unique key decides, so 100 parallel calls for
 * one identity make one member.
 */
export async function getOrCreateByIdentity(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  args: { identity: IdentityInput; pool?: string; profile?: ProfileInput; join?: JoinInput; source: string },
): Promise<Resolved> {
  const pool = args.pool ?? '0';
  const identity = normalizeIdentity(args.identity, pii.hmacKey);
  const existing = await findByIdentity(tx, pool, identity);
  if (existing) return { memberId: existing.member_id, identityId: existing.identity_id, created: false };
  await tx.exec('SAVEPOINT get_or_create');
  const member = await createMemberRow(
    tx,
    ctx,
    pii,
    pool,
    {
      ...args.profile,
      ...(identity.kind === 'phone' && !args.profile?.phone ? { phone: identity.phone!.e164 } : {}),
    },
    args.join ?? {},
    args.source,
  );
  const inserted = await insertIdentity(tx, ctx, member.id, pool, identity, args.source);
  if (!inserted) {
    // Another transaction created this identity's member first: drop ours and use theirs.
    await tx.exec('ROLLBACK TO SAVEPOINT get_or_create');
    const winner = (await findByIdentity(tx, pool, identity))!;
    return { memberId: winner.member_id, identityId: winner.identity_id, created: false };
  }
  await tx.exec('RELEASE SAVEPOINT get_or_create');
  await afterCreate(tx, ctx, member, args.profile, args.source);
  await emitLinked(tx, ctx, member.id, inserted.id, identity, args.source);
  // A phone given in the profile is an identity too, and may belong to someone already.
  if (identity.kind !== 'phone' && args.profile?.phone) {
    await linkIdentity(tx, ctx, pii, member.id, { kind: 'phone', value: args.profile.phone }, args.source);
  }
  return { memberId: await currentMemberId(tx, member.id), identityId: inserted.id, created: true };
}

async function createMemberRow(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  pool: string,
  profile: ProfileInput,
  join: JoinInput,
  source: string,
): Promise<MemberRow> {
  const at = (join.at ?? new Date()).toISOString();
  const { values, provenance } = profileColumns(profile, source, at, pii);
  if (values.home_store_id === undefined && join.storeId) values.home_store_id = join.storeId;
  if (profile.attributes) await validateAttributes(tx, profile.attributes);
  const columns = Object.keys(values);
  const params = [
    ctx.tenantId,
    pool,
    join.at ?? new Date(),
    join.channel ?? source,
    join.storeId ?? null,
    join.guideId ?? null,
    join.campaign ?? null,
    join.scene ?? null,
    JSON.stringify(consentState(profile.consents, source, at)),
    JSON.stringify(profile.attributes ?? {}),
    JSON.stringify(provenance),
    ...columns.map((c) => values[c]),
  ];
  return tx.one<MemberRow>(
    `INSERT INTO members (tenant_id, pool_id, joined_at, join_channel, join_store_id, join_guide_id, join_campaign, join_scene,
       consents, attributes, provenance${columns.map((c) => `, ${c}`).join('')})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11${columns.map((_, i) => `, $${i + 12}`).join('')})
     RETURNING ${memberColumns}`,
    params,
  );
}

async function afterCreate(
  tx: Tx,
  ctx: Ctx,
  member: MemberRow,
  profile: ProfileInput | undefined,
  source: string,
) {
  await logConsents(tx, ctx, member.id, profile?.consents, source);
  await emit(tx, ctx, {
    type: 'member.created',
    aggregateType: 'member',
    aggregateId: toPublicId('member', member.id),
    payload: {
      id: toPublicId('member', member.id),
      joinedAt: member.joined_at.toISOString(),
      joinChannel: member.join_channel,
      joinStoreId: toPublicId('store', member.join_store_id),
      joinGuideId: toPublicId('staff', member.join_guide_id),
      joinCampaign: member.join_campaign,
      joinScene: member.join_scene,
    },
  });
  await audit(tx, ctx, {
    action: 'member.created',
    entityType: 'member',
    entityId: toPublicId('member', member.id),
    after: { source, joinChannel: member.join_channel },
  });
}

async function emitLinked(
  tx: Tx,
  ctx: Ctx,
  memberId: string,
  identityId: string,
  identity: Identity,
  source: string,
) {
  await emit(tx, ctx, {
    type: 'identity.linked',
    aggregateType: 'member',
    aggregateId: toPublicId('member', memberId),
    payload: {
      memberId: toPublicId('member', memberId),
      identityId: toPublicId('identity', identityId),
      kind: identity.kind,
      namespace: identity.namespace || null,
      source,
    },
  });
}

/** Creates a member from a profile (console / API), with a phone as its first identity if given. */
export async function createMember(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  args: { profile: ProfileInput; join?: JoinInput; pool?: string; source: string },
): Promise<Resolved> {
  if (args.profile.phone) {
    return getOrCreateByIdentity(tx, ctx, pii, {
      identity: { kind: 'phone', value: args.profile.phone },
      ...args,
    });
  }
  const member = await createMemberRow(
    tx,
    ctx,
    pii,
    args.pool ?? '0',
    args.profile,
    args.join ?? {},
    args.source,
  );
  await afterCreate(tx, ctx, member, args.profile, args.source);
  return { memberId: member.id, identityId: '', created: true };
}

/**
 * Attaches an identity to a member. If another member already holds it, the two are one person:
 * they are merged by the tenant's rules. Returns the member that holds it afterwards.
 */
export async function linkIdentity(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  memberId: string,
  input: IdentityInput,
  source: string,
): Promise<{ memberId: string; mergeId?: string }> {
  const member = await loadMember(tx, memberId);
  if (member?.status !== 'active') throw notFound('Member');
  const identity = normalizeIdentity(input, pii.hmacKey);
  let holder = await findByIdentity(tx, member.pool_id, identity);
  if (!holder) {
    const inserted = await insertIdentity(tx, ctx, memberId, member.pool_id, identity, source);
    if (inserted) {
      await emitLinked(tx, ctx, memberId, inserted.id, identity, source);
      if (identity.kind === 'phone' && !member.phone_hash)
        await updateProfile(tx, ctx, pii, memberId, { phone: identity.phone!.e164 }, source);
      return { memberId };
    }
    holder = (await findByIdentity(tx, member.pool_id, identity))!;
  }
  if (holder.member_id === memberId) return { memberId };
  const merged = await mergeMembers(tx, ctx, memberId, holder.member_id, {
    reason: `both hold ${identity.kind}${identity.namespace ? `:${identity.namespace}` : ''}`,
    trigger: { kind: identity.kind, namespace: identity.namespace, source },
  });
  return merged
    ? { memberId: merged.survivorId, mergeId: merged.mergeId }
    : { memberId: await currentMemberId(tx, memberId) };
}

/** Updates profile fields, recording their source; consents are logged per purpose. */
export async function updateProfile(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  memberId: string,
  patch: ProfileInput,
  source: string,
): Promise<MemberRow> {
  const before = await loadMember(tx, memberId, true);
  if (before?.status !== 'active') throw notFound('Member');
  const at = new Date().toISOString();
  const { values, provenance } = profileColumns(patch, source, at, pii);
  if (patch.attributes) await validateAttributes(tx, { ...before.attributes, ...patch.attributes });
  const sets = Object.keys(values).map((c, i) => `${c} = $${i + 5}`);
  const after = await tx.one<MemberRow>(
    `UPDATE members SET provenance = provenance || $2, consents = consents || $3, attributes = attributes || $4,
       ${sets.length ? `${sets.join(', ')},` : ''} updated_at = now()
     WHERE id = $1 RETURNING ${memberColumns}`,
    [
      memberId,
      JSON.stringify(provenance),
      JSON.stringify(consentState(patch.consents, source, at)),
      JSON.stringify(patch.attributes ?? {}),
      ...Object.values(values),
    ],
  );
  await logConsents(tx, ctx, memberId, patch.consents, source);
  const changed = Object.keys(values).concat(
    patch.attributes ? ['attributes'] : [],
    patch.consents ? ['consents'] : [],
  );
  await emit(tx, ctx, {
    type: 'member.updated',
    aggregateType: 'member',
    aggregateId: toPublicId('member', memberId),
    payload: { id: toPublicId('member', memberId), changed, source },
  });
  await audit(tx, ctx, {
    action: 'member.updated',
    entityType: 'member',
    entityId: toPublicId('member', memberId),
    before: redactPhone(before),
    after: redactPhone(after),
  });
  if (patch.phone) {
    const phone = parsePhone(patch.phone, pii.hmacKey);
    const holder = await findByIdentity(tx, before.pool_id, {
      kind: 'phone',
      namespace: '',
      value: phone.hash,
      phone,
    });
    if (!holder)
      await insertIdentity(
        tx,
        ctx,
        memberId,
        before.pool_id,
        { kind: 'phone', namespace: '', value: phone.hash, phone },
        source,
      );
    else if (holder.member_id !== memberId) {
      await mergeMembers(tx, ctx, memberId, holder.member_id, {
        reason: 'both hold phone',
        trigger: { kind: 'phone', source },
      });
    }
  }
  return after;
}

const redactPhone = (m: MemberRow) => ({
  ...m,
  phone_enc: m.phone_enc ? '[encrypted]' : null,
  phone_hash: null,
});
