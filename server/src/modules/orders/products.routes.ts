import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { idParams, iso, listOf, pageQuery } from '../../http/schemas.ts';
import { parsePublicId, toPublicId } from '../../shared/ids.ts';
import {
  checkProducts,
  createProduct,
  deleteProduct,
  getProduct,
  listProducts,
  type ProductRow,
  productInput,
  updateProduct,
  upsertProducts,
} from './products.service.ts';

const productOut = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  categoryPath: z.string(),
  brand: z.string().nullable(),
  priceCents: z.number().int(),
  status: z.enum(['active', 'inactive']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const productView = (p: ProductRow) => ({
  id: toPublicId('product', p.id),
  sku: p.sku,
  name: p.name,
  categoryPath: p.category_path,
  brand: p.brand,
  priceCents: Number(p.price_cents),
  status: p.status,
  createdAt: iso(p.created_at)!,
  updatedAt: iso(p.updated_at)!,
});

export async function productRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('products:read');
  const write = requirePermission('products:write');
  const tags = ['Products'];
  const parse = (id: string) => parsePublicId('product', id, 'Product');

  r.get(
    '/products',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'List products',
        querystring: z.strictObject({
          ...pageQuery,
          q: z.string().trim().max(100).optional().describe('SKU (exact) or part of the name'),
          category: z
            .string()
            .trim()
            .max(200)
            .optional()
            .describe('a category path; includes its subcategories'),
          status: z.enum(['active', 'inactive']).optional(),
        }),
        response: { 200: listOf(productOut) },
      },
    },
    async (req) => {
      const page = await req.tx((tx) => listProducts(tx, req.query));
      return { items: page.items.map(productView), total: page.total };
    },
  );

  r.post(
    '/products',
    {
      preHandler: write,
      schema: { tags, summary: 'Create a product', body: productInput, response: { 201: productOut } },
    },
    async (req, reply) =>
      reply.code(201).send(productView(await req.tx((tx, ctx) => createProduct(tx, ctx, req.body)))),
  );

  r.post(
    '/products/bulk',
    {
      preHandler: write,
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags,
        summary:
          'Create or update up to 10,000 products by SKU; bad items are reported by index, good ones land',
        body: z.strictObject({ items: z.array(z.unknown()).min(1).max(10_000) }),
        response: {
          200: z.object({
            created: z.number().int(),
            updated: z.number().int(),
            unchanged: z.number().int(),
            failed: z.number().int(),
            errors: z.array(z.object({ index: z.number().int(), field: z.string(), message: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const { good, errors } = checkProducts(req.body.items);
      const result = await req.tx((tx, ctx) => upsertProducts(tx, ctx, good));
      return { ...result, failed: new Set(errors.map((e) => e.index)).size, errors };
    },
  );

  r.get(
    '/products/:id',
    {
      preHandler: read,
      schema: { tags, summary: 'Get a product', params: idParams, response: { 200: productOut } },
    },
    async (req) => productView(await req.tx((tx) => getProduct(tx, parse(req.params.id)))),
  );

  r.patch(
    '/products/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Update a product',
        params: idParams,
        body: productInput.partial(),
        response: { 200: productOut },
      },
    },
    async (req) =>
      productView(await req.tx((tx, ctx) => updateProduct(tx, ctx, parse(req.params.id), req.body))),
  );

  r.delete(
    '/products/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Delete a product no order refers to (otherwise set it inactive)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await req.tx((tx, ctx) => deleteProduct(tx, ctx, parse(req.params.id)));
      return reply.code(204).send(null);
    },
  );
}
