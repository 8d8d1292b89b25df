import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Guard, Tx } from '../db/database.ts';
import { apiKeyGuard, resolveApiKey } from '../modules/staff/api-keys.service.ts';
import { resolveSession, sessionGuard } from '../modules/staff/sessions.ts';
import type { Actor, Ctx } from '../shared/context.ts';
import { sha256 } from '../shared/crypto.ts';
import { AppError } from '../shared/errors.ts';
import type { Permission } from '../shared/permissions.ts';
import type { AppDeps } from './deps.ts';
import { problem } from './problem.ts';

export const sessionCookie = 'siyu_session';

interface Auth {
  tenantId: string;
  actor: Actor;
  sessionId: string | null;
  /** Set once this request has confirmed the credential is still valid. */
  verified: boolean;
  guard: Guard;
  cacheKey: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
    ctx(): Ctx;
    /** Runs fn in a transaction confined to the caller's tenant. */
    tx<T>(fn: (tx: Tx, ctx: Ctx) => Promise<T>): Promise<T>;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (login, health). */
    public?: boolean;
  }
}

/**
 * Who a credential belongs to is cached in-process (role or scope changes revoke sessions, so a
 * cached actor cannot outlive its rights); whether it is still valid is re-checked on every request,
 * inside the request's own first transaction, so a revocation takes effect at once on every server.
 */
class ActorCache {
  private readonly entries = new Map<
    string,
    { tenantId: string; actor: Actor; sessionId: string | null; at: number }
  >();
  private readonly ttlMs = 5 * 60_000;
  private readonly max = 20_000;

  get(key: string) {
    const e = this.entries.get(key);
    if (!e || Date.now() - e.at > this.ttlMs) return undefined;
    return e;
  }

  set(key: string, value: { tenantId: string; actor: Actor; sessionId: string | null }) {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { ...value, at: Date.now() });
  }

  delete(key: string) {
    this.entries.delete(key);
  }
}

export function registerAuth(app: FastifyInstance, deps: AppDeps): void {
  const cache = new ActorCache();
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
  app.decorateRequest('tx', async function <
    T,
  >(this: FastifyRequest, fn: (tx: Tx, ctx: Ctx) => Promise<T>): Promise<T> {
    const ctx = this.ctx();
    const auth = this.auth!;
    if (auth.verified) return deps.db.tenant(ctx.tenantId, (tx) => fn(tx, ctx));
    try {
      const result = await deps.db.tenant(ctx.tenantId, (tx) => fn(tx, ctx), auth.guard);
      auth.verified = true;
      return result;
    } catch (error) {
      if (error instanceof AppError && error.code === 'UNAUTHENTICATED') cache.delete(auth.cacheKey);
      throw error;
    }
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/') || request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    const credential = header?.startsWith('Bearer ')
      ? header.slice(7).trim()
      : request.cookies[sessionCookie];
    if (!credential) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const isKey = header?.startsWith('Bearer ') ?? false;
    const cacheKey = `${isKey ? 'k' : 's'}:${sha256(credential).toString('base64')}`;
    const cached = cache.get(cacheKey);
    if (cached) {
      const guard = cached.sessionId
        ? sessionGuard(cached.sessionId, deps.sessionPolicy)
        : apiKeyGuard(cached.actor.id!);
      request.auth = { ...cached, verified: false, guard, cacheKey };
      return;
    }
    // First sight of this credential: a full lookup, which is itself the check.
    if (isKey) {
      const resolved = await resolveApiKey(deps.db, credential);
      if (!resolved) throw new AppError('UNAUTHENTICATED', 'The API key is unknown or revoked');
      cache.set(cacheKey, { ...resolved, sessionId: null });
      request.auth = {
        ...resolved,
        sessionId: null,
        verified: true,
        guard: apiKeyGuard(resolved.actor.id!),
        cacheKey,
      };
      return;
    }
    const resolved = await resolveSession(deps.db, deps.sessionPolicy, credential);
    if (!resolved) throw new AppError('UNAUTHENTICATED', 'Your session has ended; sign in again');
    cache.set(cacheKey, resolved);
    request.auth = {
      ...resolved,
      verified: true,
      guard: sessionGuard(resolved.sessionId, deps.sessionPolicy),
      cacheKey,
    };
  });

  // A handler that answered without touching the database has not re-checked the credential yet:
  // do it before anything leaves.
  app.addHook('onSend', async (request, reply, payload) => {
    const auth = request.auth;
    if (!auth || auth.verified || reply.statusCode >= 400) return payload;
    try {
      await deps.db.tenant(auth.tenantId, async () => undefined, auth.guard);
      auth.verified = true;
      return payload;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      cache.delete(auth.cacheKey);
      reply.code(401).type('application/problem+json');
      return JSON.stringify(problem('UNAUTHENTICATED', error.message, request.id));
    }
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
