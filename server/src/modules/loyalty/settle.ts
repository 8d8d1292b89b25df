import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { BatchConsumer } from '../events/consumers.ts';
import { applyDailyCap, orderEarning, type Step } from './earn.rules.ts';
import { localDay } from './local-day.ts';
import { type EarnItem, earnPoints } from './points.earn.ts';
import { expiresAt } from './points.expiry-policy.ts';
import { type ReverseItem, reversePoints } from './points.reverse.ts';
import { type LoadedProgram, loadPrograms } from './program.service.ts';
import { retier } from './tiers.ts';

// Settlement turns paid orders into points (through the ledger, pending until the return window
// ends), growth and tier progress, and refunds back out of them — in batches: a thousand orders
// cost a handful of statements, so a million imported orders settle at the speed of the database.

const dayMs = 24 * 3600 * 1000;

interface OrderToSettle extends Record<string, unknown> {
  id: string;
  channel: string;
  store_id: string | null;
  member_id: string;
  pool_id: string;
  paid_at: Date;
  paid_cents: string;
  refunded_cents: string;
}

export interface Settled {
  orderId: string;
  memberId: string;
  points: number;
  growth: number;
  steps: Step[];
}

/** The earning of each order by its programme and the member's tier now (no daily cap, no writes). */
async function earnings(tx: Tx, programs: Map<string, LoadedProgram>, orders: OrderToSettle[]) {
  const ids = orders.map((o) => o.id);
  const lines = await tx.many<{ order_id: string; sku: string; paid_cents: string; category_path: string }>(
    `SELECT l.order_id, l.sku, l.paid_cents, coalesce(p.category_path, '') AS category_path
     FROM order_lines l LEFT JOIN products p ON p.id = l.product_id
     WHERE l.order_id = ANY ($1::bigint[]) ORDER BY l.order_id, l.line_no`,
    [ids],
  );
  const tiers = await tx.many<{ program_id: string; member_id: string; tier_id: string | null }>(
    'SELECT program_id, member_id, tier_id FROM loyalty_member_tiers WHERE member_id = ANY ($1::bigint[])',
    [[...new Set(orders.map((o) => o.member_id))]],
  );
  const tierOf = new Map(tiers.map((t) => [`${t.program_id}|${t.member_id}`, t.tier_id]));
  const linesOf = new Map<string, { sku: string; categoryPath: string; paidCents: number }[]>();
  for (const l of lines) {
    const list = linesOf.get(l.order_id) ?? [];
    list.push({ sku: l.sku, categoryPath: l.category_path, paidCents: Number(l.paid_cents) });
    linesOf.set(l.order_id, list);
  }
  return orders.map((o) => {
    const program = programs.get(o.pool_id)!;
    const tierId = tierOf.get(`${program.row.id}|${o.member_id}`) ?? null;
    const tier = tierId ? program.tiers.find((t) => t.id === tierId) : undefined;
    const earning = orderEarning(
      program.engine,
      program.rules,
      { channel: o.channel, storeId: o.store_id, paidAt: o.paid_at, lines: linesOf.get(o.id) ?? [] },
      tier ? { name: tier.name, pointsMultiplier: tier.benefits.pointsMultiplier ?? 1 } : null,
    );
    return { order: o, program, earning };
  });
}

/**
 * Settles paid orders not settled yet: one settlement row each (the primary key makes a replay a
 * no-op), points through the ledger with the order as source, the daily cap per member and local
 * day, then upgrades for the members whose 12 months now reach a higher tier.
 */
