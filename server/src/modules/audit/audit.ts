import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
}

// Never store secrets in the log, whatever a caller passes.
const secretKeys = new Set([
  'password',
  'password_hash',
  'passwordHash',
  'secret',
  'secret_enc',
  'key_hash',
  'token',
  'key',
]);

function scrub(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return '[binary]';
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = secretKeys.has(k) ? '[redacted]' : scrub(v);
    }
    return out;
  }
  return value;
}

/** Records a write in the tenant's audit log, in the same transaction as the write. */
export async function audit(tx: Tx, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await tx.exec(
    `INSERT INTO audit_log (tenant_id, actor_type, actor_id, actor_name, action, entity_type, entity_id, before, after, ip, user_agent, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      ctx.tenantId,
      ctx.actor.type,
      ctx.actor.id,
      ctx.actor.name,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(scrub(entry.before)),
      entry.after === undefined ? null : JSON.stringify(scrub(entry.after)),
      ctx.ip,
      ctx.userAgent,
      ctx.requestId,
    ],
  );
}
