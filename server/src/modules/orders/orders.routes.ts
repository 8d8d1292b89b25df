import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { idParams, pageQuery } from '../../http/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import { parseFieldId, parsePublicId } from '../../shared/ids.ts';
import { getVisibleMember } from '../members/members.query.ts';
import { getOrder, getRefund, listOrders, memberTimeline } from './orders.query.ts';
import { channel, orderInput } from './orders.schema.ts';
import { ingestOrder } from './orders.service.ts';
import {
  orderDetailOut,
  orderDetailView,
  orderOut,
  orderView,
  refundOut,
  refundView,
  timelineOut,
  timelineView,
} from './orders.view.ts';
import { type BatchRecord, ingestBatch, maxBatch } from './orders-batch.ts';
import { ingestRefund, refundInput } from './refunds.service.ts';
import { retryTransient } from './retry.ts';

const batchOut = z.object({
  created: z.number().int(),
  unchanged: z.number().int(),
  revised: z.number().int(),
  failed: z.number().int(),
  errors: z.array(
    z.object({
      line: z.number().int(),
      externalId: z.string().optional(),
      field: z.string().optional(),
      message: z.string(),
    }),
  ),
});

/** NDJSON: one JSON order per line; blank lines are skipped but still counted, so errors name the line in the file. */
export function parseNdjson(text: string): {
  records: BatchRecord[];
  malformed: { line: number; message: string }[];
} {
  const records: BatchRecord[] = [];
  const malformed: { line: number; message: string }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      records.push({ ref: i + 1, input: JSON.parse(line) });
    } catch (e) {
      malformed.push({ line: i + 1, message: `not valid JSON: ${(e as Error).message}` });
    }
  }
  if (records.length + malformed.length > maxBatch) {
    throw new AppError('PAYLOAD_TOO_LARGE', `At most ${maxBatch} orders per request; split the file`);
  }
  return { records, malformed };
}

export async function ordersRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pii = { cipher: deps.cipher, hmacKey: deps.config.hmacKey };
  const read = requirePermission('orders:read');
  const write = requirePermission('orders:write');
  const tags = ['Orders'];
  app.addContentTypeParser(
    'application/x-ndjson',
    { parseAs: 'string', bodyLimit: 32 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  r.post(
    '/orders',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Ingest one order (idempotent on channel + externalId; a changed payload is a revision)',
        body: orderInput,
        response: {
          200: z.object({ order: orderDetailOut, outcome: z.enum(['unchanged', 'revised']) }),
          201: z.object({ order: orderDetailOut, outcome: z.literal('created') }),
        },
      },
    },
    async (req, reply) => {
      const out = await retryTransient(() =>
        req.tx(async (tx, ctx) => {
          const result = await ingestOrder(tx, ctx, pii, req.body);
          return {
            order: orderDetailView(
              await getOrder(tx, { ...ctx, actor: { ...ctx.actor, scope: 'all' } }, result.orderId),
            ),
            outcome: result.outcome,
          };
        }),
      );
      return reply.code(out.outcome === 'created' ? 201 : 200).send(out as never);
    },
  );

  r.post(
    '/orders/batch',
    {
      preHandler: write,
      bodyLimit: 32 * 1024 * 1024,
      schema: {
        tags,
        summary: `Ingest up to ${maxBatch} orders as NDJSON (application/x-ndjson): good lines land, bad ones are reported by line`,
        response: { 200: batchOut },
      },
    },
    async (req) => {
      if (typeof req.body !== 'string' || !/^application\/x-ndjson/.test(req.headers['content-type'] ?? '')) {
        throw new AppError(
          'UNSUPPORTED_MEDIA_TYPE',
          'Send the orders as application/x-ndjson, one JSON order per line',
        );
      }
      const { records, malformed } = parseNdjson(req.body);
      const result = await retryTransient(() => req.tx((tx, ctx) => ingestBatch(tx, ctx, pii, records)));
      const errors = [
        ...malformed,
        ...result.errors.map((e) => ({
          line: e.ref,
          externalId: e.externalId,
          field: e.field,
          message: e.message,
        })),
      ].sort((a, b) => a.line - b.line);
      return { ...result, failed: result.failed + malformed.length, errors };
    },
  );

  r.get(
    '/orders',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'List orders, newest first',
        querystring: z.strictObject({
          ...pageQuery,
          memberId: z.string().max(40).optional(),
          storeId: z.string().max(40).optional(),
          channel: channel.optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
        response: {
          200: z.object({ items: z.array(orderOut), total: z.number().int(), totalIsCapped: z.boolean() }),
        },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await req.tx((tx, ctx) =>
        listOrders(tx, ctx, {
          ...q,
          memberId: q.memberId ? parseFieldId('member', q.memberId, 'querystring.memberId') : undefined,
          storeId: q.storeId ? parseFieldId('store', q.storeId, 'querystring.storeId') : undefined,
        }),
      );
      return { ...page, items: page.items.map(orderView) };
    },
  );

  r.get(
    '/orders/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'An order with its lines, revisions and refunds',
        params: idParams,
        response: { 200: orderDetailOut },
      },
    },
    async (req) =>
      orderDetailView(
        await req.tx((tx, ctx) => getOrder(tx, ctx, parsePublicId('order', req.params.id, 'Order'))),
      ),
  );

  r.get(
    '/members/:id/orders',
    {
      preHandler: [read, requirePermission('members:read')],
      schema: {
        tags,
        summary: "A member's orders and refunds, newest first (customer 360)",
        params: idParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: timelineOut },
      },
    },
    async (req) =>
      timelineView(
        await req.tx(async (tx, ctx) => {
          const member = await getVisibleMember(tx, ctx, parsePublicId('member', req.params.id, 'Member'));
          return memberTimeline(tx, member.id, req.query.limit, req.query.offset);
        }),
      ),
  );

  r.post(
    '/refunds',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Record a refund (full, by amount or by line); held until its order arrives if it comes first',
        body: refundInput,
        response: {
          200: z.object({ refund: refundOut, outcome: z.literal('unchanged') }),
          201: z.object({ refund: refundOut, outcome: z.literal('applied') }),
          202: z.object({ refund: refundOut, outcome: z.literal('held') }),
        },
      },
    },
    async (req, reply) => {
      const { refund, outcome } = await retryTransient(() =>
        req.tx((tx, ctx) => ingestRefund(tx, ctx, req.body)),
      );
      const status = outcome === 'applied' ? 201 : outcome === 'held' ? 202 : 200;
      return reply.code(status).send({ refund: refundView(refund), outcome } as never);
    },
  );

  r.get(
    '/refunds/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'A refund: held, applied or rejected (with why)',
        params: idParams,
        response: { 200: refundOut },
      },
    },
    async (req) =>
      refundView(
        await req.tx((tx, ctx) => getRefund(tx, ctx, parsePublicId('refund', req.params.id, 'Refund'))),
      ),
  );
}
