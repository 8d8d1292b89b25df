import type { Database } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';

/**
 * The context a member's own request runs in. The shared Actor has no member kind yet (nor does
 * audit_log.actor_type), so a member acts as a named system actor holding no permission at all:
 * the audit log and the ledger's created_by read `member mem_42`. Every H5 query is scoped to the
 * member explicitly; nothing relies on this actor's (unrestricted) scope.
 */
export function memberCtx(
  tenantId: string,
  memberId: string,
  from: { ip?: string | null; userAgent?: string | null; requestId?: string | null } = {},
): Ctx {
  return {
    tenantId,
    actor: {
      type: 'system',
      id: null,
      name: `member ${toPublicId('member', memberId)}`,
      username: null,
      role: null,
      scope: 'all',
      regionId: null,
      storeId: null,
      permissions: new Set(),
    },
    ip: from.ip ?? null,
    userAgent: from.userAgent ?? null,
    requestId: from.requestId ?? null,
  };
}

/** Tenant codes in H5 URLs → tenant ids. Codes never change, so a hit is cached for the process. */
export class TenantCodes {
  private readonly ids = new Map<string, { id: string | null; at: number }>();
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  async resolve(code: string): Promise<string> {
    const key = code.toLowerCase();
    const hit = this.ids.get(key);
    // Unknown codes are remembered briefly only, so a tenant created later is found.
    if (hit && (hit.id !== null || Date.now() - hit.at < 10_000)) {
      if (hit.id === null) throw notFound(`Tenant ${code}`);
      return hit.id;
    }
    const id = /^[a-z0-9][a-z0-9-]{1,39}$/.test(key)
      ? await this.db.tenant('0', async (tx) => {
          const row = await tx.one<{ id: string | null }>('SELECT siyu_tenant_id_by_code($1) AS id', [key]);
          return row.id;
        })
      : null;
    if (this.ids.size >= 10_000) this.ids.delete(this.ids.keys().next().value!);
    this.ids.set(key, { id, at: Date.now() });
    if (id === null) throw notFound(`Tenant ${code}`);
    return id;
  }
}
