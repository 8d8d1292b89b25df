import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid, notFound } from '../../shared/errors.ts';
import { parseFieldId, parsePublicId } from '../../shared/ids.ts';
import {
  type ExchangeView,
  memberExchange,
  memberExchanges,
  placeExchange,
  type ShelfItem,
  shelfFor,
} from '../mall/mall.service.ts';
import { shippingAddress } from './addresses.service.ts';
import { type H5, memberSecurity, tenantIdParams, tenantParams } from './h5-context.ts';

// The points mall as the member sees it: the shelf (with whether their tier may have each item),
// exchanging with one of their saved addresses, and their own exchanges. Everything goes through
// the mall module's service API; staff-side fields (stock totals, who created what, holds) stay out.

const shelfItemOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(['physical_gift', 'coupon', 'partner_benefit']),
  points: z.number().int(),
  cashCents: z.number().int(),
  postageCents: z.number().int(),
  images: z.array(z.string()),
  stockLeft: z.number().int().nullable().describe('null: unlimited'),
  soldOut: z.boolean(),
  eligible: z.boolean().describe('whether the member’s tier may exchange it'),
  minTierRank: z.number().int().nullable(),
  leftForMember: z.number().int().nullable().describe('units this member may still take; null: no limit'),
  endsAt: z.string().nullable(),
});

const shelfItemView = (i: ShelfItem) => ({
  id: i.id,
  name: i.name,
  description: i.description,
  kind: i.kind,
  points: i.points,
  cashCents: i.cashCents,
  postageCents: i.postageCents,
  images: i.images,
  stockLeft: i.stockLeft,
  soldOut: i.soldOut,
  eligible: i.eligible,
  minTierRank: i.minTierRank,
  leftForMember: i.leftForMember,
  endsAt: i.endsAt,
});

const exchangeOut = z.object({
  id: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  kind: z.enum(['physical_gift', 'coupon', 'partner_benefit']),
  qty: z.number().int(),
  points: z.number().int(),
  cashCents: z.number().int(),
  postageCents: z.number().int(),
  paymentStatus: z.enum(['none', 'pending', 'paid']),
  status: z.enum(['placed', 'shipped', 'delivered', 'cancelled']),
  couponIds: z.array(z.string()),
  redemptionInstructions: z.string().nullable(),
  address: z
    .object({
      name: z.string(),
      phone: z.string(),
      province: z.string(),
      city: z.string(),
      district: z.string().nullable(),
    })
    .nullable(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  placedAt: z.string(),
  shippedAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
});

const exchangeView = (e: ExchangeView) => ({
  id: e.id,
  itemId: e.itemId,
  itemName: e.itemName,
  kind: e.kind,
  qty: e.qty,
  points: e.points,
  cashCents: e.cashCents,
  postageCents: e.postageCents,
  paymentStatus: e.paymentStatus,
  status: e.status,
  couponIds: e.couponIds,
  redemptionInstructions: e.redemptionInstructions,
  address: e.address,
  carrier: e.carrier,
  trackingNo: e.trackingNo,
  placedAt: e.placedAt,
  shippedAt: e.shippedAt,
  deliveredAt: e.deliveredAt,
  cancelledAt: e.cancelledAt,
  cancelReason: e.cancelReason,
});

export async function h5MallRoutes(app: FastifyInstance, h5: H5): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Member H5'];
  const security = memberSecurity;

  r.get(
    '/mall/items',
    {
      schema: {
        tags,
        summary: 'The points mall shelf, with whether my tier may exchange each item',
        security,
        params: tenantParams,
        response: { 200: z.object({ items: z.array(shelfItemOut) }) },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => ({ items: (await shelfFor(tx, m.id)).map(shelfItemView) })),
  );

  r.get(
    '/mall/items/:id',
    {
      schema: {
        tags,
        summary: 'One item on the shelf',
        security,
        params: tenantIdParams,
        response: { 200: shelfItemOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => {
        const id = `mit_${parsePublicId('mallItem', req.params.id, 'Item')}`;
        const item = (await shelfFor(tx, m.id)).find((i) => i.id === id);
        if (!item) throw notFound('Item');
        return shelfItemView(item);
      }),
  );

  r.post(
    '/mall/items/:id/exchange',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Exchange points for an item (a physical gift ships to one of my addresses). Idempotency-Key required',
        security,
        params: tenantIdParams,
        headers: z.looseObject({
          'idempotency-key': z
            .string()
            .min(1)
            .max(200)
            .describe('one per exchange attempt; a retry sends the same'),
        }),
        body: z.strictObject({
          qty: z.number().int().min(1).max(99).default(1),
          addressId: z.string().max(40).optional().describe('adr_…; required for a physical gift'),
        }),
        response: { 201: z.object({ exchange: exchangeOut, replayed: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const out = await h5.withMember(req, async (tx, m, ctx) => {
        const itemId = parsePublicId('mallItem', req.params.id, 'Item');
        // Only items on this member's shelf: inactive or out-of-window items are not found.
        const item = (await shelfFor(tx, m.id)).find((i) => i.id === `mit_${itemId}`);
        if (!item) throw notFound('Item');
        if (item.kind === 'physical_gift' && !req.body.addressId)
          throw invalid('addressId', 'choose where the gift is shipped');
        let address: Parameters<typeof placeExchange>[2]['address'];
        if (req.body.addressId) {
          const a = await shippingAddress(
            tx,
            h5.pii.cipher,
            m.id,
            parseFieldId('memberAddress', req.body.addressId, 'addressId'),
          );
          address = {
            name: a.recipient,
            phone: a.phone,
            province: a.province,
            city: a.city,
            ...(a.district ? { district: a.district } : {}),
            line: a.line,
            ...(a.postcode ? { postcode: a.postcode } : {}),
          };
        }
        const key = req.headers['idempotency-key'];
        if (typeof key !== 'string') throw invalid('Idempotency-Key', 'required header');
        return placeExchange(
          tx,
          ctx,
          { memberId: m.id, itemId, qty: req.body.qty, address, idempotencyKey: `h5:${m.id}:${key}` },
          { cipher: h5.pii.cipher },
        );
      });
      return reply.code(201).send({ exchange: exchangeView(out.exchange), replayed: out.replayed });
    },
  );

  r.get(
    '/mall/exchanges',
    {
      schema: {
        tags,
        summary: 'My exchanges, newest first',
        security,
        params: tenantParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(50).default(20),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(exchangeOut), total: z.number().int() }) },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => {
        const page = await memberExchanges(tx, m.id, req.query);
        return { items: page.items.map(exchangeView), total: page.total };
      }),
  );

  r.get(
    '/mall/exchanges/:id',
    {
      schema: {
        tags,
        summary: 'One of my exchanges',
        security,
        params: tenantIdParams,
        response: { 200: exchangeOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) =>
        exchangeView(
          await memberExchange(tx, m.id, parsePublicId('mallExchange', req.params.id, 'Exchange')),
        ),
      ),
  );
}
