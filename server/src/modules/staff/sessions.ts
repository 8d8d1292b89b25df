import type { Database, Guard, Tx } from '../../db/database.ts';
import type { Actor, Ctx } from '../../shared/context.ts';
import { randomToken, sha256 } from '../../shared/crypto.ts';
import { AppError } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { defaultScope, type Role, rolePermissions, type Scope } from '../../shared/permissions.ts';
import { audit } from '../audit/audit.ts';
import { verifyPassword } from './passwords.ts';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
  maxFailures: number;
  lockoutMinutes: number;
}

interface StaffRow extends Record<string, unknown> {
  id: string;
  username: string;
  name: string;
  role: Role;
  scope: Scope;
  region_id: string | null;
  store_id: string | null;
}

export function staffActor(row: StaffRow): Actor {
  return {
    type: 'staff',
    id: row.id,
    name: row.name,
    username: row.username,
    role: row.role,
    scope: row.scope ?? defaultScope[row.role],
    regionId: row.region_id,
    storeId: row.store_id,
    permissions: new Set(rolePermissions[row.role]),
  };
}

/** The cookie value is `<tenantId>.<token>`: the tenant routes the lookup, the token proves it. */
export function parseSessionToken(value: string): { tenantId: string; tokenHash: Buffer } | undefined {
  const match = /^([1-9][0-9]{0,17})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return undefined;
  return { tenantId: match[1]!, tokenHash: sha256(match[2]!) };
}

export interface LoginInput {
  tenant: string;
  username: string;
  password: string;
}

export interface LoginResult {
  token: string;
  tenantId: string;
  staff: StaffRow;
  expiresAt: Date;
}

export async function login(
  db: Database,
  policy: SessionPolicy,
  input: LoginInput,
  from: { ip: string | null; userAgent: string | null; requestId: string | null },
): Promise<LoginResult> {
  const failed = new AppError('LOGIN_FAILED', 'Wrong tenant, username or password');
  const tenantId = await db.tenant('0', async (tx) => {
    const row = await tx.one<{ id: string | null }>('SELECT siyu_tenant_id_by_code($1) AS id', [
      input.tenant,
    ]);
    return row.id;
  });
  const username = input.username.trim().toLowerCase();
  const staff = tenantId
    ? await db.tenant(tenantId, (tx) =>
        tx.maybeOne<StaffRow & { password_hash: string; status: string; locked_until: Date | null }>(
          `SELECT id, username, name, role, scope, region_id, store_id, password_hash, status, locked_until
           FROM staff WHERE username = $1`,
          [username],
        ),
      )
    : undefined;
  // Hash work happens outside any transaction so it never holds a connection.
  const ok = await verifyPassword(staff?.password_hash, input.password);
  if (!tenantId || !staff) throw failed;
  if (staff.locked_until && staff.locked_until > new Date()) {
    const minutes = Math.ceil((staff.locked_until.getTime() - Date.now()) / 60_000);
    throw new AppError('LOCKED_OUT', `Too many failed sign-ins; try again in ${minutes} minute(s)`);
  }
  const ctx: Ctx = { tenantId, actor: staffActor(staff), ...from };
  if (!ok || staff.status !== 'active') {
    await db.tenant(tenantId, async (tx) => {
      await tx.exec(
        `UPDATE staff SET
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
         WHERE id = $1`,
        [staff.id, policy.maxFailures, policy.lockoutMinutes],
      );
      await audit(tx, ctx, {
        action: 'auth.login_failed',
        entityType: 'staff',
        entityId: toPublicId('staff', staff.id),
      });
    });
    throw failed;
  }
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + policy.absoluteHours * 3_600_000);
  await db.tenant(tenantId, async (tx) => {
    await tx.exec(
      'UPDATE staff SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1',
      [staff.id],
    );
    await tx.exec(
      `INSERT INTO staff_sessions (tenant_id, token_hash, staff_id, expires_at, ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [tenantId, sha256(token), staff.id, expiresAt, from.ip, from.userAgent?.slice(0, 500) ?? null],
    );
    await audit(tx, ctx, {
      action: 'auth.login',
      entityType: 'staff',
      entityId: toPublicId('staff', staff.id),
    });
  });
  return { token: `${tenantId}.${token}`, tenantId, staff, expiresAt };
}

/** The staff member behind a session cookie, or undefined when it is unknown, idle, expired or revoked. */
export async function resolveSession(
  db: Database,
  policy: SessionPolicy,
  cookie: string,
): Promise<{ tenantId: string; actor: Actor; sessionId: string } | undefined> {
  const parsed = parseSessionToken(cookie);
  if (!parsed) return undefined;
  return db.tenant(parsed.tenantId, async (tx) => {
    const row = await tx.maybeOne<StaffRow & { session_id: string; stale: boolean }>(
      `SELECT s.id AS session_id, st.id, st.username, st.name, st.role, st.scope, st.region_id, st.store_id,
              s.last_seen_at < now() - interval '1 minute' AS stale
       FROM staff_sessions s JOIN staff st ON st.tenant_id = s.tenant_id AND st.id = s.staff_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
         AND s.last_seen_at > now() - make_interval(mins => $2) AND st.status = 'active'`,
      [parsed.tokenHash, policy.idleMinutes],
    );
    if (!row) return undefined;
    if (row.stale)
      await tx.exec('UPDATE staff_sessions SET last_seen_at = now() WHERE id = $1', [row.session_id]);
    return { tenantId: parsed.tenantId, actor: staffActor(row), sessionId: row.session_id };
  });
}

/**
 * The per-request re-check of a cached session, inlined into the request's first transaction:
 * still unrevoked, unexpired, not idle, and its staff member still active.
 */
export function sessionGuard(sessionId: string, policy: SessionPolicy): Guard {
  if (!/^[0-9]+$/.test(sessionId)) throw new Error('invalid session id');
  return {
    sql: `SELECT s.last_seen_at < now() - interval '1 minute' AS stale
      FROM staff_sessions s JOIN staff st ON st.tenant_id = s.tenant_id AND st.id = s.staff_id
      WHERE s.id = ${sessionId} AND s.revoked_at IS NULL AND s.expires_at > now()
        AND s.last_seen_at > now() - interval '${Math.trunc(policy.idleMinutes)} minutes' AND st.status = 'active'`,
    async check(rows, tx) {
      if (rows.length === 0) throw new AppError('UNAUTHENTICATED', 'Your session has ended; sign in again');
      if (rows[0]!.stale)
        await tx.exec('UPDATE staff_sessions SET last_seen_at = now() WHERE id = $1', [sessionId]);
    },
  };
}

export async function logout(tx: Tx, ctx: Ctx, sessionId: string): Promise<void> {
  await tx.exec('UPDATE staff_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
    sessionId,
  ]);
  await audit(tx, ctx, {
    action: 'auth.logout',
    entityType: 'staff',
    entityId: toPublicId('staff', ctx.actor.id),
  });
}

export async function revokeSessionsOf(tx: Tx, staffId: string): Promise<number> {
  return tx.exec('UPDATE staff_sessions SET revoked_at = now() WHERE staff_id = $1 AND revoked_at IS NULL', [
    staffId,
  ]);
}
