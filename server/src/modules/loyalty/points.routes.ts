import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import { requirePermission } from '../../http/auth.ts';
import { idParams, pageQuery } from '../../http/schemas.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import { parseFieldId, parsePublicId, toPublicId } from '../../shared/ids.ts';
import { getVisibleMember } from '../members/members.query.ts';
import { retryTransient } from '../orders/retry.ts';
import { checkLedger } from './ledger.check.ts';
import { adjustPoint } from './points.adjust.ts';
import { captureHold, voidHold } from './points.holds.ts';
import { holdMember, journalPage, pointsSummary } from './points.query.ts';
import { holdPoint } from './points.spend.ts';

const keyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .describe(
      'required: retries with the same key answer as the first call; another request with it is a 409',
    ),
});

/** Client keys live in their own namespace, apart from the keys Siyu's modules use. */
function keyOf(req: FastifyRequest): string {
  const value = req.headers['idempotency-key'];
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(value))
    throw invalid('Idempotency-Key', 'required header: 1-200 printable characters, unique per request');
  return `api:${value}`;
}

const replayed = (reply: FastifyReply, was: boolean) => {
  if (was) reply.header('idempotent-replayed', 'true');
};

const lotOut = z.object({
  id: z.string(),
  state: z.enum(['pending', 'available']),
  amount: z.number().int(),
  remaining: z.number().int(),
  held: z.number().int(),
  earnedAt: z.string(),
  availableAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  source: z.object({ type: z.string(), id: z.string() }).nullable(),
});
const summaryOut = z.object({
  memberId: z.string(),
  scopeId: z.string(),
  accountId: z.string().nullable(),
  available: z.number().int(),
  pending: z.number().int(),
  held: z.number().int(),
  debt: z.number().int(),
  lots: z.array(lotOut),
  nextExpiry: z.object({ points: z.number().int(), at: z.string() }).nullable(),
});
const journalOut = z.object({
  id: z.string(),
  kind: z.string(),
  reason: z.string().nullable(),
  source: z.object({ type: z.string(), id: z.string() }).nullable(),
  createdBy: z.string(),
  occurredAt: z.string(),
  change: z.object({ available: z.number(), pending: z.number(), held: z.number(), debt: z.number() }),
  postings: z.array(
    z.object({
      seq: z.number().int(),
      account: z.string(),
      bucket: z.string(),
      amount: z.number().int(),
      lotId: z.string().nullable(),
    }),
  ),
});
const adjustmentOut = z.object({
  journalId: z.string(),
  memberId: z.string(),
  points: z.number().int(),
  lotId: z.string().nullable(),
  debtRepaid: z.number().int(),
  debtWrittenOff: z.number().int(),
});
const allocationOut = z.object({
  lotId: z.string(),
  points: z.number().int(),
  expiresAt: z.string().nullable(),
});
const holdOut = z.object({
  id: z.string(),
  memberId: z.string(),
  status: z.enum(['open', 'captured', 'voided']),
  points: z.number().int(),
  journalId: z.string(),
  expiresAt: z.string().optional(),
  allocations: z.array(allocationOut).optional(),
});
const sourceIn = z.strictObject({
  type: z.string().trim().min(1).max(40),
  id: z.string().trim().min(1).max(100),
});

/** The member, if this caller may see them; its points live in the account of its pool. */
async function visibleMember(tx: Tx, ctx: Ctx, id: string) {
  const m = await getVisibleMember(tx, ctx, id);
  return { id: m.id, scopeId: String(m.pool_id) };
}

