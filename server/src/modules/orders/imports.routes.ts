import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { idParams, iso, listOf, pageQuery } from '../../http/schemas.ts';
import { forbidden } from '../../shared/errors.ts';
import { parsePublicId, toPublicId } from '../../shared/ids.ts';
import {
  createImport,
  getImport,
  type ImportKind,
  type ImportRow,
  listImports,
  previewImport,
} from './imports.service.ts';

const kind = z.enum(['orders', 'products']);
const lineError = z.object({
  line: z.number().int(),
  externalId: z.string().optional(),
  field: z.string().optional(),
  message: z.string(),
});
const importOut = z.object({
  id: z.string(),
  kind,
  status: z.enum(['queued', 'running', 'done', 'failed']),
  fileName: z.string(),
  totalLines: z.number().int(),
  processed: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  errors: z.array(lineError),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

const importView = (r: ImportRow) => ({
  id: toPublicId('importJob', r.id),
  kind: r.kind,
  status: r.status,
  fileName: r.file_name,
  totalLines: r.total_lines,
  processed: r.processed,
  succeeded: r.succeeded,
  failed: r.failed,
  errors: r.errors,
  error: r.error,
  createdBy: r.created_by,
  createdAt: iso(r.created_at)!,
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
});

const content = z
  .string()
  .min(1)
  .max(50 * 1024 * 1024)
  .describe('the CSV text, header row first');
const bodyLimit = 60 * 1024 * 1024;

/** Orders files need orders:write, product files products:write. */
function mayWrite(req: FastifyRequest, k: ImportKind): void {
  const needed = k === 'orders' ? 'orders:write' : 'products:write';
  if (!req.auth?.actor.permissions.has(needed)) throw forbidden(`This needs the ${needed} permission`);
}

export async function importRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const pii = { cipher: deps.cipher, hmacKey: deps.config.hmacKey };
  const read = requirePermission('products:read');
  const tags = ['Imports'];

  r.post(
    '/imports',
    {
      bodyLimit,
      schema: {
        tags,
        summary:
          'Upload a CSV file of orders or products; it is processed in the background (see GET /imports/{id})',
        body: z.strictObject({ kind, fileName: z.string().trim().min(1).max(200), content }),
        response: { 202: importOut },
      },
    },
    async (req, reply) => {
      mayWrite(req, req.body.kind);
      const row = await req.tx((tx, ctx) => createImport(tx, ctx, deps.jobs, req.body));
      return reply.code(202).send(importView(row));
    },
  );

  r.post(
    '/imports/preview',
    {
      bodyLimit,
      schema: {
        tags,
        summary: 'Check a CSV file without importing it: counts and the first 200 errors by line',
        body: z.strictObject({ kind, content }),
        response: {
          200: z.object({
            totalLines: z.number().int(),
            records: z.number().int(),
            validLines: z.number().int(),
            invalidLines: z.number().int(),
            errors: z.array(lineError),
          }),
        },
      },
    },
    async (req) => {
      mayWrite(req, req.body.kind);
      return req.tx((tx, ctx) => previewImport(tx, ctx, pii, req.body.kind, req.body.content));
    },
  );

  r.get(
    '/imports',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Imports, newest first (without their errors)',
        querystring: z.strictObject(pageQuery),
        response: { 200: listOf(importOut) },
      },
    },
    async (req) => {
      const page = await req.tx((tx) => listImports(tx, req.query.limit, req.query.offset));
      return { items: page.items.map(importView), total: page.total };
    },
  );

  r.get(
    '/imports/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'An import: progress and errors by line',
        params: idParams,
        response: { 200: importOut },
      },
    },
    async (req) =>
      importView(await req.tx((tx) => getImport(tx, parsePublicId('importJob', req.params.id, 'Import')))),
  );
}
