import type { Tx } from '../../db/database.ts';
import { invalid } from '../../shared/errors.ts';

export interface FunnelDay {
  day: string;
  issued: number;
  claimed: number;
  redeemed: number;
  salesCents: number;
}

export interface Funnel {
  issued: number;
  claimed: number;
  shared: number;
  redeemed: number;
  expired: number;
  available: number;
  /** redeemed ÷ issued (a shared coupon's chain counts once: the first holder's issue). */
  conversionRate: number;
  /** Σ what the redeeming orders paid (the order's own figure once the order is known). */
  salesDrivenCents: number;
  discountCents: number;
  from: string;
  to: string;
  series: FunnelDay[];
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** Today's date in a time zone, as YYYY-MM-DD. */
export const dayIn = (now: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );

/**
 * A template's funnel: issued → claimed → redeemed (with shared and expired beside), conversion
 * and sales driven, plus a per-day series in the tenant's time zone between `from` and `to`
 * (inclusive; the last 30 days by default).
 */
export async function templateFunnel(
  tx: Tx,
  templateId: string,
  o: { timeZone: string; now: Date; from?: string | undefined; to?: string | undefined },
): Promise<Funnel> {
  const to = o.to ?? dayIn(o.now, o.timeZone);
  const from = o.from ?? addDays(to, -29);
  if (from > to) throw invalid('querystring.from', 'must not be after to');
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000)
    throw invalid('querystring.from', 'at most 366 days');
  const totals = await tx.one<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE shared_from IS NULL)::int AS issued,
            count(*) FILTER (WHERE shared_from IS NULL AND claimed_at IS NOT NULL)::int AS claimed,
            count(*) FILTER (WHERE status = 'shared')::int AS shared,
            count(*) FILTER (WHERE status = 'redeemed')::int AS redeemed,
            count(*) FILTER (WHERE status = 'expired' OR (status = 'available' AND valid_to <= $2))::int AS expired,
            count(*) FILTER (WHERE status = 'available' AND valid_to > $2)::int AS available
     FROM coupons WHERE template_id = $1`,
    [templateId, o.now],
  );
  const sales = await tx.one<{ sales: string; discount: string }>(
    `SELECT coalesce(sum(paid_cents), 0) AS sales, coalesce(sum(discount_cents), 0) AS discount
     FROM coupon_redemptions WHERE template_id = $1 AND status = 'redeemed'`,
    [templateId],
  );
  const window = `>= ($3::date::timestamp AT TIME ZONE $2) AND %s < (($4::date + 1)::timestamp AT TIME ZONE $2)`;
  const perDay = (column: string, table: string, extra: string, measures: string) =>
    tx.many<{ day: string } & Record<string, string | number>>(
      `SELECT to_char((${column} AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day, ${measures}
       FROM ${table} WHERE template_id = $1 AND ${extra} AND ${column} ${window.replace('%s', column)}
       GROUP BY 1`,
      [templateId, o.timeZone, from, to],
    );
  const issued = await perDay('issued_at', 'coupons', 'shared_from IS NULL', 'count(*)::int AS n');
  const claimed = await perDay('claimed_at', 'coupons', 'shared_from IS NULL', 'count(*)::int AS n');
  const redeemed = await perDay(
    'redeemed_at',
    'coupon_redemptions',
    `status = 'redeemed'`,
    'count(*)::int AS n, sum(paid_cents)::bigint AS sales',
  );
  const at = (rows: { day: string }[], day: string) =>
    rows.find((r) => r.day === day) as Record<string, unknown>;
  const series: FunnelDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    series.push({
      day,
      issued: Number(at(issued, day)?.n ?? 0),
      claimed: Number(at(claimed, day)?.n ?? 0),
      redeemed: Number(at(redeemed, day)?.n ?? 0),
      salesCents: Number(at(redeemed, day)?.sales ?? 0),
    });
  }
  const t = totals as Omit<
    Funnel,
    'conversionRate' | 'salesDrivenCents' | 'discountCents' | 'from' | 'to' | 'series'
  >;
  return {
    ...t,
    conversionRate: t.issued === 0 ? 0 : Math.round((t.redeemed / t.issued) * 10_000) / 10_000,
    salesDrivenCents: Number(sales.sales),
    discountCents: Number(sales.discount),
    from,
    to,
    series,
  };
}
