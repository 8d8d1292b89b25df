import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../db/database.ts';
import { resolveApiKey } from '../modules/staff/api-keys.service.ts';
import { resolveSession } from '../modules/staff/sessions.ts';
import type { Actor, Ctx } from '../shared/context.ts';
import { AppError } from '../shared/errors.ts';
import type { Permission } from '../shared/permissions.ts';
import type { AppDeps } from './deps.ts';

export const sessionCookie = 'siyu_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: { tenantId: string; actor: Actor; sessionId: string | null } | null;
    ctx(): Ctx;
    /** Runs fn in a transaction confined to the caller's tenant. */
    tx<T>(fn: (tx: Tx, ctx: Ctx) => Promise<T>): Promise<T>;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (login, health). */
    public?: boolean;
  }
}

export function registerAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('ctx', function (this: FastifyRequest): Ctx {
    if (!this.auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    return {
      tenantId: this.auth.tenantId,
      actor: this.auth.actor,
      ip: this.ip,
      userAgent: this.headers['user-agent'] ?? null,
      requestId: this.id,
    };
  });
  app.decorateRequest('tx', function <
    T,
  >(this: FastifyRequest, fn: (tx: Tx, ctx: Ctx) => Promise<T>): Promise<T> {
    const ctx = this.ctx();
    return deps.db.tenant(ctx.tenantId, (tx) => fn(tx, ctx));
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const resolved = await resolveApiKey(deps.db, header.slice(7).trim());
      if (!resolved) throw new AppError('UNAUTHENTICATED', 'The API key is unknown or revoked');
      request.auth = { ...resolved, sessionId: null };
      return;
    }
    const cookie = request.cookies[sessionCookie];
    const resolved = cookie ? await resolveSession(deps.db, deps.sessionPolicy, cookie) : undefined;
    if (!resolved) {
      throw new AppError(
        'UNAUTHENTICATED',
        cookie ? 'Your session has ended; sign in again' : 'Sign in first',
      );
    }
    request.auth = resolved;
  });
}

/** preHandler that refuses callers without the permission. */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!request.auth) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    if (!request.auth.actor.permissions.has(permission)) {
      throw new AppError('FORBIDDEN', `This needs the ${permission} permission`);
    }
  };
}
