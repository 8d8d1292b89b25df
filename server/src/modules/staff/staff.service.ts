import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { Role, Scope } from '../../shared/permissions.ts';
import { audit } from '../audit/audit.ts';
import { emit } from '../events/outbox.ts';
import { revokeSessionsOf } from './sessions.ts';

export interface StaffRow extends Record<string, unknown> {
  id: string;
  username: string;
  name: string;
  role: Role;
  scope: Scope;
  region_id: string | null;
  store_id: string | null;
  status: 'active' | 'disabled';
  last_login_at: Date | null;
  locked_until: Date | null;
  created_at: Date;
  updated_at: Date;
}

const columns =
  'id, username, name, role, scope, region_id, store_id, status, last_login_at, locked_until, created_at, updated_at';

export interface StaffInput {
  username: string;
  name: string;
  role: Role;
  scope: Scope;
  regionId?: string | null | undefined;
  storeId?: string | null | undefined;
  /** Hashed before the transaction by the caller (argon2 is slow; a transaction should not wait on it). */
  passwordHash: string;
}

/** Store managers see and manage the staff of their own store; everyone else with the permission, all. */
function scoped(ctx: Ctx, params: unknown[]): string {
  if (ctx.actor.scope === 'all') return 'true';
  if (ctx.actor.scope === 'region') {
    params.push(ctx.actor.regionId);
    return `(region_id = $${params.length} OR store_id IN (SELECT id FROM stores WHERE region_id = $${params.length}))`;
  }
  params.push(ctx.actor.storeId);
  return `store_id = $${params.length}`;
}

export async function listStaff(
  tx: Tx,
  ctx: Ctx,
  f: {
    q?: string | undefined;
    role?: string | undefined;
    storeId?: string | undefined;
    status?: string | undefined;
    limit: number;
    offset: number;
  },
) {
  const params: unknown[] = [];
  const where = [scoped(ctx, params)];
  if (f.q) {
    params.push(`%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
    where.push(`(name ILIKE $${params.length} OR username ILIKE $${params.length})`);
  }
  for (const [column, value] of [
    ['role', f.role],
    ['store_id', f.storeId],
    ['status', f.status],
  ] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  const clause = where.join(' AND ');
  const total = await tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM staff WHERE ${clause}`, params);
  const items = await tx.many<StaffRow>(
    `SELECT ${columns} FROM staff WHERE ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  return { items, total: total.n };
}

export async function getStaff(tx: Tx, ctx: Ctx, id: string): Promise<StaffRow> {
  const params: unknown[] = [id];
  const row = await tx.maybeOne<StaffRow>(
    `SELECT ${columns} FROM staff WHERE id = $1 AND ${scoped(ctx, params)}`,
    params,
  );
  if (!row) throw notFound('Staff member');
  return row;
}

function checkScope(role: Role, scope: Scope, regionId: unknown, storeId: unknown): void {
  if (scope === 'region' && !regionId)
    throw new AppError('VALIDATION', 'regionId: required for region scope', [
      { field: 'regionId', message: 'required for region scope' },
    ]);
  if ((scope === 'store' || scope === 'own') && !storeId)
    throw new AppError('VALIDATION', 'storeId: required for store and own scope', [
      { field: 'storeId', message: 'required for store and own scope' },
    ]);
  if (role === 'guide' && scope !== 'own')
    throw new AppError('VALIDATION', 'scope: a guide sees their own customers', [
      { field: 'scope', message: 'must be own for a guide' },
    ]);
}

export async function createStaff(tx: Tx, ctx: Ctx, input: StaffInput): Promise<StaffRow> {
  checkScope(input.role, input.scope, input.regionId, input.storeId);
  const row = await tx.one<StaffRow>(
    `INSERT INTO staff (tenant_id, username, name, role, scope, region_id, store_id, password_hash)
     VALUES ($1, lower($2), $3, $4, $5, $6, $7, $8) RETURNING ${columns}`,
    [
      ctx.tenantId,
      input.username,
      input.name,
      input.role,
      input.scope,
      input.regionId ?? null,
      input.storeId ?? null,
      input.passwordHash,
    ],
  );
  await audit(tx, ctx, {
    action: 'staff.created',
    entityType: 'staff',
    entityId: toPublicId('staff', row.id),
    after: row,
  });
  await emit(tx, ctx, {
    type: 'staff.created',
    aggregateType: 'staff',
    aggregateId: toPublicId('staff', row.id),
    payload: {
      id: toPublicId('staff', row.id),
      username: row.username,
      role: row.role,
      storeId: toPublicId('store', row.store_id),
    },
  });
  return row;
}

export async function updateStaff(
  tx: Tx,
  ctx: Ctx,
  id: string,
  patch: Partial<Pick<StaffInput, 'name' | 'role' | 'scope' | 'regionId' | 'storeId'>>,
): Promise<StaffRow> {
  const before = await getStaff(tx, ctx, id);
  const next = {
    name: patch.name ?? before.name,
    role: patch.role ?? before.role,
    scope: patch.scope ?? before.scope,
    regionId: patch.regionId === undefined ? before.region_id : patch.regionId,
    storeId: patch.storeId === undefined ? before.store_id : patch.storeId,
  };
  checkScope(next.role, next.scope, next.regionId, next.storeId);
  const after = await tx.one<StaffRow>(
    `UPDATE staff SET name = $2, role = $3, scope = $4, region_id = $5, store_id = $6, updated_at = now()
     WHERE id = $1 RETURNING ${columns}`,
    [id, next.name, next.role, next.scope, next.regionId, next.storeId],
  );
  // A change of role or reach takes effect now, not at the next sign-in.
  if (after.role !== before.role || after.scope !== before.scope) await revokeSessionsOf(tx, id);
  await audit(tx, ctx, {
    action: 'staff.updated',
    entityType: 'staff',
    entityId: toPublicId('staff', id),
    before,
    after,
  });
  await emit(tx, ctx, {
    type: 'staff.updated',
    aggregateType: 'staff',
    aggregateId: toPublicId('staff', id),
    payload: { id: toPublicId('staff', id) },
  });
  return after;
}

export async function setStaffStatus(
  tx: Tx,
  ctx: Ctx,
  id: string,
  status: 'active' | 'disabled',
): Promise<StaffRow> {
  const before = await getStaff(tx, ctx, id);
  if (status === 'disabled' && id === ctx.actor.id)
    throw new AppError('CONFLICT', 'You cannot disable yourself');
  const after = await tx.one<StaffRow>(
    `UPDATE staff SET status = $2, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1 RETURNING ${columns}`,
    [id, status],
  );
  if (status === 'disabled') await revokeSessionsOf(tx, id);
  const type = status === 'disabled' ? 'staff.disabled' : 'staff.enabled';
  await audit(tx, ctx, {
    action: type,
    entityType: 'staff',
    entityId: toPublicId('staff', id),
    before,
    after,
  });
  await emit(tx, ctx, {
    type,
    aggregateType: 'staff',
    aggregateId: toPublicId('staff', id),
    payload: { id: toPublicId('staff', id) },
  });
  return after;
}

export async function setPassword(tx: Tx, ctx: Ctx, id: string, passwordHash: string): Promise<void> {
  await getStaff(tx, ctx, id);
  await tx.exec(
    'UPDATE staff SET password_hash = $2, failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1',
    [id, passwordHash],
  );
  await revokeSessionsOf(tx, id);
  await audit(tx, ctx, {
    action: 'staff.password_set',
    entityType: 'staff',
    entityId: toPublicId('staff', id),
  });
}
