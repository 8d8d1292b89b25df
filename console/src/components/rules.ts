import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

// Field rules that mirror the server's validation (server/src/http/schemas.ts and the staff
// routes), so a form says what is wrong before it is sent.

/** The server's password rule (passwords.ts: passwordRule). */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function passwordRules(): FormRule[] {
  return [{ required: true }, { min: PASSWORD_MIN }, { max: PASSWORD_MAX }];
}

/** Codes of business units, regions and stores: 1–40 of letters, digits, _ . - */
export function codeRules(t: TFunction): FormRule[] {
  return [
    { required: true, whitespace: true },
    { max: 40 },
    { pattern: /^\s*[A-Za-z0-9][A-Za-z0-9_.-]*\s*$/, message: t('common.codePattern') },
  ];
}

/** Staff usernames: 2–64 of letters, digits, . _ - starting with a letter or digit (stored lower-case). */
export function usernameRules(t: TFunction): FormRule[] {
  return [
    { required: true, whitespace: true },
    { min: 2 },
    { max: 64 },
    { pattern: /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*$/, message: t('staff.usernamePattern') },
  ];
}

/** Names of anything: 1–100 characters. */
export function nameRules(): FormRule[] {
  return [{ required: true, whitespace: true }, { max: 100 }];
}
