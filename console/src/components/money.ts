import { currentLang } from '../i18n';

const formats = new Map<string, Intl.NumberFormat>();

/** Integer cents as money in the tenant's currency, e.g. 1850 → ¥18.50. */
export function formatCents(cents: number | null | undefined, currency = 'CNY'): string {
  if (cents === null || cents === undefined) return '';
  const key = `${currentLang()}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(currentLang(), { style: 'currency', currency });
    formats.set(key, format);
  }
  return format.format(cents / 100);
}

/** A price typed in yuan (up to 2 decimals) as integer cents. */
export function toCents(yuan: number): number {
  return Math.round(yuan * 100);
}
