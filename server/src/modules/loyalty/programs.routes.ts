import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { idParams, iso } from '../../http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { parseFieldId, parsePublicId, toPublicId } from '../../shared/ids.ts';
import { getVisibleMember } from '../members/members.query.ts';
import { recordAction } from './actions.ts';
import { orderEarning } from './earn.rules.ts';
import { memberTier, programOf, tierRow } from './member-tier.ts';
import { actionKinds, programInput, programView, ruleInput, ruleView, tierView } from './program.schema.ts';
import {
  createRule,
  getRule,
  listRules,
  poolOfUnit,
  programFor,
  saveProgram,
  updateRule,
} from './program.service.ts';
import { evaluateDue } from './programs.jobs.ts';

const unitQuery = z.strictObject({
  businessUnitId: z
    .string()
    .max(40)
    .optional()
    .describe('For units that keep their own members; omit for the group'),
});
const stepOut = z.object({
  kind: z.string(),
  ruleId: z.string().nullable(),
  detail: z.string(),
  points: z.number(),
});
const tierOut = z.object({
  id: z.string(),
  rank: z.number().int(),
  code: z.string(),
  name: z.string(),
  threshold: z.number(),
  benefits: z.record(z.string(), z.unknown()),
});
const simulateOut = z.object({
  points: z.number().int(),
  growth: z.number().int(),
  tier: tierOut.nullable(),
  steps: z.array(stepOut),
  note: z.string().nullable(),
});
const simulateInput = z.strictObject({
  businessUnitId: z.string().max(40).optional(),
  memberId: z.string().max(40).optional().describe('Use this member’s tier; omit to simulate without a tier'),
  order: z.strictObject({
    channel: z.string().min(1).max(60),
    storeId: z.string().max(40).nullable().default(null),
    paidAt: z.iso.datetime({ offset: true }).optional(),
    lines: z
      .array(
        z.strictObject({
          sku: z.string().min(1).max(64),
          categoryPath: z.string().max(200).optional().describe('Defaults to the product’s category'),
          paidCents: z.number().int().min(0).max(1e10),
        }),
      )
      .min(1)
      .max(200),
  }),
});

