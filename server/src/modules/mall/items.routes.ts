import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { idParams, listOf, pageQuery } from '../../http/schemas.ts';
import { parsePublicId } from '../../shared/ids.ts';
import { listItems, loadItem } from './items.repo.ts';
import { createItem, deleteItem, updateItem } from './items.service.ts';
import { itemInput, itemKinds, itemPatch, itemStatuses } from './mall.schema.ts';
import { itemOut, itemView } from './mall.view.ts';

export async function mallItemRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('mall:read');
  const write = requirePermission('mall:write');
  const tags = ['Points mall'];
  const parse = (id: string) => parsePublicId('mallItem', id, 'Mall item');

  r.get(
    '/mall/items',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'List points-mall items in shelf order (sort order, then newest)',
        querystring: z.strictObject({
          ...pageQuery,
          status: z.enum(itemStatuses).optional(),
          kind: z.enum(itemKinds).optional(),
          q: z.string().trim().max(100).optional().describe('part of the name'),
        }),
        response: { 200: listOf(itemOut) },
      },
    },
    async (req) => {
      const page = await req.tx((tx) => listItems(tx, req.query));
      return { items: page.items.map(itemView), total: page.total };
    },
  );

  r.post(
    '/mall/items',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Create an item: a physical gift (points + optional cash, postage), a coupon, or a partner benefit',
        body: itemInput,
        response: { 201: itemOut },
      },
    },
    async (req, reply) =>
      reply.code(201).send(itemView(await req.tx((tx, ctx) => createItem(tx, ctx, req.body)))),
  );

  r.get(
    '/mall/items/:id',
    {
      preHandler: read,
      schema: { tags, summary: 'A points-mall item', params: idParams, response: { 200: itemOut } },
    },
    async (req) => itemView(await req.tx((tx) => loadItem(tx, parse(req.params.id)))),
  );

  r.patch(
    '/mall/items/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary:
          'Edit an item (stock is the total and cannot go below what was exchanged); status draft/active/inactive',
        params: idParams,
        body: itemPatch,
        response: { 200: itemOut },
      },
    },
    async (req) => itemView(await req.tx((tx, ctx) => updateItem(tx, ctx, parse(req.params.id), req.body))),
  );

  r.delete(
    '/mall/items/:id',
    { preHandler: write, schema: { tags, summary: 'Delete an item never exchanged', params: idParams } },
    async (req, reply) => {
      await req.tx((tx, ctx) => deleteItem(tx, ctx, parse(req.params.id)));
      return reply.code(204).send();
    },
  );
}
