import { randomBytes } from 'node:crypto';

// 32 symbols without 0/O/1/I, so a code read aloud at a till is typed right: 5 bits a symbol.
const symbols = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A random code of `length` symbols from a crypto source (12 symbols = 60 bits: guessing one
 * live code among a million takes ~10^12 tries). 256 is a multiple of 32, so every symbol is equally likely.
 */
export function randomCode(length = 12): string {
  return Array.from(randomBytes(length), (byte) => symbols[byte % 32]).join('');
}

/** What a person typed (any case, spaces or dashes between groups) in the stored form. */
export const normalizeCode = (input: string): string => input.replace(/[\s-]/g, '').toUpperCase();

/** Whether a string could be a code at all: spares the database lookups of obvious junk. */
export const looksLikeCode = (code: string): boolean => /^[0-9A-Z]{6,32}$/.test(code);
