import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessionCookie } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { permissions, rolePermissions, roles, scopes } from '../../shared/permissions.ts';
import { tenantView } from '../tenancy/tenancy.routes.ts';
import { getTenant, getTenantById } from '../tenancy/tenancy.service.ts';
import { login, logout } from './sessions.ts';

const me = z.object({
  staff: z.object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    role: z.enum(roles),
    scope: z.enum(scopes),
    storeId: z.string().nullable(),
    regionId: z.string().nullable(),
  }),
  tenant: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    locale: z.string(),
    timezone: z.string(),
  }),
  permissions: z.array(z.enum(permissions)),
});

export async function authRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Auth'];
  const secure = deps.config.publicUrl.startsWith('https:');

  r.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in with tenant code, username and password; sets the session cookie',
        security: [],
        body: z.strictObject({
          tenant: z.string().trim().min(1).max(40),
          username: z.string().trim().min(1).max(64),
          password: z.string().min(1).max(200),
        }),
        response: { 200: me },
      },
    },
    async (req, reply) => {
      const result = await login(deps.db, deps.sessionPolicy, req.body, {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: req.id,
      });
      reply.setCookie(sessionCookie, result.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/',
        expires: result.expiresAt,
      });
      const tenant = await deps.db.tenant(result.tenantId, (tx) => getTenantById(tx, result.tenantId));
      const s = result.staff;
      return {
        staff: {
          id: toPublicId('staff', s.id),
          username: s.username,
          name: s.name,
          role: s.role,
          scope: s.scope,
          storeId: toPublicId('store', s.store_id),
          regionId: toPublicId('region', s.region_id),
        },
        tenant: tenantView(tenant),
        permissions: [...rolePermissions[s.role]],
      };
    },
  );

  r.post(
    '/auth/logout',
    { schema: { tags, summary: 'End the current session', response: { 204: z.null() } } },
    async (req, reply) => {
      const sessionId = req.auth?.sessionId;
      if (sessionId) await req.tx((tx, ctx) => logout(tx, ctx, sessionId));
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get('/auth/me', { schema: { tags, summary: 'Who is signed in', response: { 200: me } } }, async (req) => {
    const auth = req.auth;
    if (auth?.actor.type !== 'staff' || !auth.actor.role)
      throw new AppError('UNAUTHENTICATED', 'Sign in first');
    const tenant = await req.tx((tx, ctx) => getTenant(tx, ctx));
    const actor = auth.actor;
    return {
      staff: {
        id: toPublicId('staff', actor.id!),
        username: actor.username ?? '',
        name: actor.name,
        role: actor.role!,
        scope: actor.scope,
        storeId: toPublicId('store', actor.storeId),
        regionId: toPublicId('region', actor.regionId),
      },
      tenant: tenantView(tenant),
      permissions: [...actor.permissions],
    };
  });
}