export async function programRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('loyalty:read');
  const write = requirePermission('loyalty:write');
  const tags = ['Loyalty programme'];

  r.get(
    '/loyalty/program',
    {
      preHandler: read,
      schema: { tags, summary: 'The loyalty programme and its tiers', querystring: unitQuery },
    },
    async (req) =>
      req.tx(async (tx) => {
        const p = await programFor(tx, await poolOfUnit(tx, req.query.businessUnitId));
        return programView(p.row, p.tiers);
      }),
  );

  r.put(
    '/loyalty/program',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Create or replace the programme: earning, expiry, tier basis and evaluation, tiers and benefits',
        querystring: unitQuery,
        body: programInput,
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const pool = await poolOfUnit(tx, req.query.businessUnitId);
        await saveProgram(tx, ctx, pool, req.body);
        const p = await programFor(tx, pool);
        return programView(p.row, p.tiers);
      }),
  );

  r.get(
    '/loyalty/rules',
    { preHandler: read, schema: { tags, summary: 'Earn rules of the programme', querystring: unitQuery } },
    async (req) =>
      req.tx(async (tx) => {
        const p = await programFor(tx, await poolOfUnit(tx, req.query.businessUnitId));
        return { items: (await listRules(tx, p.row.id)).map(ruleView) };
      }),
  );

  r.post(
    '/loyalty/rules',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Add an earn rule (base rate, campaign multiplier or action)',
        querystring: unitQuery,
        body: ruleInput,
      },
    },
    async (req, reply) => {
      const row = await req.tx(async (tx, ctx) => {
        const p = await programFor(tx, await poolOfUnit(tx, req.query.businessUnitId));
        return createRule(tx, ctx, p.row.id, req.body);
      });
      return reply.code(201).send(ruleView(row));
    },
  );

  r.get(
    '/loyalty/rules/:id',
    { preHandler: read, schema: { tags, summary: 'An earn rule', params: idParams } },
    async (req) =>
      req.tx(async (tx) =>
        ruleView(await getRule(tx, parsePublicId('earnRule', req.params.id, 'Earn rule'))),
      ),
  );

  r.put(
    '/loyalty/rules/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Replace an earn rule (set active: false to retire it)',
        params: idParams,
        body: ruleInput,
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) =>
        ruleView(await updateRule(tx, ctx, parsePublicId('earnRule', req.params.id, 'Earn rule'), req.body)),
      ),
  );

  r.post(
    '/loyalty/simulate',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'What an order would earn under the current rules, step by step',
        body: simulateInput,
        response: { 200: simulateOut },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const b = req.body;
        const p = await programFor(tx, await poolOfUnit(tx, b.businessUnitId));
        let tier = null;
        if (b.memberId) {
          const member = await getVisibleMember(tx, ctx, parseFieldId('member', b.memberId, 'memberId'));
          tier = (await tierRow(tx, p, member.id)).tier;
        }
        const skus = b.order.lines.filter((l) => l.categoryPath === undefined).map((l) => l.sku);
        const cats = new Map(
          (
            await tx.many<{ sku: string; category_path: string }>(
              'SELECT sku, category_path FROM products WHERE sku = ANY ($1::text[])',
              [skus],
            )
          ).map((x) => [x.sku, x.category_path]),
        );
        const earning = orderEarning(
          p.engine,
          p.rules,
          {
            channel: b.order.channel,
            storeId: b.order.storeId ? parseFieldId('store', b.order.storeId, 'order.storeId') : null,
            paidAt: b.order.paidAt ? new Date(b.order.paidAt) : new Date(),
            lines: b.order.lines.map((l) => ({
              sku: l.sku,
              categoryPath: l.categoryPath ?? cats.get(l.sku) ?? '',
              paidCents: l.paidCents,
            })),
          },
          tier ? { name: tier.name, pointsMultiplier: tier.benefits.pointsMultiplier ?? 1 } : null,
        );
        return {
          points: earning.points,
          growth: earning.growth,
          tier: tier ? tierView(tier) : null,
          steps: earning.steps.map((s) => ({
            ...s,
            ruleId: s.ruleId ? toPublicId('earnRule', s.ruleId) : null,
          })),
          note: p.row.daily_cap ? `a daily cap of ${p.row.daily_cap} applies at settlement` : null,
        };
      }),
  );

  r.post(
    '/loyalty/actions',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Award an action (check-in, review, product scan…) by the programme’s action rule; replays change nothing',
        body: z.strictObject({
          memberId: z.string().max(40),
          action: z.enum(actionKinds),
          key: z.string().min(1).max(200).optional(),
          at: z.iso.datetime({ offset: true }).optional(),
        }),
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const member = await getVisibleMember(tx, ctx, parseFieldId('member', req.body.memberId, 'memberId'));
        const out = await recordAction(tx, ctx, {
          memberId: member.id,
          action: req.body.action,
          key: req.body.key,
          at: req.body.at ? new Date(req.body.at) : undefined,
        });
        return {
          ...out,
          ...('actionId' in out ? { actionId: toPublicId('loyaltyAction', out.actionId) } : {}),
        };
      }),
  );

  r.get(
    '/members/:id/tier',
    {
      preHandler: [read, requirePermission('members:read')],
      schema: {
        tags,
        summary: 'A member’s tier, progress to the next, benefits and tier history',
        params: idParams,
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const member = await getVisibleMember(tx, ctx, parsePublicId('member', req.params.id, 'Member'));
        const p = await programOf(tx, String(member.pool_id));
        const t = p && (await memberTier(tx, member.id, String(member.pool_id)));
        if (!p || !t) throw new AppError('NOT_FOUND', 'no loyalty programme for this member yet');
        const history = await tx.many<{
          from_tier_id: string | null;
          to_tier_id: string | null;
          reason: string;
          qualifying: string;
          at: Date;
        }>(
          `SELECT from_tier_id, to_tier_id, reason, qualifying, at FROM loyalty_tier_history
           WHERE program_id = $1 AND member_id = $2 ORDER BY id DESC LIMIT 50`,
          [p.row.id, member.id],
        );
        const ref = (id: string | null) => {
          const x = p.tiers.find((y) => y.id === id);
          return x ? { id: toPublicId('tier', x.id), code: x.code, name: x.name } : null;
        };
        const brief = (x: { id: string; code: string; name: string } | null) =>
          x ? { id: x.id, code: x.code, name: x.name } : null;
        const split = ({ remaining, ...tier }: NonNullable<typeof t.next>) => ({ tier, remaining });
        return {
          programId: toPublicId('loyaltyProgram', p.row.id),
          basis: t.basis,
          qualifying: t.qualifying,
          tier: t.tier,
          qualifiesFor: brief(t.qualifiesFor),
          since: t.since,
          evaluateAt: t.evaluateAt,
          next: t.next ? split(t.next) : null,
          history: history.map((h) => ({
            from: ref(h.from_tier_id),
            to: ref(h.to_tier_id),
            reason: h.reason,
            qualifying: Number(h.qualifying),
            at: iso(h.at),
          })),
        };
      }),
  );

  r.post(
    '/loyalty/evaluate',
    {
      preHandler: write,
      schema: { tags, summary: 'Run the periodic tier evaluation now for members who are due' },
    },
    async (req) => req.tx(async (tx, ctx) => ({ more: await evaluateDue(tx, ctx) })),
  );
}
