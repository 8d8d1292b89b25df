import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { idParams, iso, pageQuery } from '../../http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { parseFieldId, parsePublicId, toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { identityInput } from './identity.ts';
import { getVisibleMember, searchMembers } from './members.query.ts';
import { loadMember } from './members.repo.ts';
import {
  consentPurposes,
  createMember,
  getOrCreateByIdentity,
  linkIdentity,
  type ProfileInput,
  updateProfile,
} from './members.service.ts';
import { memberDetail, memberDetailOut, memberOut, memberView } from './members.view.ts';
import { currentMemberId, mergeMembers, unmergeMembers } from './merge.service.ts';
import { unsealPhone } from './phone.ts';

const ref = z.string().max(40).nullable().optional();
const profileInput = z.strictObject({
  name: z.string().trim().min(1).max(60).nullable().optional(),
  gender: z.enum(['male', 'female', 'unknown']).nullable().optional(),
  birthday: z.iso.date().nullable().optional(),
  city: z.string().trim().max(60).nullable().optional(),
  homeStoreId: ref,
  email: z.email().max(200).nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  consents: z.partialRecord(z.enum(consentPurposes), z.boolean()).optional(),
});
const joinInput = z.strictObject({
  at: z.iso.datetime({ offset: true }).optional(),
  channel: z.string().trim().max(60).optional(),
  storeId: ref,
  guideId: ref,
  campaign: z.string().trim().max(60).optional(),
  scene: z.string().trim().max(64).optional(),
});

type Profile = z.infer<typeof profileInput>;
const toProfile = (p: Profile): ProfileInput => ({
  ...p,
  homeStoreId: p.homeStoreId ? parseFieldId('store', p.homeStoreId, 'homeStoreId') : p.homeStoreId,
});
const toJoin = (j: z.infer<typeof joinInput> | undefined) =>
  j && {
    ...j,
    at: j.at ? new Date(j.at) : undefined,
    storeId: j.storeId ? parseFieldId('store', j.storeId, 'join.storeId') : j.storeId,
    guideId: j.guideId ? parseFieldId('staff', j.guideId, 'join.guideId') : j.guideId,
  };

const sourceOf = (actorType: string) => (actorType === 'api_key' ? 'api' : 'console');

