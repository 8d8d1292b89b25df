import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { idParams, pageQuery } from '../../http/schemas.ts';
import { parseFieldId, parsePublicId } from '../../shared/ids.ts';
import { getVisibleMember } from '../members/members.query.ts';
import { retryTransient } from '../orders/retry.ts';
import { getCoupon, listCoupons, memberWallet } from './coupons.query.ts';
import { redeemInput } from './coupons.schema.ts';
import {
  couponOut,
  couponView,
  issuedOut,
  issuedView,
  redemptionOut,
  redemptionView,
} from './coupons.view.ts';
import { keyHeaders, keyOf } from './http.ts';
import { claimCoupon } from './issue.service.ts';
import { redeemCoupon } from './redeem.service.ts';
import { shareCoupon } from './share.service.ts';
import { unredeemCoupon } from './unredeem.service.ts';

const memberBody = z.string().max(40);

export async function couponRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('coupons:read');
  const issue = requirePermission('coupons:issue');
  const redeem = requirePermission('coupons:redeem');
  const tags = ['Coupons'];
  const parse = (id: string) => parsePublicId('coupon', id, 'Coupon');

  r.get(
    '/coupons',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'List coupons (of a template, of a member, by status), newest first',
        querystring: z.strictObject({
          ...pageQuery,
          templateId: z.string().max(40).optional(),
          memberId: z.string().max(40).optional(),
          status: z.enum(['available', 'redeemed', 'shared', 'expired']).optional(),
        }),
        response: {
          200: z.object({ items: z.array(couponOut), total: z.number().int(), totalIsCapped: z.boolean() }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const now = new Date();
      const page = await req.tx((tx, ctx) =>
        listCoupons(
          tx,
          ctx,
          {
            ...q,
            templateId: q.templateId
              ? parseFieldId('couponTemplate', q.templateId, 'querystring.templateId')
              : undefined,
            memberId: q.memberId ? parseFieldId('member', q.memberId, 'querystring.memberId') : undefined,
          },
          now,
        ),
      );
      return { ...page, items: page.items.map((c) => couponView(c, now)) };
    },
  );

  r.get(
    '/coupons/:id',
    {
      preHandler: read,
      schema: { tags, summary: 'A coupon', params: idParams, response: { 200: couponOut } },
    },
    async (req) =>
      couponView(await req.tx((tx, ctx) => getCoupon(tx, ctx, parse(req.params.id))), new Date()),
  );

  r.post(
    '/coupon-claims/:code',
    {
      preHandler: issue,
      schema: {
        tags,
        summary:
          'A member claims a coupon through a template’s claim code (the landing page); for now staff or an API key call it for the member',
        params: z.strictObject({ code: z.string().min(1).max(40) }),
        headers: keyHeaders,
        body: z.strictObject({ memberId: memberBody }),
        response: { 201: issuedOut },
      },
    },
    async (req, reply) => {
      const claimed = await retryTransient(() =>
        req.tx((tx, ctx) =>
          claimCoupon(tx, ctx, {
            claimCode: req.params.code,
            memberId: parseFieldId('member', req.body.memberId, 'memberId'),
            idempotencyKey: keyOf(req),
          }),
        ),
      );
      return reply.code(201).send(issuedView(claimed));
    },
  );

  r.post(
    '/coupons/:id/share',
    {
      preHandler: issue,
      schema: {
        tags,
        summary: 'Pass an unused coupon to a friend (if its template allows): the friend gets a new code',
        params: idParams,
        headers: keyHeaders,
        body: z.strictObject({ fromMemberId: memberBody, toMemberId: memberBody }),
        response: {
          201: z.object({
            couponId: z.string(),
            code: z.string(),
            memberId: z.string(),
            sharedFrom: z.string(),
          }),
        },
      },
    },
    async (req, reply) => {
      const couponId = parse(req.params.id);
      const shared = await retryTransient(() =>
        req.tx(async (tx, ctx) => {
          await getCoupon(tx, { ...ctx, actor: { ...ctx.actor, scope: 'all' } }, couponId);
          return shareCoupon(tx, ctx, {
            couponId,
            fromMemberId: parseFieldId('member', req.body.fromMemberId, 'fromMemberId'),
            toMemberId: parseFieldId('member', req.body.toMemberId, 'toMemberId'),
            idempotencyKey: keyOf(req),
          });
        }),
      );
      return reply.code(201).send({
        couponId: `cpn_${shared.couponId}`,
        code: shared.code,
        memberId: `mem_${shared.memberId}`,
        sharedFrom: `cpn_${shared.sharedFrom}`,
      });
    },
  );

  r.post(
    '/coupons/redeem',
    {
      preHandler: redeem,
      schema: {
        tags,
        summary:
          'Redeem a coupon on an order at a POS or mall: checks status, holder, validity and applicability, returns the discount (idempotent)',
        headers: keyHeaders,
        body: redeemInput,
        response: { 200: redemptionOut, 201: redemptionOut },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const out = await retryTransient(() =>
        req.tx((tx, ctx) =>
          redeemCoupon(tx, ctx, {
            code: b.code,
            memberId: parseFieldId('member', b.memberId, 'memberId'),
            order: {
              ...b.order,
              storeId: b.order.storeId ? parseFieldId('store', b.order.storeId, 'order.storeId') : null,
            },
            idempotencyKey: keyOf(req),
          }),
        ),
      );
      return reply.code(out.replayed ? 200 : 201).send(redemptionView(out.redemption, out.replayed));
    },
  );

  r.post(
    '/coupons/:id/unredeem',
    {
      preHandler: redeem,
      schema: {
        tags,
        summary:
          'Reverse a redemption (a refunded or cancelled sale): the coupon returns to its holder if still valid',
        params: idParams,
        headers: keyHeaders,
        body: z.strictObject({ reason: z.string().trim().min(1).max(200) }),
        response: {
          200: z.object({
            couponId: z.string(),
            redemptionId: z.string(),
            status: z.enum(['available', 'expired']),
          }),
        },
      },
    },
    async (req) => {
      const couponId = parse(req.params.id);
      const out = await retryTransient(() =>
        req.tx((tx, ctx) =>
          unredeemCoupon(tx, ctx, { couponId, reason: req.body.reason, idempotencyKey: keyOf(req) }),
        ),
      );
      return { couponId: `cpn_${out.couponId}`, redemptionId: `cpr_${out.redemptionId}`, status: out.status };
    },
  );

  r.get(
    '/members/:id/coupons',
    {
      preHandler: [read, requirePermission('members:read')],
      schema: {
        tags,
        summary: 'A member’s coupon wallet: available (soonest to expire first), used, expired',
        params: idParams,
        response: {
          200: z.object({
            available: z.array(couponOut),
            used: z.array(couponOut),
            expired: z.array(couponOut),
          }),
        },
      },
    },
    async (req) => {
      const now = new Date();
      const wallet = await req.tx(async (tx, ctx) => {
        const member = await getVisibleMember(tx, ctx, parsePublicId('member', req.params.id, 'Member'));
        return memberWallet(tx, member.id, now);
      });
      return {
        available: wallet.available.map((c) => couponView(c, now)),
        used: wallet.used.map((c) => couponView(c, now)),
        expired: wallet.expired.map((c) => couponView(c, now)),
      };
    },
  );
}
