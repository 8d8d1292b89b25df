import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Cipher } from '../../shared/crypto.ts';
import { invalid } from '../../shared/errors.ts';
import { maskPhone } from '../members/phone.ts';
import type { AddressInput } from './mall.schema.ts';

/** A shipping address as sealed: the phone in E.164. */
export interface Address {
  name: string;
  phone: string;
  province: string;
  city: string;
  district?: string | undefined;
  line: string;
  postcode?: string | undefined;
}

/** What lists and events may show: no street, the phone masked, the name's first character. */
export interface AddressPreview {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string | null;
}

/** Checks the phone (China by default) and normalises it; a bad one names `address.phone`. */
export function normaliseAddress(input: AddressInput): Address {
  const parsed = parsePhoneNumberFromString(input.phone.trim(), 'CN');
  if (!parsed?.isValid()) throw invalid('address.phone', 'not a valid phone number');
  return {
    name: input.name.trim(),
    phone: parsed.number,
    province: input.province.trim(),
    city: input.city.trim(),
    district: input.district?.trim() || undefined,
    line: input.line.trim(),
    postcode: input.postcode?.trim() || undefined,
  };
}

const maskName = (name: string): string => {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
};

export function previewOf(a: Address): AddressPreview {
  return {
    name: maskName(a.name),
    phone: maskPhone(a.phone),
    province: a.province,
    city: a.city,
    district: a.district ?? null,
  };
}

/** The address is personal data: sealed whole (AES-256-GCM, key id inside). */
export const sealAddress = (cipher: Cipher, a: Address): string => cipher.encrypt(JSON.stringify(a));

export const unsealAddress = (cipher: Cipher, sealed: string): Address =>
  JSON.parse(cipher.decrypt(sealed)) as Address;

/** The national form of the phone for display to a role allowed to see it. */
export const nationalPhone = (e164: string): string => (e164.startsWith('+86') ? e164.slice(3) : e164);