export async function pointsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Points'];
  const read = requirePermission('points:read');
  const redeem = requirePermission('points:redeem');
  const adjust = requirePermission('points:adjust');
  const memberParam = (req: { params: { id: string } }) => parsePublicId('member', req.params.id, 'Member');

  r.get(
    '/members/:id/points',
    {
      preHandler: read,
      schema: {
        tags,
        summary: "A member's points: balances and open lots, soonest expiry first",
        params: idParams,
        response: { 200: summaryOut },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const m = await visibleMember(tx, ctx, memberParam(req));
        return pointsSummary(tx, m.id, m.scopeId);
      }),
  );

  r.get(
    '/members/:id/points/journal',
    {
      preHandler: read,
      schema: {
        tags,
        summary: "A member's points history, newest first, each journal with its postings",
        params: idParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: z.object({ items: z.array(journalOut), total: z.number().int() }) },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const m = await visibleMember(tx, ctx, memberParam(req));
        return journalPage(tx, m.id, m.scopeId, req.query.limit, req.query.offset);
      }),
  );

  r.post(
    '/members/:id/points/adjustments',
    {
      preHandler: adjust,
      schema: {
        tags,
        summary:
          'Adjust a member’s points by hand (+ credits a lot, − takes soonest-expiring first), with a reason; audited',
        params: idParams,
        headers: keyHeaders,
        body: z.strictObject({
          points: z
            .number()
            .int()
            .refine((n) => n !== 0, 'must not be 0'),
          reason: z.string().trim().min(1).max(500),
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
          writeOffDebt: z.boolean().optional().describe('forgive this much of the member’s debt instead'),
        }),
        response: { 201: adjustmentOut },
      },
    },
    async (req, reply) => {
      const out = await retryTransient(() =>
        req.tx(async (tx, ctx) => {
          const m = await visibleMember(tx, ctx, memberParam(req));
          const b = req.body;
          return adjustPoint(tx, ctx, {
            key: keyOf(req),
            account: { memberId: m.id, scopeId: m.scopeId },
            points: b.points,
            reason: b.reason,
            expiresAt: b.expiresAt ? new Date(b.expiresAt) : null,
            writeOffDebt: b.writeOffDebt ?? false,
          }).then((res) => ({ ...res, memberId: m.id }));
        }),
      );
      replayed(reply, out.replayed);
      return reply.code(201).send({
        journalId: toPublicId('journal', out.journalId),
        memberId: toPublicId('member', out.memberId),
        points: out.points,
        lotId: toPublicId('lot', out.lotId),
        debtRepaid: out.debtRepaid,
        debtWrittenOff: out.debtWrittenOff,
      });
    },
  );

  r.post(
    '/points/holds',
    {
      preHandler: redeem,
      schema: {
        tags,
        summary:
          'Hold a member’s points for a redemption (POS, mall) until captured or voided; voided by itself at expiry',
        headers: keyHeaders,
        body: z.strictObject({
          memberId: z.string().max(40),
          points: z.number().int().min(1),
          expiresInSeconds: z.number().int().min(30).max(604_800).default(900),
          reason: z.string().trim().max(500).optional(),
          source: sourceIn.optional(),
        }),
        response: { 201: holdOut },
      },
    },
    async (req, reply) => {
      const memberId = parseFieldId('member', req.body.memberId, 'memberId');
      const out = await retryTransient(() =>
        req.tx(async (tx, ctx) => {
          const m = await visibleMember(tx, ctx, memberId);
          const b = req.body;
          return holdPoint(tx, ctx, {
            key: keyOf(req),
            account: { memberId: m.id, scopeId: m.scopeId },
            points: b.points,
            expiresAt: new Date(Date.now() + b.expiresInSeconds * 1000),
            ...(b.reason ? { reason: b.reason } : {}),
            ...(b.source ? { source: b.source } : {}),
          });
        }),
      );
      replayed(reply, out.replayed);
      return reply.code(201).send({
        id: toPublicId('hold', out.holdId),
        memberId: toPublicId('member', out.memberId),
        status: 'open' as const,
        points: out.points,
        journalId: toPublicId('journal', out.journalId),
        expiresAt: out.expiresAt,
        allocations: out.allocations.map((a) => ({ ...a, lotId: toPublicId('lot', a.lotId) })),
      });
    },
  );

  for (const action of ['capture', 'void'] as const) {
    r.post(
      `/points/holds/:id/${action}`,
      {
        preHandler: redeem,
        schema: {
          tags,
          summary:
            action === 'capture'
              ? 'Capture a hold: its points are spent (again: the same answer)'
              : 'Void a hold: its points go back to their own lots and expiry (again: the same answer)',
          params: idParams,
          response: { 200: holdOut },
        },
      },
      async (req, reply) => {
        const holdId = parsePublicId('hold', req.params.id, 'Hold');
        const out = await retryTransient(() =>
          req.tx(async (tx, ctx) => {
            await visibleMember(tx, ctx, await holdMember(tx, holdId));
            return action === 'capture' ? captureHold(tx, ctx, holdId) : voidHold(tx, ctx, holdId);
          }),
        );
        replayed(reply, out.replayed);
        return {
          id: toPublicId('hold', out.holdId),
          memberId: toPublicId('member', out.memberId),
          status: out.status,
          points: out.points,
          journalId: toPublicId('journal', out.journalId),
        };
      },
    );
  }

  r.get(
    '/points/check',
    {
      preHandler: adjust,
      schema: {
        tags,
        summary: 'Verify the tenant’s points ledger: journals balance, balances equal lots and postings',
        response: {
          200: z.object({
            ok: z.boolean(),
            problems: z.array(z.object({ check: z.string(), id: z.string(), detail: z.string() })),
            checked: z.object({
              journals: z.number().int(),
              accounts: z.number().int(),
              lots: z.number().int(),
            }),
          }),
        },
      },
    },
    async (req) => req.tx((tx) => checkLedger(tx)),
  );
}
