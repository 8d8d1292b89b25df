import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid, notFound } from '../../shared/errors.ts';
import { parsePublicId } from '../../shared/ids.ts';
import { getCoupon } from '../coupons/coupons.query.ts';
import { memberWallet, shareCoupon } from '../coupons/coupons.service.ts';
import { memberTier } from '../loyalty/member-tier.ts';
import { journalPage, pointsSummary } from '../loyalty/points.query.ts';
import { searchMembers } from '../members/members.query.ts';
import { updateProfile } from '../members/members.service.ts';
import { parsePhone } from '../members/phone.ts';
import { getTenantById } from '../tenancy/tenancy.service.ts';
import { issueCardToken } from './card-token.ts';
import { type H5, memberSecurity, tenantIdParams, tenantParams } from './h5-context.ts';
import {
  historyItem,
  historyOut,
  meOut,
  meView,
  pointsOut,
  pointsView,
  tierOut,
  walletOut,
  walletView,
} from './h5-member.views.ts';

/** Card codes are refreshed by the page this often; each is valid for a minute. */
export const cardRefreshSeconds = 30;

const birthday = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'not a plausible birthday');

export async function h5MemberRoutes(app: FastifyInstance, h5: H5): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Member H5'];
  const security = memberSecurity;

  r.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The signed-in member’s profile (phone masked)',
        security,
        params: tenantParams,
        response: { 200: meOut },
      },
    },
    async (req) => h5.withMember(req, async (tx, m, ctx) => meView(m, await getTenantById(tx, ctx.tenantId))),
  );

  r.patch(
    '/me',
    {
      schema: {
        tags,
        summary: 'Edit name, gender and birthday',
        security,
        params: tenantParams,
        body: z.strictObject({
          name: z.string().trim().min(1).max(50).optional(),
          gender: z.enum(['male', 'female', 'unknown']).optional(),
          birthday: birthday.nullable().optional(),
        }),
        response: { 200: meOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m, ctx) => {
        const after = await updateProfile(tx, ctx, h5.pii, m.id, req.body, 'h5');
        return meView(after, await getTenantById(tx, ctx.tenantId));
      }),
  );

  r.get(
    '/card',
    {
      schema: {
        tags,
        summary: 'A fresh member-card code for the QR (valid 60 s; the page refreshes it every 30 s)',
        security,
        params: tenantParams,
        response: {
          200: z.object({
            token: z.string(),
            issuedAt: z.string(),
            expiresAt: z.string(),
            refreshInSeconds: z.number().int(),
          }),
        },
      },
    },
    async (req) =>
      h5.withMember(req, async (_tx, m, ctx) => {
        const card = issueCardToken(h5.deps.config.hmacKey, ctx.tenantId, m.id);
        return {
          token: card.token,
          issuedAt: card.issuedAt.toISOString(),
          expiresAt: card.expiresAt.toISOString(),
          refreshInSeconds: cardRefreshSeconds,
        };
      }),
  );

  r.get(
    '/points',
    {
      schema: {
        tags,
        summary: 'Points balance and what expires soon',
        security,
        params: tenantParams,
        response: { 200: pointsOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => {
        const now = new Date();
        return pointsView(await pointsSummary(tx, m.id, String(m.pool_id), now), now);
      }),
  );

  r.get(
    '/points/history',
    {
      schema: {
        tags,
        summary: 'Points history, newest first',
        security,
        params: tenantParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(50).default(20),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: { 200: historyOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => {
        const page = await journalPage(tx, m.id, String(m.pool_id), req.query.limit, req.query.offset);
        return { items: page.items.map(historyItem), total: page.total };
      }),
  );

  r.get(
    '/tier',
    {
      schema: {
        tags,
        summary: 'Tier, progress to the next and every tier’s benefits',
        security,
        params: tenantParams,
        response: { 200: tierOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => {
        const t = await memberTier(tx, m.id, String(m.pool_id));
        if (!t) {
          return {
            program: false,
            basis: null,
            qualifying: 0,
            tier: null,
            qualifiesFor: null,
            next: null,
            progress: 0,
            since: null,
            evaluateAt: null,
            tiers: [],
          };
        }
        return { program: true, ...t };
      }),
  );

  r.get(
    '/coupons',
    {
      schema: {
        tags,
        summary: 'Coupon wallet: available (soonest to expire first), used or passed on, expired',
        security,
        params: tenantParams,
        response: { 200: walletOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => {
        const now = new Date();
        return walletView(tx, await memberWallet(tx, m.id, now), now);
      }),
  );

  r.post(
    '/coupons/:id/share',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Pass an unused coupon to a friend, found by their phone (they must be a member)',
        security,
        params: tenantIdParams,
        headers: z.looseObject({ 'idempotency-key': z.string().max(200).optional() }),
        body: z.strictObject({ phone: z.string().trim().min(5).max(20) }),
        response: {
          200: z.object({ sharedTo: z.string().describe('the friend’s phone, masked'), validTo: z.string() }),
        },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m, ctx) => {
        const id = parsePublicId('coupon', req.params.id, 'Coupon');
        const coupon = await getCoupon(tx, ctx, id).catch(() => undefined);
        // Someone else's coupon is not found, exactly like one that does not exist.
        if (coupon?.member_id !== m.id) throw notFound('Coupon');
        const phone = parsePhone(req.body.phone, h5.pii.hmacKey);
        const found = await searchMembers(tx, ctx, h5.pii.hmacKey, {
          q: phone.e164,
          status: 'active',
          limit: 5,
          offset: 0,
        });
        const friend = found.items.find((f) => f.pool_id === m.pool_id) ?? found.items[0];
        if (!friend) throw invalid('phone', 'no member has this number; your friend signs up first');
        if (friend.id === m.id) throw invalid('phone', 'this is your own number');
        const key = req.headers['idempotency-key'];
        await shareCoupon(tx, ctx, {
          couponId: id,
          fromMemberId: m.id,
          toMemberId: friend.id,
          idempotencyKey: typeof key === 'string' ? `h5:${m.id}:${key}` : undefined,
        });
        return { sharedTo: phone.masked, validTo: coupon.valid_to.toISOString() };
      }),
  );
}
