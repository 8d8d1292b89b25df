import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { audit } from '../audit/audit.ts';
import { checkSchema } from './attributes.ts';
import { defaultMergeRules, loadMergeRules } from './merge.service.ts';

export async function memberSettingsRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('members:read');
  const rulesSchema = z.strictObject({
    survivor: z.enum(['earliest_joined', 'most_identities']),
    fields: z.enum(['newest_non_empty', 'source_priority']),
    sourcePriority: z.array(z.string().trim().min(1).max(60)).max(30),
  });
  const settingsOut = z.object({
    attributeSchema: z.record(z.string(), z.unknown()),
    mergeRules: rulesSchema,
  });
  const settingsTags = ['Member settings'];

  r.get(
    '/member-settings',
    {
      preHandler: read,
      schema: {
        tags: settingsTags,
        summary: 'Custom attribute schema and merge rules',
        response: { 200: settingsOut },
      },
    },
    async (req) =>
      req.tx(async (tx) => {
        const row = await tx.maybeOne<{ attribute_schema: Record<string, unknown> }>(
          'SELECT attribute_schema FROM member_settings',
        );
        return {
          attributeSchema: row?.attribute_schema ?? { type: 'object' },
          mergeRules: await loadMergeRules(tx),
        };
      }),
  );

  r.put(
    '/member-settings',
    {
      preHandler: requirePermission('tenant:write'),
      schema: {
        tags: settingsTags,
        summary: 'Set the JSON Schema that custom attributes must satisfy, and the merge rules',
        body: z.strictObject({
          attributeSchema: z.record(z.string(), z.unknown()).optional(),
          mergeRules: rulesSchema.partial().optional(),
        }),
        response: { 200: settingsOut },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        if (req.body.attributeSchema) checkSchema(req.body.attributeSchema);
        const before = await tx.maybeOne('SELECT attribute_schema, merge_rules FROM member_settings');
        const rules = {
          ...defaultMergeRules,
          ...((before?.merge_rules as object) ?? {}),
          ...(req.body.mergeRules ?? {}),
        };
        const row = await tx.one<{ attribute_schema: Record<string, unknown> }>(
          `INSERT INTO member_settings (tenant_id, attribute_schema, merge_rules) VALUES ($1, coalesce($2, '{"type": "object"}'::jsonb), $3)
         ON CONFLICT (tenant_id) DO UPDATE SET attribute_schema = coalesce($2, member_settings.attribute_schema), merge_rules = $3, updated_at = now()
         RETURNING attribute_schema`,
          [
            ctx.tenantId,
            req.body.attributeSchema ? JSON.stringify(req.body.attributeSchema) : null,
            JSON.stringify(rules),
          ],
        );
        await audit(tx, ctx, {
          action: 'member_settings.updated',
          entityType: 'member_settings',
          entityId: null,
          before,
          after: req.body,
        });
        return { attributeSchema: row.attribute_schema, mergeRules: rules };
      }),
  );
}
