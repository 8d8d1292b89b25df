import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { idParams, iso, listOf, name, pageQuery } from '../../http/schemas.ts';
import { parsePublicId, toPublicId } from '../../shared/ids.ts';
import { permissions } from '../../shared/permissions.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';

const keyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

type KeyRow = {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};
const view = (k: KeyRow) => ({
  id: toPublicId('apiKey', k.id),
  name: k.name,
  prefix: k.prefix,
  permissions: k.permissions,
  createdAt: iso(k.created_at)!,
  lastUsedAt: iso(k.last_used_at),
  revokedAt: iso(k.revoked_at),
});

export async function apiKeyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const manage = requirePermission('api_keys:manage');
  const tags = ['API keys'];

  r.get(
    '/api-keys/permissions',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Permissions a key can be given',
        response: { 200: z.object({ items: z.array(z.string()) }) },
      },
    },
    async () => ({ items: [...permissions] }),
  );

  r.get(
    '/api-keys',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'List API keys',
        querystring: z.strictObject(pageQuery),
        response: { 200: listOf(keyOut) },
      },
    },
    async (req) => {
      const [items, total] = await req.tx((tx) => listApiKeys(tx, req.query));
      return { items: items.map(view), total };
    },
  );

  r.post(
    '/api-keys',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: 'Create an API key; the key itself is in this response only',
        body: z.strictObject({
          name,
          permissions: z.array(z.enum(permissions)).min(1).max(permissions.length),
        }),
        response: {
          201: keyOut.extend({
            key: z.string().describe('Send as Authorization: Bearer <key>. Shown once.'),
          }),
        },
      },
    },
    async (req, reply) => {
      const row = await req.tx((tx, ctx) =>
        createApiKey(tx, ctx, { name: req.body.name, permissions: [...new Set(req.body.permissions)] }),
      );
      return reply.code(201).send({ ...view(row), key: row.key });
    },
  );

  r.delete(
    '/api-keys/:id',
    {
      preHandler: manage,
      schema: { tags, summary: 'Revoke an API key', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      const id = parsePublicId('apiKey', req.params.id, 'API key');
      await req.tx((tx, ctx) => revokeApiKey(tx, ctx, id));
      return reply.code(204).send(null);
    },
  );
}
