import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { audit } from '../audit/audit.ts';
import { emit } from '../events/outbox.ts';

export interface TenantRow extends Record<string, unknown> {
  tenant_id: string;
  code: string;
  name: string;
  locale: string;
  timezone: string;
  currency: string;
  created_at: Date;
}

const tenantColumns = 'tenant_id, code, name, locale, timezone, currency, created_at';

export async function getTenantById(tx: Tx, tenantId: string): Promise<TenantRow> {
  const row = await tx.maybeOne<TenantRow>(`SELECT ${tenantColumns} FROM tenants WHERE tenant_id = $1`, [
    tenantId,
  ]);
  if (!row) throw notFound('Tenant');
  return row;
}

export const getTenant = (tx: Tx, ctx: Ctx): Promise<TenantRow> => getTenantById(tx, ctx.tenantId);

export interface TenantPatch {
  name?: string | undefined;
  locale?: string | undefined;
  timezone?: string | undefined;
  currency?: string | undefined;
}

export async function updateTenant(tx: Tx, ctx: Ctx, patch: TenantPatch): Promise<TenantRow> {
  const before = await getTenant(tx, ctx);
  const after = await tx.one<TenantRow>(
    `UPDATE tenants SET name = coalesce($2, name), locale = coalesce($3, locale), timezone = coalesce($4, timezone),
       currency = coalesce($5, currency), updated_at = now()
     WHERE tenant_id = $1 RETURNING ${tenantColumns}`,
    [ctx.tenantId, patch.name, patch.locale, patch.timezone, patch.currency],
  );
  await audit(tx, ctx, {
    action: 'tenant.updated',
    entityType: 'tenant',
    entityId: `ten_${ctx.tenantId}`,
    before,
    after,
  });
  await emit(tx, ctx, {
    type: 'tenant.updated',
    aggregateType: 'tenant',
    aggregateId: `ten_${ctx.tenantId}`,
    payload: patch as Record<string, unknown>,
  });
  return after;
}

/** Creates a tenant with its first admin. Runs as the owner: no tenant exists yet to be confined to. */
export async function createTenant(
  tx: Tx,
  input: { code: string; name: string; locale?: string; timezone?: string },
): Promise<string> {
  const row = await tx.one<{ tenant_id: string }>(
    `INSERT INTO tenants (code, name, locale, timezone) VALUES (lower($1), $2, coalesce($3, 'zh-CN'), coalesce($4, 'Asia/Shanghai'))
     RETURNING tenant_id`,
    [input.code, input.name, input.locale ?? null, input.timezone ?? null],
  );
  return row.tenant_id;
}
