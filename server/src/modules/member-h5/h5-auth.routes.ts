import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { toPublicId } from '../../shared/ids.ts';
import { getTenantById } from '../tenancy/tenancy.service.ts';
import { type H5, memberSecurity, tenantParams } from './h5-context.ts';
import { endSession, memberCookie, parseMemberToken, signIn } from './member-sessions.ts';
import { requestCode } from './otp.service.ts';

const phone = z
  .string()
  .trim()
  .min(5)
  .max(20)
  .describe('mobile number; +86 is assumed without a country code');

export async function h5AuthRoutes(app: FastifyInstance, h5: H5): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Member H5'];
  const cookiePath = (code: string) => `/api/v1/h5/${code.toLowerCase()}`;

  r.get(
    '/brand',
    {
      schema: {
        tags,
        summary: 'The brand behind this H5 (name, default language), for the sign-in page',
        security: [],
        params: tenantParams,
        response: { 200: z.object({ code: z.string(), name: z.string(), locale: z.string() }) },
      },
    },
    async (req) => {
      const tenantId = await h5.tenantOf(req);
      const t = await h5.deps.db.tenant(tenantId, (tx) => getTenantById(tx, tenantId));
      return { code: t.code, name: t.name, locale: t.locale };
    },
  );

  r.post(
    '/auth/code',
    {
      // Per client address in this process, before any database work; the per-phone and
      // per-address limits that hold across servers are counted in the database.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Send a one-time sign-in code by SMS (5 minutes, 5 attempts; rate-limited per phone and address)',
        security: [],
        params: tenantParams,
        body: z.strictObject({ phone }),
        response: {
          202: z.object({
            sentTo: z.string().describe('masked'),
            expiresInSeconds: z.number().int(),
            resendInSeconds: z.number().int(),
          }),
        },
      },
    },
    async (req, reply) => {
      const tenantId = await h5.tenantOf(req);
      const sent = await requestCode(h5.deps.db, h5.sms, h5.pii, h5.otp, {
        tenantId,
        phone: req.body.phone,
        ip: req.ip,
      });
      return reply.code(202).send({
        sentTo: sent.phone.masked,
        expiresInSeconds: sent.expiresInSeconds,
        resendInSeconds: sent.resendInSeconds,
      });
    },
  );

  r.post(
    '/auth/verify',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary:
          'Sign in with the phone and its code; sets the member session cookie (creates the member if new)',
        security: [],
        params: tenantParams,
        body: z.strictObject({
          phone,
          code: z
            .string()
            .trim()
            .regex(/^[0-9]{6}$/, '6 digits'),
        }),
        response: {
          200: z.object({ memberId: z.string(), created: z.boolean(), expiresAt: z.string() }),
        },
      },
    },
    async (req, reply) => {
      const tenantId = await h5.tenantOf(req);
      const result = await signIn(
        h5.deps.db,
        h5.pii,
        h5.pii,
        { otp: h5.otp, session: h5.session },
        {
          tenantId,
          phone: req.body.phone,
          code: req.body.code,
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
          requestId: req.id,
        },
      );
      reply.setCookie(memberCookie, result.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: h5.secure,
        path: cookiePath(req.params.tenantCode),
        expires: result.expiresAt,
      });
      return {
        memberId: toPublicId('member', result.memberId),
        created: result.created,
        expiresAt: result.expiresAt.toISOString(),
      };
    },
  );

  r.post(
    '/auth/logout',
    {
      schema: {
        tags,
        summary: 'End the member session',
        security: memberSecurity,
        params: tenantParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      // Signing out always succeeds; a live session of this tenant is revoked.
      const tenantId = await h5.tenantOf(req);
      const parsed = parseMemberToken(req.cookies[memberCookie]);
      if (parsed?.tenantId === tenantId) {
        await h5.deps.db.tenant(tenantId, async (tx) => {
          const row = await tx.maybeOne<{ id: string }>(
            'SELECT id FROM member_sessions WHERE token_hash = $1 AND revoked_at IS NULL',
            [parsed.tokenHash],
          );
          if (row) await endSession(tx, row.id);
        });
      }
      reply.clearCookie(memberCookie, { path: cookiePath(req.params.tenantCode) });
      return reply.code(204).send(null);
    },
  );
}