export async function settleOrders(
  tx: Tx,
  ctx: Ctx,
  orderIds: string[],
  now = new Date(),
): Promise<Settled[]> {
  if (orderIds.length === 0) return [];
  const programs = await loadPrograms(tx);
  if (programs.size === 0) return [];
  const orders = (
    await tx.many<OrderToSettle>(
      `SELECT o.id, o.channel, o.store_id, o.member_id, m.pool_id, o.paid_at, o.paid_cents, o.refunded_cents
       FROM orders o JOIN members m ON m.id = o.member_id
       WHERE o.id = ANY ($1::bigint[]) AND o.status <> 'cancelled'
         AND NOT EXISTS (SELECT 1 FROM loyalty_settlements s WHERE s.order_id = o.id)
       ORDER BY o.paid_at, o.id
       FOR SHARE OF o`,
      [orderIds],
    )
  ).filter((o) => programs.get(o.pool_id)?.row.status === 'active');
  if (orders.length === 0) return [];
  const computed = await earnings(tx, programs, orders);

  // The daily cap: what each member has earned on each local day, then this batch in paid order.
  const dayOf = (c: (typeof computed)[number]) => localDay(c.order.paid_at, c.program.timeZone);
  const capped = computed.filter((c) => c.program.row.daily_cap !== null);
  const today = new Map<string, number>();
  if (capped.length > 0) {
    const rows = await tx.many<{ program_id: string; member_id: string; day: string; points: string }>(
      `SELECT d.program_id, d.member_id, to_char(d.day, 'YYYY-MM-DD') AS day, d.points FROM loyalty_daily_points d
       JOIN json_to_recordset($1::json) AS x(p bigint, m bigint, d date)
         ON d.program_id = x.p AND d.member_id = x.m AND d.day = x.d`,
      [JSON.stringify(capped.map((c) => ({ p: c.program.row.id, m: c.order.member_id, d: dayOf(c) })))],
    );
    for (const r of rows) today.set(`${r.program_id}|${r.member_id}|${r.day}`, Number(r.points));
  }
  const settled: (Settled & { program: LoadedProgram; order: OrderToSettle; day: string })[] = [];
  for (const c of computed) {
    const day = dayOf(c);
    const k = `${c.program.row.id}|${c.order.member_id}|${day}`;
    const before = today.get(k) ?? 0;
    const cap = applyDailyCap(c.earning.points, before, c.program.row.daily_cap);
    today.set(k, before + cap.points);
    const steps = cap.step ? [...c.earning.steps, cap.step] : c.earning.steps;
    settled.push({
      orderId: c.order.id,
      memberId: c.order.member_id,
      points: cap.points,
      growth: c.earning.growth,
      steps,
      program: c.program,
      order: c.order,
      day,
    });
  }

  const written = new Set(
    (
      await tx.many<{ order_id: string }>(
        `INSERT INTO loyalty_settlements (tenant_id, order_id, program_id, member_id, paid_cents, points, growth,
           refunded_cents, paid_at, breakdown, settled_at)
         SELECT $1, x.o, x.p, x.m, x.paid, x.pts, x.g, x.r, x.at, x.b::jsonb, $2
         FROM json_to_recordset($3::json) AS x(o bigint, p bigint, m bigint, paid bigint, pts bigint, g bigint,
           r bigint, at timestamptz, b json)
         ON CONFLICT DO NOTHING RETURNING order_id`,
        [
          ctx.tenantId,
          now,
          JSON.stringify(
            settled.map((s) => ({
              o: s.orderId,
              p: s.program.row.id,
              m: s.memberId,
              paid: s.order.paid_cents,
              pts: s.points,
              g: s.growth,
              r: 0,
              at: s.order.paid_at,
              b: s.steps,
            })),
          ),
        ],
      )
    ).map((r) => r.order_id),
  );
  const fresh = settled.filter((s) => written.has(s.orderId));
  const withPoints = fresh.filter((s) => s.points > 0);
  if (withPoints.some((s) => s.program.row.daily_cap !== null)) {
    await tx.exec(
      `INSERT INTO loyalty_daily_points (tenant_id, program_id, member_id, day, points)
       SELECT $1, x.p, x.m, x.d, sum(x.pts) FROM json_to_recordset($2::json) AS x(p bigint, m bigint, d date, pts bigint)
       GROUP BY x.p, x.m, x.d
       ON CONFLICT (tenant_id, program_id, member_id, day) DO UPDATE
         SET points = loyalty_daily_points.points + excluded.points`,
      [
        ctx.tenantId,
        JSON.stringify(
          withPoints
            .filter((s) => s.program.row.daily_cap !== null)
            .map((s) => ({ p: s.program.row.id, m: s.memberId, d: s.day, pts: s.points })),
        ),
      ],
    );
  }
  const items: EarnItem[] = withPoints.map((s) => {
    const release = new Date(s.order.paid_at.getTime() + s.program.row.return_window_days * dayMs);
    return {
      key: `order:${s.orderId}:earn`,
      account: { memberId: s.memberId, scopeId: s.order.pool_id },
      points: s.points,
      availableAt: release > now ? release : null,
      expiresAt: expiresAt(s.program.expiry, s.order.paid_at, s.program.timeZone),
      source: { type: 'order', id: s.orderId },
      reason: 'order',
    };
  });
  if (items.length > 0) await earnPoints(tx, ctx, items, { now });
  // The purchase qualifies first, as it did when it was paid; refunds come after (a tier falls only
  // at the evaluation), so the outcome is the same whichever of an order's events runs first.
  await retierMembers(tx, ctx, fresh, now);
  // Refunds that reached an order before its settlement (or whose events ran first) are taken
  // back here; the share lock above keeps a refund from landing between our read and our commit.
  await settleRefunds(
    tx,
    ctx,
    fresh.filter((s) => Number(s.order.refunded_cents) > 0).map((s) => s.orderId),
    now,
  );
  return fresh.map(({ orderId, memberId, points, growth, steps }) => ({
    orderId,
    memberId,
    points,
    growth,
    steps,
  }));
}

