import dayjs from 'dayjs';
import type { Lang } from './i18n';

const money = new Map<string, Intl.NumberFormat>();

/** Integer cents as yuan: 2000 → ¥20 (no decimals when whole), 1999 → ¥19.99. */
export function yuan(cents: number, lang: Lang): string {
  const whole = cents % 100 === 0;
  const key = `${lang}|${whole}`;
  let f = money.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, {
      style: 'currency',
      currency: 'CNY',
      // ¥ in both languages (English would write CN¥).
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    });
    money.set(key, f);
  }
  return f.format(cents / 100);
}

export const points = (n: number, lang: Lang): string => new Intl.NumberFormat(lang).format(n);

export const day = (iso: string | null | undefined): string => (iso ? dayjs(iso).format('YYYY-MM-DD') : '');

export const dayTime = (iso: string | null | undefined): string =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '';
