import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { idParams, listOf, pageQuery } from '../../http/schemas.ts';
import { parseFieldId, parsePublicId, toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { getVisibleMember } from '../members/members.query.ts';
import { retryTransient } from '../orders/retry.ts';
import { nationalPhone, unsealAddress } from './address.ts';
import { bulkShip, bulkShipOut, carrier, maxShipLines, trackingNo } from './bulk-ship.ts';
import { cancelExchange, deliverExchange, markExchangePaid, shipExchange } from './exchanges.fulfil.ts';
import { placeExchange } from './exchanges.place.ts';
import { listExchanges, loadExchange } from './exchanges.repo.ts';
import { checkKey } from './idempotency.ts';
import { exchangeStatuses, itemKinds, paymentStatuses, placeInput } from './mall.schema.ts';
import { exchangeDetailOut, exchangeDetailView, exchangeOut, exchangeView } from './mall.view.ts';

const keyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .describe(
      'required on placement: retries with the same key return the first answer; another payload with it is a 409',
    ),
});

const when = z.iso.datetime({ offset: true });

export async function mallExchangeRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('mall:read');
  const write = requirePermission('mall:write');
  const tags = ['Points mall'];
  const parse = (id: string) => parsePublicId('mallExchange', id, 'Exchange');

  r.post(
    '/mall/exchanges',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Place an exchange on a member’s behalf (Idempotency-Key required): takes stock and the member’s limit, holds the points; coupons and partner benefits are delivered at once',
        headers: keyHeaders,
        body: placeInput,
        response: { 200: exchangeOut, 201: exchangeOut },
      },
    },
    async (req, reply) => {
      const raw = req.headers['idempotency-key'];
      const key = checkKey(typeof raw === 'string' ? raw : undefined);
      const out = await retryTransient(() =>
        req.tx(async (tx, ctx) => {
          const memberId = parseFieldId('member', req.body.memberId, 'memberId');
          const itemId = parseFieldId('mallItem', req.body.itemId, 'itemId');
          await getVisibleMember(tx, ctx, memberId);
          return placeExchange(
            tx,
            ctx,
            { memberId, itemId, qty: req.body.qty, address: req.body.address, idempotencyKey: key },
            { cipher: deps.cipher },
          );
        }),
      );
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(out.replayed ? 200 : 201).send(out.exchange);
    },
  );

  r.get(
    '/mall/exchanges',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'List exchanges, newest first (total counted up to 10,000)',
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(exchangeStatuses).optional(),
          paymentStatus: z.enum(paymentStatuses).optional(),
          kind: z.enum(itemKinds).optional(),
          memberId: z.string().max(40).optional(),
          itemId: z.string().max(40).optional(),
          trackingNo: z.string().trim().max(40).optional(),
          from: when.optional().describe('placed at or after'),
          to: when.optional().describe('placed before'),
        }),
        response: { 200: listOf(exchangeOut) },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await req.tx((tx, ctx) =>
        listExchanges(tx, ctx, {
          ...q,
          memberId: q.memberId ? parseFieldId('member', q.memberId, 'querystring.memberId') : undefined,
          itemId: q.itemId ? parseFieldId('mallItem', q.itemId, 'querystring.itemId') : undefined,
          trackingNo: q.trackingNo || undefined,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
        }),
      );
      return { items: page.items.map(exchangeView), total: page.total };
    },
  );

  r.post(
    '/mall/exchanges/bulk-ship',
    {
      preHandler: write,
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: `Ship from a CSV (header exchange_id,carrier,tracking_no; ≤ ${maxShipLines} lines): errors by line, the rest ship together; the same file again ships nothing twice`,
        body: z.strictObject({
          content: z.string().min(1).max(2_000_000),
          fileName: z.string().max(200).optional(),
        }),
        response: { 200: bulkShipOut },
      },
    },
    async (req) => retryTransient(() => req.tx((tx, ctx) => bulkShip(tx, ctx, req.body.content))),
  );

  r.get(
    '/mall/exchanges/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'An exchange, with the street address to ship to (phone masked)',
        params: idParams,
        response: { 200: exchangeDetailOut },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const row = await loadExchange(tx, ctx, parse(req.params.id));
        return exchangeDetailView(row, row.address_enc ? unsealAddress(deps.cipher, row.address_enc) : null);
      }),
  );

  r.post(
    '/mall/exchanges/:id/ship',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Ship a placed physical gift (its points are spent now); the same carrier and number again answers as before',
        params: idParams,
        body: z.strictObject({ carrier, trackingNo }),
        response: { 200: exchangeOut },
      },
    },
    async (req, reply) => {
      const out = await retryTransient(() =>
        req.tx((tx, ctx) => shipExchange(tx, ctx, { exchangeId: parse(req.params.id), ...req.body })),
      );
      if (out.replayed) reply.header('idempotent-replayed', 'true');
      return out.exchange;
    },
  );

  r.post(
    '/mall/exchanges/:id/deliver',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Mark a shipped exchange delivered',
        params: idParams,
        response: { 200: exchangeOut },
      },
    },
    async (req) => req.tx((tx, ctx) => deliverExchange(tx, ctx, parse(req.params.id))),
  );

  r.post(
    '/mall/exchanges/:id/cancel',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Cancel a placed exchange with a reason: points back to their original lots and expiry, stock and the member’s limit returned',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(2).max(500) }),
        response: { 200: exchangeOut },
      },
    },
    async (req) =>
      retryTransient(() => req.tx((tx, ctx) => cancelExchange(tx, ctx, parse(req.params.id), req.body))),
  );

  r.post(
    '/mall/exchanges/:id/mark-paid',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Record that the cash part and postage were paid (until a payment provider is connected)',
        params: idParams,
        body: z.strictObject({ reference: z.string().trim().min(1).max(100).optional() }),
        response: { 200: exchangeOut },
      },
    },
    async (req) => req.tx((tx, ctx) => markExchangePaid(tx, ctx, parse(req.params.id), req.body)),
  );

  r.post(
    '/mall/exchanges/:id/reveal-phone',
    {
      preHandler: requirePermission('members:unmask'),
      schema: {
        tags,
        summary:
          'Reveal the recipient’s full phone number; needs members:unmask and a reason, and is audit-logged',
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().min(4).max(200) }),
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const row = await loadExchange(tx, ctx, parse(req.params.id));
        await audit(tx, ctx, {
          action: 'mall_exchange.phone_unmasked',
          entityType: 'mall_exchange',
          entityId: toPublicId('mallExchange', row.id),
          after: { reason: req.body.reason },
        });
        return {
          phone: row.address_enc ? nationalPhone(unsealAddress(deps.cipher, row.address_enc).phone) : null,
        };
      }),
  );
}
