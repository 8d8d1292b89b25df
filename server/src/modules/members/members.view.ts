import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import { iso } from '../../http/schemas.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { MemberRow } from './members.repo.ts';

const source = z.object({ source: z.string(), at: z.string() });

export const memberOut = z.object({
  id: z.string(),
  status: z.enum(['active', 'merged', 'erased']),
  mergedInto: z.string().nullable(),
  name: z.string().nullable(),
  gender: z.enum(['male', 'female', 'unknown']).nullable(),
  birthday: z.string().nullable(),
  city: z.string().nullable(),
  homeStoreId: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable().describe('masked, e.g. 138****0001; POST …/unmask-phone reveals it'),
  joinedAt: z.string(),
  join: z.object({
    channel: z.string().nullable(),
    storeId: z.string().nullable(),
    guideId: z.string().nullable(),
    campaign: z.string().nullable(),
    scene: z.string().nullable(),
  }),
  consents: z.record(z.string(), z.object({ granted: z.boolean(), at: z.string(), source: z.string() })),
  attributes: z.record(z.string(), z.unknown()),
  provenance: z.record(z.string(), source).describe('where each profile field’s current value came from'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const memberView = (m: MemberRow) => ({
  id: toPublicId('member', m.id),
  status: m.status,
  mergedInto: toPublicId('member', m.merged_into),
  name: m.name,
  gender: m.gender,
  birthday: m.birthday,
  city: m.city,
  homeStoreId: toPublicId('store', m.home_store_id),
  email: m.email,
  phone: m.phone_masked,
  joinedAt: iso(m.joined_at)!,
  join: {
    channel: m.join_channel,
    storeId: toPublicId('store', m.join_store_id),
    guideId: toPublicId('staff', m.join_guide_id),
    campaign: m.join_campaign,
    scene: m.join_scene,
  },
  consents: m.consents,
  attributes: m.attributes,
  provenance: m.provenance,
  createdAt: iso(m.created_at)!,
  updatedAt: iso(m.updated_at)!,
});

export const identityOut = z.object({
  id: z.string(),
  kind: z.string(),
  namespace: z.string().nullable(),
  value: z.string().describe('masked for phones'),
  source: z.string(),
  linkedAt: z.string(),
  originMemberId: z.string().describe('the member this identity first belonged to'),
});

export const mergeOut = z.object({
  id: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  reason: z.string(),
  mergedAt: z.string(),
  mergedBy: z.string(),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
  identityIds: z.array(z.string()),
});

export const memberDetailOut = memberOut.extend({
  identities: z.array(identityOut),
  merges: z.array(mergeOut),
});

export async function memberDetail(tx: Tx, m: MemberRow) {
  const identities = await tx.many<{
    id: string;
    kind: string;
    namespace: string;
    display: string;
    source: string;
    linked_at: Date;
    origin_member_id: string;
  }>(
    'SELECT id, kind, namespace, display, source, linked_at, origin_member_id FROM member_identities WHERE member_id = $1 ORDER BY id',
    [m.id],
  );
  const merges = await tx.many<{
    id: string;
    survivor_id: string;
    merged_id: string;
    reason: string;
    merged_at: Date;
    merged_by: string;
    undone_at: Date | null;
    undone_by: string | null;
    identity_ids: string[];
  }>(
    `SELECT id, survivor_id, merged_id, reason, merged_at, merged_by, undone_at, undone_by, identity_ids
     FROM member_merges WHERE survivor_id = $1 OR merged_id = $1 ORDER BY id DESC`,
    [m.id],
  );
  return {
    ...memberView(m),
    identities: identities.map((i) => ({
      id: toPublicId('identity', i.id),
      kind: i.kind,
      namespace: i.namespace || null,
      value: i.display,
      source: i.source,
      linkedAt: iso(i.linked_at)!,
      originMemberId: toPublicId('member', i.origin_member_id),
    })),
    merges: merges.map((g) => ({
      id: toPublicId('merge', g.id),
      survivorId: toPublicId('member', g.survivor_id),
      mergedId: toPublicId('member', g.merged_id),
      reason: g.reason,
      mergedAt: iso(g.merged_at)!,
      mergedBy: g.merged_by,
      undoneAt: iso(g.undone_at),
      undoneBy: g.undone_by,
      identityIds: g.identity_ids.map((i) => toPublicId('identity', i)),
    })),
  };
}
