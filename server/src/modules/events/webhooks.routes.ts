import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { idParams, iso, listOf, pageQuery } from '../../http/schemas.ts';
import { eventTypes } from '../../shared/events.ts';
import { parsePublicId, toPublicId } from '../../shared/ids.ts';
import { deliverQueue } from './dispatcher.ts';
import {
  createTestDelivery,
  createWebhook,
  type DeliveryRow,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  replayDelivery,
  updateWebhook,
  type WebhookRow,
} from './webhooks.service.ts';

const hookOut = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const deliveryOut = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string().nullable(),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed', 'dead']),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

const hookView = (w: WebhookRow) => ({
  id: toPublicId('webhook', w.id),
  url: w.url,
  events: w.events,
  active: w.active,
  createdAt: iso(w.created_at)!,
  updatedAt: iso(w.updated_at)!,
});
const deliveryView = (d: DeliveryRow) => ({
  id: toPublicId('webhookDelivery', d.id),
  webhookId: toPublicId('webhook', d.webhook_id),
  eventId: toPublicId('event', d.event_id),
  eventType: d.event_type,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.last_status_code,
  lastError: d.last_error,
  nextAttemptAt: iso(d.next_attempt_at),
  createdAt: iso(d.created_at)!,
  deliveredAt: iso(d.delivered_at),
});

const url = z
  .string()
  .url()
  .max(500)
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
const events = z.array(z.enum(eventTypes)).min(1).max(eventTypes.length);

export async function webhookRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const manage = requirePermission('webhooks:manage');
  const tags = ['Webhooks'];
  const parse = (id: string) => parsePublicId('webhook', id, 'Webhook');

  r.get(
    '/webhooks/event-types',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Event types a webhook can subscribe to',
        response: { 200: z.object({ items: z.array(z.string()) }) },
      },
    },
    async () => ({ items: [...eventTypes] }),
  );

  r.get(
    '/webhooks',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'List webhooks',
        querystring: z.strictObject(pageQuery),
        response: { 200: listOf(hookOut) },
      },
    },
    async (req) => {
      const page = await req.tx((tx) => listWebhooks(tx, req.query));
      return { items: page.items.map(hookView), total: page.total };
    },
  );

  r.post(
    '/webhooks',
    {
      preHandler: manage,
      schema: {
        tags,
        summary:
          'Subscribe a URL to events. Deliveries are POSTs signed with Siyu-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, "<t>.<body>")); the secret is in this response only.',
        body: z.strictObject({ url, events, active: z.boolean().optional() }),
        response: { 201: hookOut.extend({ secret: z.string() }) },
      },
    },
    async (req, reply) => {
      const row = await req.tx((tx, ctx) =>
        createWebhook(tx, ctx, deps.cipher, { ...req.body, events: [...new Set(req.body.events)] }),
      );
      return reply.code(201).send({ ...hookView(row), secret: row.secret });
    },
  );

  r.get(
    '/webhooks/:id',
    {
      preHandler: manage,
      schema: { tags, summary: 'Get a webhook', params: idParams, response: { 200: hookOut } },
    },
    async (req) => hookView(await req.tx((tx) => getWebhook(tx, parse(req.params.id)))),
  );

  r.patch(
    '/webhooks/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Update a webhook',
        params: idParams,
        body: z.strictObject({
          url: url.optional(),
          events: events.optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: hookOut },
      },
    },
    async (req) =>
      hookView(await req.tx((tx, ctx) => updateWebhook(tx, ctx, parse(req.params.id), req.body))),
  );

  r.delete(
    '/webhooks/:id',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Delete a webhook (its delivery log is kept)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await req.tx((tx, ctx) => deleteWebhook(tx, ctx, parse(req.params.id)));
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/webhooks/:id/deliveries',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Delivery log of a webhook, newest first',
        params: idParams,
        querystring: z.strictObject(pageQuery),
        response: { 200: listOf(deliveryOut) },
      },
    },
    async (req) => {
      const page = await req.tx((tx) => listDeliveries(tx, parse(req.params.id), req.query));
      return { items: page.items.map(deliveryView), total: page.total };
    },
  );

  r.post(
    '/webhooks/deliveries/:id/replay',
    {
      preHandler: manage,
      schema: { tags, summary: 'Send a delivery again', params: idParams, response: { 202: deliveryOut } },
    },
    async (req, reply) => {
      const id = parsePublicId('webhookDelivery', req.params.id, 'Delivery');
      const row = await req.tx(async (tx, ctx) => {
        const d = await replayDelivery(tx, ctx, id);
        await deps.jobs.send(deliverQueue, { tenantId: ctx.tenantId, deliveryId: d.id }, { tx });
        return d;
      });
      return reply.code(202).send(deliveryView(row));
    },
  );

  r.post(
    '/webhooks/:id/test',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Send a webhook.test event to this webhook',
        params: idParams,
        response: { 202: deliveryOut },
      },
    },
    async (req, reply) => {
      const row = await req.tx(async (tx, ctx) => {
        const d = await createTestDelivery(tx, ctx, parse(req.params.id));
        await deps.jobs.send(deliverQueue, { tenantId: ctx.tenantId, deliveryId: d.id }, { tx });
        return d;
      });
      return reply.code(202).send(deliveryView(row));
    },
  );
}
