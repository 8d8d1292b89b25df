import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Database, Tx } from '../../db/database.ts';
import { hmacSha256 } from '../../shared/crypto.ts';
import { AppError } from '../../shared/errors.ts';
import { type Phone, parsePhone } from '../members/phone.ts';
import { getTenantById } from '../tenancy/tenancy.service.ts';
import type { SmsProvider } from './sms.ts';

/** One-time sign-in codes: how long they live, how often they may be asked for and tried. */
export interface OtpPolicy {
  ttlSeconds: number;
  maxAttempts: number;
  /** Minimum gap between two codes to the same phone. */
  resendSeconds: number;
  perPhonePerHour: number;
  perPhonePerDay: number;
  /** Codes one client address may ask for, per tenant and hour. */
  perIpPerHour: number;
}

export const defaultOtpPolicy: OtpPolicy = {
  ttlSeconds: 300,
  maxAttempts: 5,
  resendSeconds: 60,
  perPhonePerHour: 5,
  perPhonePerDay: 10,
  perIpPerHour: 20,
};

export interface OtpKeys {
  hmacKey: Buffer;
}

// A 6-digit code has a million values: a plain hash at rest would fall to a lookup table, a keyed
// one does not. The tenant and phone are in the input so one code's hash says nothing of another.
const codeHash = (keys: OtpKeys, tenantId: string, phoneHash: string, code: string): Buffer =>
  hmacSha256(keys.hmacKey, `otp:${tenantId}:${phoneHash}:${code}`);

export const ipHash = (keys: OtpKeys, ip: string): string =>
  hmacSha256(keys.hmacKey, `ip:${ip}`).toString('hex');

/** Serialises requests for one phone so two concurrent asks cannot both pass the limits. */
async function lockPhone(tx: Tx, tenantId: string, phoneHash: string): Promise<void> {
  await tx.exec('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`otp:${tenantId}:${phoneHash}`]);
}

const limited = (message: string) => new AppError('RATE_LIMITED', message);

export interface CodeSent {
  phone: Phone;
  expiresInSeconds: number;
  resendInSeconds: number;
}

/**
 * Sends a fresh code to a phone, within the limits: one per `resendSeconds`, so many per hour and
 * day per phone, so many per hour per client address. A new code replaces any earlier one.
 */
export async function requestCode(
  db: Database,
  sms: SmsProvider,
  keys: OtpKeys,
  policy: OtpPolicy,
  input: { tenantId: string; phone: string; ip: string },
): Promise<CodeSent> {
  const phone = parsePhone(input.phone, keys.hmacKey);
  const ip = ipHash(keys, input.ip);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const tenantName = await db.tenant(input.tenantId, async (tx) => {
    await lockPhone(tx, input.tenantId, phone.hash);
    const c = await tx.one<{ since_last: number | null; hour: number; day: number; ip_hour: number }>(
      `SELECT
         (SELECT extract(epoch FROM now() - max(created_at))::int FROM member_otp_codes WHERE phone_hash = $1) AS since_last,
         (SELECT count(*)::int FROM member_otp_codes WHERE phone_hash = $1 AND created_at > now() - interval '1 hour') AS hour,
         (SELECT count(*)::int FROM member_otp_codes WHERE phone_hash = $1 AND created_at > now() - interval '1 day') AS day,
         (SELECT count(*)::int FROM member_otp_codes WHERE ip_hash = $2 AND created_at > now() - interval '1 hour') AS ip_hour`,
      [phone.hash, ip],
    );
    if (c.since_last !== null && c.since_last < policy.resendSeconds) {
      throw limited(`A code was just sent; ask again in ${policy.resendSeconds - c.since_last} s`);
    }
    if (c.hour >= policy.perPhonePerHour || c.day >= policy.perPhonePerDay) {
      throw limited('Too many codes for this number; try again later');
    }
    if (c.ip_hour >= policy.perIpPerHour)
      throw limited('Too many codes asked from this network; try again later');
    // Only the newest code counts: earlier ones stop working.
    await tx.exec(
      'UPDATE member_otp_codes SET expires_at = now() WHERE phone_hash = $1 AND consumed_at IS NULL AND expires_at > now()',
      [phone.hash],
    );
    await tx.exec(
      `INSERT INTO member_otp_codes (tenant_id, phone_hash, ip_hash, code_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [input.tenantId, phone.hash, ip, codeHash(keys, input.tenantId, phone.hash, code), policy.ttlSeconds],
    );
    return (await getTenantById(tx, input.tenantId)).name;
  });
  // Sent after the commit: a code is never delivered that the database does not know.
  const minutes = Math.round(policy.ttlSeconds / 60);
  await sms.send(
    phone.e164,
    `【${tenantName}】验证码 ${code}，${minutes} 分钟内有效。Your sign-in code is ${code}, valid for ${minutes} minutes.`,
  );
  return { phone, expiresInSeconds: policy.ttlSeconds, resendInSeconds: policy.resendSeconds };
}

/**
 * Checks a code in the caller's transaction. The outcome is returned, not thrown: a wrong code
 * costs an attempt, and that write must commit with the transaction; the caller throws `refused`
 * once it has. On success the code is consumed.
 */
export async function checkCode(
  tx: Tx,
  keys: OtpKeys,
  policy: OtpPolicy,
  input: { tenantId: string; phone: string; code: string },
): Promise<{ phone: Phone; refused?: undefined } | { refused: AppError }> {
  const phone = parsePhone(input.phone, keys.hmacKey);
  const row = await tx.maybeOne<{
    id: string;
    code_hash: Buffer;
    attempts: number;
    consumed: boolean;
    expired: boolean;
  }>(
    `SELECT id, code_hash, attempts, consumed_at IS NOT NULL AS consumed, expires_at <= now() AS expired
     FROM member_otp_codes WHERE phone_hash = $1 ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE`,
    [phone.hash],
  );
  const tooMany = () =>
    new AppError('OTP_TOO_MANY_ATTEMPTS', 'Too many wrong codes; ask for a new one', [
      { field: 'code', message: 'too many attempts' },
    ]);
  if (!row || row.consumed || row.expired) {
    return {
      refused: new AppError('OTP_EXPIRED', 'This code has expired or was already used; ask for a new one', [
        { field: 'code', message: 'expired' },
      ]),
    };
  }
  if (row.attempts >= policy.maxAttempts) return { refused: tooMany() };
  const given = codeHash(keys, input.tenantId, phone.hash, input.code);
  if (given.length !== row.code_hash.length || !timingSafeEqual(given, row.code_hash)) {
    const { attempts } = await tx.one<{ attempts: number }>(
      'UPDATE member_otp_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts',
      [row.id],
    );
    const left = Math.max(0, policy.maxAttempts - attempts);
    if (left === 0) return { refused: tooMany() };
    return {
      refused: new AppError('OTP_INVALID', `Wrong code; ${left} attempt(s) left`, [
        { field: 'code', message: `wrong code; ${left} attempt(s) left` },
      ]),
    };
  }
  await tx.exec('UPDATE member_otp_codes SET consumed_at = now() WHERE id = $1', [row.id]);
  return { phone };
}
