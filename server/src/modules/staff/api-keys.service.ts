import type { Database, Guard, Tx } from '../../db/database.ts';
import type { Actor, Ctx } from '../../shared/context.ts';
import { randomToken, sha256 } from '../../shared/crypto.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { isPermission, type Permission } from '../../shared/permissions.ts';
import { audit } from '../audit/audit.ts';

interface ApiKeyRow extends Record<string, unknown> {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const columns = 'id, name, prefix, permissions, created_at, last_used_at, revoked_at';

/** Keys read `siyu_<tenantId>_<secret>`; only a SHA-256 of the whole key is kept. */
export function parseApiKey(value: string): { tenantId: string; keyHash: Buffer } | undefined {
  const match = /^siyu_([1-9][0-9]{0,17})_[A-Za-z0-9_-]{43}$/.exec(value);
  if (!match) return undefined;
  return { tenantId: match[1]!, keyHash: sha256(value) };
}

export async function createApiKey(
  tx: Tx,
  ctx: Ctx,
  input: { name: string; permissions: Permission[] },
): Promise<ApiKeyRow & { key: string }> {
  const key = `siyu_${ctx.tenantId}_${randomToken(32)}`;
  const prefix = `${key.slice(0, key.indexOf('_', 5) + 5)}…`;
  const row = await tx.one<ApiKeyRow>(
    `INSERT INTO api_keys (tenant_id, name, prefix, key_hash, permissions, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
    [ctx.tenantId, input.name, prefix, sha256(key), input.permissions, ctx.actor.id],
  );
  await audit(tx, ctx, {
    action: 'api_key.created',
    entityType: 'api_key',
    entityId: toPublicId('apiKey', row.id),
    after: row,
  });
  return { ...row, key };
}

export function listApiKeys(tx: Tx, page: { limit: number; offset: number }) {
  return Promise.all([
    tx.many<ApiKeyRow>(`SELECT ${columns} FROM api_keys ORDER BY id DESC LIMIT $1 OFFSET $2`, [
      page.limit,
      page.offset,
    ]),
    tx.one<{ n: number }>('SELECT count(*)::int AS n FROM api_keys').then((r) => r.n),
  ]);
}

export async function revokeApiKey(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  const row = await tx.maybeOne<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING ${columns}`,
    [id],
  );
  if (!row) throw notFound('API key');
  await audit(tx, ctx, {
    action: 'api_key.revoked',
    entityType: 'api_key',
    entityId: toPublicId('apiKey', id),
    after: row,
  });
}

/** The per-request re-check of a cached API key: not revoked since. */
export function apiKeyGuard(keyId: string): Guard {
  if (!/^[0-9]+$/.test(keyId)) throw new Error('invalid key id');
  return {
    sql: `SELECT 1 FROM api_keys WHERE id = ${keyId} AND revoked_at IS NULL`,
    async check(rows) {
      if (rows.length === 0) throw new AppError('UNAUTHENTICATED', 'The API key is unknown or revoked');
    },
  };
}

export async function resolveApiKey(
  db: Database,
  value: string,
): Promise<{ tenantId: string; actor: Actor } | undefined> {
  const parsed = parseApiKey(value);
  if (!parsed) return undefined;
  return db.tenant(parsed.tenantId, async (tx) => {
    const row = await tx.maybeOne<ApiKeyRow & { stale: boolean }>(
      `SELECT ${columns}, coalesce(last_used_at < now() - interval '1 minute', true) AS stale
       FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [parsed.keyHash],
    );
    if (!row) return undefined;
    if (row.stale) await tx.exec('UPDATE api_keys SET last_used_at = now() WHERE id = $1', [row.id]);
    const actor: Actor = {
      type: 'api_key',
      id: row.id,
      name: `API key ${row.name}`,
      username: null,
      role: null,
      scope: 'all',
      regionId: null,
      storeId: null,
      permissions: new Set(row.permissions.filter(isPermission)),
    };
    return { tenantId: parsed.tenantId, actor };
  });
}
