import { localDay } from './local-day.ts';

/**
 * When earned points expire, by the program's policy, computed on the calendar of the tenant's time
 * zone. Points expire at the instant returned (expires_at ≤ now means gone):
 * - `fixed`: at a given instant;
 * - `months_after`: N calendar months after earning, at the end of that local day
 *   (earned 31 Jan + 1 month → end of 28/29 Feb);
 * - `end_of_year`: at the end of the local year of earning plus N years (N = 0: this 31 Dec).
 */
export type ExpiryPolicy =
  | { kind: 'never' }
  | { kind: 'fixed'; at: Date }
  | { kind: 'months_after'; months: number }
  | { kind: 'end_of_year'; years: number };

interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number;
}

function localDate(at: Date, timeZone: string): LocalDate {
  const [year, month, day] = localDay(at, timeZone).split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Offset of `timeZone` from UTC at `at`, in milliseconds. */
function offsetMs(at: Date, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    // Formatters are costly to build and expiry is computed per earning: one per time zone.
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant local midnight starts `date` in `timeZone`. */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  // Two rounds settle the offset even across a daylight-saving change.
  let t = guess - offsetMs(new Date(guess), timeZone);
  t = guess - offsetMs(new Date(t), timeZone);
  return new Date(t);
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The day after `d` (the end of `d` is the start of the next day). */
function nextDay(d: LocalDate): LocalDate {
  if (d.day < daysIn(d.year, d.month)) return { ...d, day: d.day + 1 };
  if (d.month < 12) return { year: d.year, month: d.month + 1, day: 1 };
  return { year: d.year + 1, month: 1, day: 1 };
}

export function expiresAt(policy: ExpiryPolicy, earnedAt: Date, timeZone: string): Date | null {
  switch (policy.kind) {
    case 'never':
      return null;
    case 'fixed':
      return policy.at;
    case 'months_after': {
      if (!Number.isInteger(policy.months) || policy.months < 0) throw new Error('months must be ≥ 0');
      const e = localDate(earnedAt, timeZone);
      const total = e.month - 1 + policy.months;
      const year = e.year + Math.floor(total / 12);
      const month = (total % 12) + 1;
      return startOfLocalDay(nextDay({ year, month, day: Math.min(e.day, daysIn(year, month)) }), timeZone);
    }
    case 'end_of_year': {
      if (!Number.isInteger(policy.years) || policy.years < 0) throw new Error('years must be ≥ 0');
      const e = localDate(earnedAt, timeZone);
      return startOfLocalDay({ year: e.year + policy.years + 1, month: 1, day: 1 }, timeZone);
    }
  }
}
