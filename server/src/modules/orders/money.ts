/**
 * Money is integer cents everywhere. Amounts written by people (CSV files) are yuan with up to
 * two decimals; they are parsed from the string, never through a float.
 */
const yuan = /^(0|[1-9][0-9]{0,12})(?:\.([0-9]{1,2}))?$/;

/** '12.5' → 1250; undefined for anything that is not a non-negative amount with ≤ 2 decimals. */
export function parseYuan(text: string): number | undefined {
  const m = yuan.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** 1250 → '12.50'. */
export function formatYuan(cents: number | bigint | string): string {
  const n = BigInt(cents);
  const sign = n < 0n ? '-' : '';
  const abs = n < 0n ? -n : n;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** Largest amount in cents a single figure may hold: keeps every sum an exact JS integer. */
export const maxCents = 1_000_000_000_000;
