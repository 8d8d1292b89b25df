import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type Cipher, hmacSha256 } from '../../shared/crypto.ts';
import { invalid } from '../../shared/errors.ts';

export interface Phone {
  /** E.164, e.g. +8613800000001 — what is encrypted. */
  e164: string;
  /** 138****0001 for Chinese mobiles; +1415***2671 style elsewhere. */
  masked: string;
  /** Hex HMAC of the E.164 form: the lookup key. */
  hash: string;
}

/** Parses a mobile number (China by default); anything else is a validation error on `field`. */
export function parsePhone(raw: string, hmacKey: Buffer, field = 'phone'): Phone {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'CN');
  const type = parsed?.getType();
  if (!parsed?.isValid() || (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE')) {
    throw invalid(field, 'not a valid mobile number');
  }
  return { e164: parsed.number, masked: maskPhone(parsed.number), hash: phoneHash(parsed.number, hmacKey) };
}

export const phoneHash = (e164: string, hmacKey: Buffer): string =>
  hmacSha256(hmacKey, `phone:${e164}`).toString('hex');

export function maskPhone(e164: string): string {
  const national = e164.startsWith('+86') ? e164.slice(3) : e164;
  return national.length >= 7 ? `${national.slice(0, 3)}****${national.slice(-4)}` : '****';
}

/** The national form for display to a role allowed to see it. */
export function unsealPhone(cipher: Cipher, sealed: string): string {
  const e164 = cipher.decrypt(sealed);
  return e164.startsWith('+86') ? e164.slice(3) : e164;
}