export async function memberRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pii = { cipher: deps.cipher, hmacKey: deps.config.hmacKey };
  const read = requirePermission('members:read');
  const write = requirePermission('members:write');
  const merge = requirePermission('members:merge');
  const tags = ['Members'];
  const parse = (id: string) => parsePublicId('member', id, 'Member');

  r.get(
    '/members',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Search members: phone (exact), any identity value (card number, openid…), or name prefix',
        querystring: z.strictObject({
          ...pageQuery,
          q: z.string().trim().max(100).optional(),
          homeStoreId: z.string().max(40).optional(),
          joinChannel: z.string().max(60).optional(),
          joinedFrom: z.iso.datetime({ offset: true }).optional(),
          joinedTo: z.iso.datetime({ offset: true }).optional(),
          status: z.enum(['active', 'merged']).optional(),
        }),
        response: {
          200: z.object({ items: z.array(memberOut), total: z.number().int(), totalIsCapped: z.boolean() }),
        },
      },
    },
    async (req) => {
      const { homeStoreId, ...q } = req.query;
      const page = await req.tx((tx, ctx) =>
        searchMembers(tx, ctx, pii.hmacKey, {
          ...q,
          homeStoreId: homeStoreId ? parseFieldId('store', homeStoreId, 'homeStoreId') : undefined,
        }),
      );
      return { items: page.items.map(memberView), total: page.total, totalIsCapped: page.totalIsCapped };
    },
  );

  r.post(
    '/members',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Create a member; with a phone already held by a member, that member is returned (200)',
        body: z.strictObject({ profile: profileInput, join: joinInput.optional() }),
        response: { 200: memberDetailOut, 201: memberDetailOut },
      },
    },
    async (req, reply) => {
      const { result, detail } = await req.tx(async (tx, ctx) => {
        const result = await createMember(tx, ctx, pii, {
          profile: toProfile(req.body.profile),
          join: toJoin(req.body.join),
          source: sourceOf(ctx.actor.type),
        });
        return { result, detail: await memberDetail(tx, await getVisibleMember(tx, ctx, result.memberId)) };
      });
      return reply.code(result.created ? 201 : 200).send(detail);
    },
  );

  r.post(
    '/members/resolve',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Get or create the member behind an identity (idempotent; safe to call concurrently)',
        body: z.strictObject({
          identity: identityInput,
          profile: profileInput.optional(),
          join: joinInput.optional(),
          source: z.string().trim().min(1).max(60).optional(),
        }),
        response: { 200: memberDetailOut, 201: memberDetailOut },
      },
    },
    async (req, reply) => {
      const { created, detail } = await req.tx(async (tx, ctx) => {
        const res = await getOrCreateByIdentity(tx, ctx, pii, {
          identity: req.body.identity,
          profile: req.body.profile && toProfile(req.body.profile),
          join: toJoin(req.body.join),
          source: req.body.source ?? sourceOf(ctx.actor.type),
        });
        return {
          created: res.created,
          detail: await memberDetail(tx, (await loadMember(tx, res.memberId))!),
        };
      });
      return reply.code(created ? 201 : 200).send(detail);
    },
  );

  r.get(
    '/members/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Customer 360: profile, identities with sources, consents, merge history',
        params: idParams,
        response: { 200: memberDetailOut },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => memberDetail(tx, await getVisibleMember(tx, ctx, parse(req.params.id)))),
  );

  r.patch(
    '/members/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Update profile fields (each records its source)',
        params: idParams,
        body: profileInput,
        response: { 200: memberDetailOut },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const id = parse(req.params.id);
        await getVisibleMember(tx, ctx, id);
        await updateProfile(tx, ctx, pii, id, toProfile(req.body), sourceOf(ctx.actor.type));
        return memberDetail(tx, await getVisibleMember(tx, ctx, await currentMemberId(tx, id)));
      }),
  );

  r.post(
    '/members/:id/identities',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Link an identity; if another member holds it, the two are merged by the tenant’s rules',
        params: idParams,
        body: identityInput,
        response: { 200: z.object({ memberId: z.string(), mergeId: z.string().nullable() }) },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const id = parse(req.params.id);
        await getVisibleMember(tx, ctx, id);
        const res = await linkIdentity(tx, ctx, pii, id, req.body, sourceOf(ctx.actor.type));
        return { memberId: toPublicId('member', res.memberId), mergeId: toPublicId('merge', res.mergeId) };
      }),
  );

  r.post(
    '/members/:id/merge',
    {
      preHandler: merge,
      schema: {
        tags,
        summary: 'Merge another member into this person (the survivor is chosen by the tenant’s rules)',
        params: idParams,
        body: z.strictObject({ otherId: z.string().max(40), reason: z.string().trim().min(1).max(200) }),
        response: { 200: z.object({ mergeId: z.string(), survivorId: z.string(), mergedId: z.string() }) },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const a = parse(req.params.id);
        const b = parseFieldId('member', req.body.otherId, 'otherId');
        await getVisibleMember(tx, ctx, a);
        await getVisibleMember(tx, ctx, b);
        const res = await mergeMembers(tx, ctx, a, b, {
          reason: `manual: ${req.body.reason}`,
          trigger: { by: ctx.actor.name },
        });
        if (!res) throw new AppError('CONFLICT', 'These are already the same member');
        return {
          mergeId: toPublicId('merge', res.mergeId),
          survivorId: toPublicId('member', res.survivorId),
          mergedId: toPublicId('member', res.mergedId),
        };
      }),
  );

  r.post(
    '/members/merges/:id/undo',
    {
      preHandler: merge,
      schema: {
        tags,
        summary: 'Undo a merge: both members come back with what came with each',
        params: idParams,
        response: { 200: z.object({ survivorId: z.string(), restoredId: z.string() }) },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const mergeId = parsePublicId('merge', req.params.id, 'Merge');
        const m = await tx.maybeOne<{ survivor_id: string }>(
          'SELECT survivor_id FROM member_merges WHERE id = $1',
          [mergeId],
        );
        if (!m) throw new AppError('NOT_FOUND', 'Merge not found');
        await getVisibleMember(tx, ctx, m.survivor_id);
        const res = await unmergeMembers(tx, ctx, mergeId);
        return {
          survivorId: toPublicId('member', res.survivorId),
          restoredId: toPublicId('member', res.mergedId),
        };
      }),
  );

  r.get(
    '/members/:id/consents',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Consent history, newest first',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                purpose: z.string(),
                granted: z.boolean(),
                source: z.string(),
                recordedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const m = await getVisibleMember(tx, ctx, parse(req.params.id));
        const rows = await tx.many<{ purpose: string; granted: boolean; source: string; recorded_at: Date }>(
          'SELECT purpose, granted, source, recorded_at FROM member_consent_log WHERE member_id = $1 ORDER BY id DESC LIMIT 500',
          [m.id],
        );
        return {
          items: rows.map((c) => ({
            purpose: c.purpose,
            granted: c.granted,
            source: c.source,
            recordedAt: iso(c.recorded_at)!,
          })),
        };
      }),
  );

  r.post(
    '/members/:id/unmask-phone',
    {
      preHandler: requirePermission('members:unmask'),
      schema: {
        tags,
        summary: 'Reveal the full phone number; needs members:unmask and a reason, and is audit-logged',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(4).max(200) }),
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const m = await getVisibleMember(tx, ctx, parse(req.params.id));
        await audit(tx, ctx, {
          action: 'member.phone_unmasked',
          entityType: 'member',
          entityId: toPublicId('member', m.id),
          after: { reason: req.body.reason },
        });
        return { phone: m.phone_enc ? unsealPhone(deps.cipher, m.phone_enc) : null };
      }),
  );
}
