import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { idParams, listOf, pageQuery } from '../../http/schemas.ts';
import { parsePublicId } from '../../shared/ids.ts';
import { retryTransient } from '../orders/retry.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import { bulkIssue, bulkIssueOut } from './bulk-issue.ts';
import { Problems, parseIds, sourceInput, statuses, templateInput, templatePatch } from './coupons.schema.ts';
import { issueOut, issueView, templateOut, templateView } from './coupons.view.ts';
import { templateFunnel } from './funnel.query.ts';
import { defaultSource, keyHeaders, keyOf } from './http.ts';
import { issueCoupons, maxIssue } from './issue.service.ts';
import { loadTemplate } from './templates.repo.ts';
import { createTemplate, deleteTemplate, listTemplates, updateTemplate } from './templates.service.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

const funnelOut = z.object({
  issued: z.number().int(),
  claimed: z.number().int(),
  shared: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int(),
  available: z.number().int(),
  conversionRate: z.number(),
  salesDrivenCents: z.number().int(),
  discountCents: z.number().int(),
  from: z.string(),
  to: z.string(),
  series: z.array(
    z.object({
      day: z.string(),
      issued: z.number().int(),
      claimed: z.number().int(),
      redeemed: z.number().int(),
      salesCents: z.number().int(),
    }),
  ),
});

export async function couponTemplateRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('coupons:read');
  const write = requirePermission('coupons:write');
  const issuePerm = requirePermission('coupons:issue');
  const tags = ['Coupons'];
  const parse = (id: string) => parsePublicId('couponTemplate', id, 'Coupon template');

  r.get(
    '/coupon-templates',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'List coupon templates, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(statuses).optional(),
          q: z.string().trim().max(100).optional(),
        }),
        response: { 200: listOf(templateOut) },
      },
    },
    async (req) => {
      const page = await req.tx((tx) => listTemplates(tx, req.query));
      return { items: page.items.map(templateView), total: page.total };
    },
  );

  r.post(
    '/coupon-templates',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Create a coupon template',
        body: templateInput,
        response: { 201: templateOut },
      },
    },
    async (req, reply) =>
      reply.code(201).send(templateView(await req.tx((tx, ctx) => createTemplate(tx, ctx, req.body)))),
  );

  r.get(
    '/coupon-templates/:id',
    {
      preHandler: read,
      schema: { tags, summary: 'A coupon template', params: idParams, response: { 200: templateOut } },
    },
    async (req) => templateView(await req.tx((tx) => loadTemplate(tx, parse(req.params.id)))),
  );

  r.patch(
    '/coupon-templates/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Edit a template or change its status (draft → active ⇄ paused → ended)',
        params: idParams,
        body: templatePatch,
        response: { 200: templateOut },
      },
    },
    async (req) =>
      templateView(await req.tx((tx, ctx) => updateTemplate(tx, ctx, parse(req.params.id), req.body))),
  );

  r.delete(
    '/coupon-templates/:id',
    { preHandler: write, schema: { tags, summary: 'Delete a draft template', params: idParams } },
    async (req, reply) => {
      await req.tx((tx, ctx) => deleteTemplate(tx, ctx, parse(req.params.id)));
      return reply.code(204).send();
    },
  );

  r.post(
    '/coupon-templates/:id/issue',
    {
      preHandler: issuePerm,
      schema: {
        tags,
        summary: `Issue a coupon to each of up to ${maxIssue} members (Idempotency-Key required); over-limit and out-of-stock members are skipped with the reason`,
        params: idParams,
        headers: keyHeaders,
        body: z.strictObject({
          memberIds: z.array(z.string().max(40)).min(1).max(maxIssue),
          source: sourceInput.optional().describe('defaults to the guide, API key or staff member issuing'),
        }),
        response: { 200: issueOut },
      },
    },
    async (req) => {
      const templateId = parse(req.params.id);
      return retryTransient(() =>
        req.tx(async (tx, ctx) => {
          await loadTemplate(tx, templateId);
          const p = new Problems();
          const ids = parseIds('member', req.body.memberIds, 'memberIds', p);
          p.throwIfAny();
          const result = await issueCoupons(tx, ctx, {
            templateId,
            memberIds: ids,
            source: req.body.source ?? defaultSource(ctx),
            idempotencyKey: keyOf(req, true)!,
          });
          return issueView(result, new Map(ids.map((id, i) => [id, req.body.memberIds[i]!])));
        }),
      );
    },
  );

  r.post(
    '/coupon-templates/:id/bulk-issue',
    {
      preHandler: issuePerm,
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags,
        summary: `Issue to a CSV list (header member_id and/or phone; ≤ ${maxIssue} lines; Idempotency-Key required): errors by line`,
        params: idParams,
        headers: keyHeaders,
        body: z.strictObject({
          content: z.string().min(1).max(4_000_000),
          fileName: z.string().max(200).optional(),
        }),
        response: { 200: bulkIssueOut },
      },
    },
    async (req) => {
      const templateId = parse(req.params.id);
      return retryTransient(() =>
        req.tx(async (tx, ctx) => {
          await loadTemplate(tx, templateId);
          return bulkIssue(tx, ctx, deps.config.hmacKey, {
            templateId,
            content: req.body.content,
            fileName: req.body.fileName,
            idempotencyKey: keyOf(req, true)!,
          });
        }),
      );
    },
  );

  r.get(
    '/coupon-templates/:id/funnel',
    {
      preHandler: read,
      schema: {
        tags,
        summary:
          'The template’s funnel: issued → claimed → redeemed, shared, expired, conversion, sales driven, per day',
        params: idParams,
        querystring: z.strictObject({ from: day.optional(), to: day.optional() }),
        response: { 200: funnelOut },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const t = await loadTemplate(tx, parse(req.params.id));
        const tenant = await getTenant(tx, ctx);
        return templateFunnel(tx, t.id, { timeZone: tenant.timezone, now: new Date(), ...req.query });
      }),
  );
}
