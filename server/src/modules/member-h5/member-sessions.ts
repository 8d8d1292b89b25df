import type { Database, Tx } from '../../db/database.ts';
import { randomToken, sha256 } from '../../shared/crypto.ts';
import { AppError } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { loadMember, type MemberRow } from '../members/members.repo.ts';
import { getOrCreateByIdentity, type Pii } from '../members/members.service.ts';
import { currentMemberId } from '../members/merge.service.ts';
import { memberCtx } from './member-ctx.ts';
import { checkCode, type OtpKeys, type OtpPolicy } from './otp.service.ts';

/** The member session cookie: separate from staff's `siyu_session`, and never accepted for staff routes. */
export const memberCookie = 'siyu_member';

export interface MemberSessionPolicy {
  idleDays: number;
  absoluteDays: number;
}

export const defaultMemberSessionPolicy: MemberSessionPolicy = { idleDays: 14, absoluteDays: 30 };

/** The cookie value is `<tenantId>.<token>`: the tenant routes the lookup, the token proves it. */
export function parseMemberToken(
  value: string | undefined,
): { tenantId: string; tokenHash: Buffer } | undefined {
  const match = value ? /^([1-9][0-9]{0,17})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
  if (!match) return undefined;
  return { tenantId: match[1]!, tokenHash: sha256(match[2]!) };
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  memberId: string;
  created: boolean;
}

/**
 * Phone + code → a member session. The member is found by the phone identity, or created (join
 * channel h5). A wrong code's attempt is committed before the refusal is thrown.
 */
export async function signIn(
  db: Database,
  pii: Pii,
  keys: OtpKeys,
  policies: { otp: OtpPolicy; session: MemberSessionPolicy },
  input: {
    tenantId: string;
    phone: string;
    code: string;
    ip: string | null;
    userAgent: string | null;
    requestId: string | null;
  },
): Promise<SignedIn> {
  const from = { ip: input.ip, userAgent: input.userAgent, requestId: input.requestId };
  const out = await db.tenant(input.tenantId, async (tx) => {
    const checked = await checkCode(tx, keys, policies.otp, input);
    if (checked.refused) return checked;
    const creator = { ...memberCtx(input.tenantId, '0', from) };
    creator.actor = { ...creator.actor, name: 'member sign-in (h5)' };
    const resolved = await getOrCreateByIdentity(tx, creator, pii, {
      identity: { kind: 'phone', value: checked.phone.e164 },
      join: { channel: 'h5' },
      source: 'h5',
    });
    const member = await loadMember(tx, resolved.memberId);
    if (member?.status !== 'active') {
      return { refused: new AppError('FORBIDDEN', 'This membership is closed; contact the brand') };
    }
    const token = randomToken(32);
    const expiresAt = new Date(Date.now() + policies.session.absoluteDays * 86_400_000);
    await tx.exec(
      `INSERT INTO member_sessions (tenant_id, token_hash, member_id, expires_at, user_agent)
       VALUES ($1, $2, $3, $4, $5)`,
      [input.tenantId, sha256(token), member.id, expiresAt, input.userAgent?.slice(0, 500) ?? null],
    );
    await audit(tx, memberCtx(input.tenantId, member.id, from), {
      action: 'member_h5.signed_in',
      entityType: 'member',
      entityId: toPublicId('member', member.id),
      after: { created: resolved.created },
    });
    return { token: `${input.tenantId}.${token}`, expiresAt, memberId: member.id, created: resolved.created };
  });
  if ('refused' in out && out.refused) throw out.refused;
  return out as SignedIn;
}

export interface MemberSession {
  sessionId: string;
  /** The member now (a merged member's survivor). */
  member: MemberRow;
}

/**
 * The member behind a session, checked in the request's own transaction (its first statement):
 * unrevoked, unexpired, used within the idle window; a merged member is followed to the survivor,
 * an erased one ends the session.
 */
export async function resolveMemberSession(
  tx: Tx,
  policy: MemberSessionPolicy,
  tokenHash: Buffer,
): Promise<MemberSession> {
  const row = await tx.maybeOne<{ id: string; member_id: string; stale: boolean }>(
    `SELECT id, member_id, last_seen_at < now() - interval '5 minutes' AS stale FROM member_sessions
     WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
       AND last_seen_at > now() - make_interval(days => $2)`,
    [tokenHash, policy.idleDays],
  );
  const ended = () => new AppError('UNAUTHENTICATED', 'Your session has ended; sign in again');
  if (!row) throw ended();
  let member = await loadMember(tx, row.member_id);
  if (member?.status === 'merged') member = await loadMember(tx, await currentMemberId(tx, member.id));
  if (member?.status !== 'active') throw ended();
  if (row.stale) await tx.exec('UPDATE member_sessions SET last_seen_at = now() WHERE id = $1', [row.id]);
  return { sessionId: row.id, member };
}

export async function endSession(tx: Tx, sessionId: string): Promise<void> {
  await tx.exec('UPDATE member_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
    sessionId,
  ]);
}
