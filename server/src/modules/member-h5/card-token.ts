import { hkdfSync, timingSafeEqual } from 'node:crypto';
import { hmacSha256 } from '../../shared/crypto.ts';
import { AppError } from '../../shared/errors.ts';

// The member card's QR payload: `SY1.<tenant id>.<member id>.<issued at, unix s>.<signature>`.
// The signature is the first 128 bits of HMAC-SHA256 over everything before it, under a key derived
// per tenant from the server's HMAC key, in RFC 4648 base32. Every character is in the QR
// alphanumeric set, so the code stays small (version 3) and quick to scan off a phone screen.

export const cardTokenTtlSeconds = 60;
/** A phone clock a little ahead of the server's is tolerated, no more. */
const futureSkewSeconds = 5;
const pattern = /^SY1\.([1-9][0-9]{0,17})\.([1-9][0-9]{0,17})\.([0-9]{10})\.([A-Z2-7]{26})$/;

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

const keys = new Map<string, Buffer>();
/** The tenant's card key: HKDF of the server HMAC key, so one tenant's key says nothing of another's. */
function cardKey(hmacKey: Buffer, tenantId: string): Buffer {
  const id = `${hmacKey.toString('base64')}:${tenantId}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', hmacKey, 'siyu member card', `tenant:${tenantId}`, 32));
    if (keys.size >= 10_000) keys.delete(keys.keys().next().value!);
    keys.set(id, key);
  }
  return key;
}

const sign = (hmacKey: Buffer, tenantId: string, body: string): string =>
  base32(hmacSha256(cardKey(hmacKey, tenantId), body).subarray(0, 16));

export interface CardToken {
  token: string;
  issuedAt: Date;
  expiresAt: Date;
}

export function issueCardToken(
  hmacKey: Buffer,
  tenantId: string,
  memberId: string,
  now = new Date(),
): CardToken {
  const iat = Math.floor(now.getTime() / 1000);
  const body = `SY1.${tenantId}.${memberId}.${iat}`;
  return {
    token: `${body}.${sign(hmacKey, tenantId, body)}`,
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date((iat + cardTokenTtlSeconds) * 1000),
  };
}

const refuse = (
  code: 'CARD_TOKEN_INVALID' | 'CARD_TOKEN_EXPIRED' | 'CARD_TOKEN_OTHER_TENANT',
  message: string,
) => new AppError(code, message, [{ field: 'token', message }]);

/**
 * A scanned payload → the member id it names, for the scanning staff member's tenant. Checked in
 * this order, so a forgery is never reported as anything but invalid: format, signature, tenant,
 * age.
 */
export function verifyCardToken(hmacKey: Buffer, tenantId: string, token: string, now = new Date()): string {
  const m = pattern.exec(token.trim());
  if (!m) throw refuse('CARD_TOKEN_INVALID', 'not a Siyu member card code');
  const [, tokenTenant, memberId, iat, sig] = m as unknown as [string, string, string, string, string];
  const body = `SY1.${tokenTenant}.${memberId}.${iat}`;
  const expected = Buffer.from(sign(hmacKey, tokenTenant, body));
  if (!timingSafeEqual(expected, Buffer.from(sig))) {
    throw refuse('CARD_TOKEN_INVALID', 'the member card code is not genuine');
  }
  if (tokenTenant !== tenantId)
    throw refuse('CARD_TOKEN_OTHER_TENANT', 'this member card belongs to another brand');
  const age = Math.floor(now.getTime() / 1000) - Number(iat);
  if (age > cardTokenTtlSeconds || age < -futureSkewSeconds) {
    throw refuse('CARD_TOKEN_EXPIRED', 'the member card code has expired; ask the member to refresh it');
  }
  return memberId;
}
