import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { iso, listOf, pageQuery } from '../../http/schemas.ts';
import { parseFieldId, toPublicId } from '../../shared/ids.ts';

const entryOut = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  actorType: z.enum(['staff', 'api_key', 'system']),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

interface AuditRow extends Record<string, unknown> {
  id: string;
  at: Date;
  actor_type: 'staff' | 'api_key' | 'system';
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
}

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/audit-log',
    {
      preHandler: requirePermission('audit:read'),
      schema: {
        tags: ['Audit log'],
        summary: 'Every write: who, what, when, before and after, from where',
        querystring: z.strictObject({
          ...pageQuery,
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(40).optional(),
          actorId: z.string().max(40).optional(),
          action: z.string().max(60).optional(),
        }),
        response: { 200: listOf(entryOut) },
      },
    },
    async (req) => {
      const q = req.query;
      const params: unknown[] = [];
      const where: string[] = ['true'];
      const add = (column: string, value: string | undefined) => {
        if (value === undefined) return;
        params.push(value);
        where.push(`${column} = $${params.length}`);
      };
      add('entity_type', q.entityType);
      add('entity_id', q.entityId);
      add('action', q.action);
      add('actor_id', q.actorId ? parseFieldId('staff', q.actorId, 'actorId') : undefined);
      const clause = where.join(' AND ');
      const { items, total } = await req.tx(async (tx) => ({
        total: (
          await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE ${clause}`, params)
        ).n,
        items: await tx.many<AuditRow>(
          `SELECT * FROM audit_log WHERE ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
          [...params, q.limit, q.offset],
        ),
      }));
      return {
        total,
        items: items.map((a) => ({
          id: toPublicId('audit', a.id),
          at: iso(a.at)!,
          actorId:
            a.actor_type === 'api_key' ? toPublicId('apiKey', a.actor_id) : toPublicId('staff', a.actor_id),
          actorName: a.actor_name,
          actorType: a.actor_type,
          action: a.action,
          entityType: a.entity_type,
          entityId: a.entity_id,
          before: a.before,
          after: a.after,
          ip: a.ip,
          requestId: a.request_id,
        })),
      };
    },
  );
}