async function retierMembers(
  tx: Tx,
  ctx: Ctx,
  rows: { memberId: string; program: LoadedProgram }[],
  now: Date,
): Promise<void> {
  const byProgram = new Map<LoadedProgram, Set<string>>();
  for (const r of rows) byProgram.set(r.program, (byProgram.get(r.program) ?? new Set()).add(r.memberId));
  for (const [program, members] of byProgram)
    await retier(tx, ctx, program, [...members], now, 'up', 'qualified');
}

/**
 * Takes back what refunds cancel: the points (the ledger brings the order's reversed share up to
 * refunded ÷ paid, so partial refunds add up exactly; spent points become debt) and, through
 * refunded_cents, the growth and the 12-month amount. Tiers fall only at the next evaluation.
 */
export async function settleRefunds(tx: Tx, ctx: Ctx, orderIds: string[], now = new Date()): Promise<number> {
  if (orderIds.length === 0) return 0;
  const rows = await tx.many<{
    order_id: string;
    member_id: string;
    pool_id: string;
    points: string;
    paid_cents: string;
    refunded_cents: string;
  }>(
    `SELECT s.order_id, s.member_id, m.pool_id, s.points, s.paid_cents, least(o.refunded_cents, s.paid_cents) AS refunded_cents
     FROM loyalty_settlements s JOIN orders o ON o.id = s.order_id JOIN members m ON m.id = s.member_id
     WHERE s.order_id = ANY ($1::bigint[]) AND o.refunded_cents > s.refunded_cents
     FOR UPDATE OF s`,
    [orderIds],
  );
  if (rows.length === 0) return 0;
  const items: ReverseItem[] = rows
    .filter((r) => Number(r.points) > 0 && Number(r.paid_cents) > 0)
    .map((r) => ({
      key: `order:${r.order_id}:refund:${r.refunded_cents}`,
      account: { memberId: r.member_id, scopeId: r.pool_id },
      source: { type: 'order', id: r.order_id },
      share: { numerator: Number(r.refunded_cents), denominator: Number(r.paid_cents) },
      reason: 'refund',
    }));
  if (items.length > 0) await reversePoints(tx, ctx, items, { now });
  await tx.exec(
    `UPDATE loyalty_settlements s SET refunded_cents = x.r
     FROM json_to_recordset($1::json) AS x(o bigint, r bigint) WHERE s.order_id = x.o`,
    [JSON.stringify(rows.map((r) => ({ o: r.order_id, r: r.refunded_cents })))],
  );
  return rows.length;
}

const orderIdOf = (e: DomainEvent) => String(e.payload.orderId ?? e.aggregateId).replace(/^ord_/, '');

/** Settles paid orders and refunds as they happen, a batch of events at a time, in outbox order. */
export const settlementConsumer: BatchConsumer = {
  name: 'loyalty.settle',
  events: ['order.paid', 'order.refunded'],
  batchSize: 1_000,
  async handleMany(tx, ctx, events) {
    const now = new Date();
    await settleOrders(tx, ctx, events.filter((e) => e.type === 'order.paid').map(orderIdOf), now);
    await settleRefunds(
      tx,
      ctx,
      [...new Set(events.filter((e) => e.type === 'order.refunded').map(orderIdOf))],
      now,
    );
  },
};
