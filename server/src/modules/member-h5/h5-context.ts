import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import type { MemberRow } from '../members/members.repo.ts';
import type { Pii } from '../members/members.service.ts';
import { memberCtx, TenantCodes } from './member-ctx.ts';
import {
  defaultMemberSessionPolicy,
  type MemberSessionPolicy,
  memberCookie,
  parseMemberToken,
  resolveMemberSession,
} from './member-sessions.ts';
import { defaultOtpPolicy, type OtpPolicy } from './otp.service.ts';
import { type SmsProvider, smsProvider } from './sms.ts';

export const tenantParams = z.strictObject({
  tenantCode: z.string().min(1).max(40).describe('the brand’s tenant code, as in the H5 address'),
});
export const tenantIdParams = tenantParams.extend({ id: z.string().min(1).max(40) });

/** In OpenAPI: member routes take the member session cookie, not staff credentials. */
export const memberSecurity = [{ memberSession: [] }];

/** What every H5 route is built from. */
export interface H5 {
  deps: AppDeps;
  pii: Pii;
  codes: TenantCodes;
  sms: SmsProvider;
  otp: OtpPolicy;
  session: MemberSessionPolicy;
  /** Cookie `Secure` flag: on when the public URL is https. */
  secure: boolean;
  /**
   * Runs fn in a transaction of the tenant named in the URL, as the signed-in member. The session
   * check is the transaction's first statement; the member passed in is the only one fn may touch.
   */
  withMember<T>(req: FastifyRequest, fn: (tx: Tx, member: MemberRow, ctx: Ctx) => Promise<T>): Promise<T>;
  tenantOf(req: FastifyRequest): Promise<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The member session of this H5 request, once checked (for logout). */
    memberSessionId?: string;
  }
}

const codeOf = (req: FastifyRequest) => (req.params as { tenantCode?: string }).tenantCode ?? '';

export function h5Context(deps: AppDeps, log: { info(obj: object, msg: string): void }): H5 {
  const codes = new TenantCodes(deps.db);
  const session = defaultMemberSessionPolicy;
  const h5: H5 = {
    deps,
    pii: { cipher: deps.cipher, hmacKey: deps.config.hmacKey },
    codes,
    sms: smsProvider(deps.config.production, log),
    otp: defaultOtpPolicy,
    session,
    secure: deps.config.publicUrl.startsWith('https:'),
    tenantOf: (req) => codes.resolve(codeOf(req)),
    async withMember(req, fn) {
      const tenantId = await codes.resolve(codeOf(req));
      const parsed = parseMemberToken(req.cookies[memberCookie]);
      // A session of another tenant's H5 is no session here.
      if (parsed?.tenantId !== tenantId) throw new AppError('UNAUTHENTICATED', 'Sign in first');
      return deps.db.tenant(tenantId, async (tx) => {
        const s = await resolveMemberSession(tx, session, parsed.tokenHash);
        req.memberSessionId = s.sessionId;
        const ctx = memberCtx(tenantId, s.member.id, {
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
          requestId: req.id,
        });
        return fn(tx, s.member, ctx);
      });
    },
  };
  return h5;
}
