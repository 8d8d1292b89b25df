import type { Database } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { Pii } from '../members/members.service.ts';
import type { OrderInput } from '../orders/orders.schema.ts';
import { type BatchRecord, ingestBatch } from '../orders/orders-batch.ts';
import { upsertProducts } from '../orders/products.service.ts';
import { ingestRefund } from '../orders/refunds.service.ts';
import { type DemoProduct, demoProducts } from './catalog.ts';
import type { Random } from './random.ts';
import type { DemoMember, DemoStore } from './seed-members.ts';

const channelOf: Record<string, string> = {
  physical: 'store_pos',
  livestream: 'livestream',
  mini_mall: 'wechat_mall',
  marketplace_shop: 'marketplace:tmall',
};

/**
 * The demo's trading history: the product catalogue, then `count` orders over the period through
 * the same batch ingest the API uses — members buying at their home store mostly, some online, a
 * share of non-member orders (for the member-share KPI) — and refunds, full and by line.
 */
export async function seedOrders(
  db: Database,
  ctx: Ctx,
  pii: Pii,
  rng: Random,
  stores: DemoStore[],
  members: DemoMember[],
  options: { count: number; now: Date; months: number; log: (line: string) => void },
): Promise<{ orders: number; refunds: number; products: number }> {
  const all = [...demoProducts.optical, ...demoProducts.tea];
  await db.tenant(ctx.tenantId, (tx) =>
    upsertProducts(
      tx,
      ctx,
      all.map((p) => ({
        sku: p.sku,
        name: p.name,
        categoryPath: p.category,
        brand: p.brand,
        priceCents: p.priceCents,
        status: 'active' as const,
      })),
    ),
  );
  const start = options.now.getTime() - options.months * 30 * 86_400_000;
  const totalAppetite = members.reduce((s, m) => s + m.appetite, 0);
  // Frequent buyers buy more: members are picked by appetite, through cumulative weights.
  const cumulative: number[] = [];
  let running = 0;
  for (const m of members) {
    running += m.appetite;
    cumulative.push(running);
  }
  const pick = () => members[bisect(cumulative, rng.next() * totalAppetite)]!;

  const refundable: { channel: string; externalId: string; paidAt: Date; lines: OrderInput['lines'] }[] = [];
  const chunk = 5_000;
  let done = 0;
  for (let begin = 0; begin < options.count; begin += chunk) {
    const records: BatchRecord[] = [];
    for (let i = begin; i < Math.min(begin + chunk, options.count); i++) {
      const member = rng.chance(0.85) ? pick() : null;
      const store =
        member && rng.chance(0.7)
          ? member.store
          : rng.pick(stores.filter((s) => !member || s.brand === member.store.brand));
      const from = Math.max(start, member ? member.joinedAt.getTime() : start);
      const paidAt = new Date(from + Math.floor((options.now.getTime() - from) * rng.next()));
      const catalogue = store.brand === 'optical' ? demoProducts.optical : demoProducts.tea;
      const lines = basket(rng, catalogue);
      const gross = lines.reduce((s, l) => s + l.qty * l.unitPriceCents, 0);
      // The brand mall sells the group-shared brand only; the tea house keeps its members per unit.
      const channel = store.brand === 'optical' && rng.chance(0.05) ? 'brand_mall' : channelOf[store.kind]!;
      const externalId = `D${String(i + 1).padStart(7, '0')}`;
      const input: OrderInput = {
        channel,
        externalId,
        ...(channel === 'brand_mall' ? {} : { storeId: `sto_${store.id}` }),
        ...(store.kind === 'physical' && store.guides.length > 0 && rng.chance(0.7)
          ? { guideId: `stf_${rng.pick(store.guides)}` }
          : {}),
        ...(member ? { member: { kind: 'phone' as const, value: member.phone } } : {}),
        lines,
        ...(gross !== lines.reduce((s, l) => s + l.paidCents, 0)
          ? { discountCents: gross - lines.reduce((s, l) => s + l.paidCents, 0) }
          : {}),
        paidAt: paidAt.toISOString(),
      };
      records.push({ ref: i + 1, input });
      if (rng.chance(0.025) && lines.some((l) => l.paidCents > 0))
        refundable.push({ channel, externalId, paidAt, lines });
    }
    const result = await db.tenant(ctx.tenantId, (tx) => ingestBatch(tx, ctx, pii, records));
    if (result.failed > 0)
      throw new Error(`demo orders rejected: ${JSON.stringify(result.errors.slice(0, 3))}`);
    done += records.length;
    options.log(`  orders ${done.toLocaleString('en')} / ${options.count.toLocaleString('en')}`);
  }
  let refunds = 0;
  for (const [n, r] of refundable.entries()) {
    const lineNo = r.lines.findIndex((l) => l.paidCents > 0) + 1;
    const line = r.lines[lineNo - 1]!;
    const partial = r.lines.length > 1 && rng.chance(0.4);
    await db.tenant(ctx.tenantId, (tx) =>
      ingestRefund(tx, ctx, {
        channel: r.channel,
        externalId: `R${String(n + 1).padStart(6, '0')}`,
        externalOrderId: r.externalId,
        ...(partial ? { lines: [{ lineNo, qty: line.qty, amountCents: line.paidCents }] } : {}),
        reason: partial ? '部分退货' : '整单退货',
        refundedAt: new Date(
          Math.min(options.now.getTime(), r.paidAt.getTime() + rng.int(1, 10) * 86_400_000),
        ).toISOString(),
      }),
    );
    refunds++;
  }
  options.log(`  refunds ${refunds.toLocaleString('en')}`);
  return { orders: done, refunds, products: all.length };
}

function basket(rng: Random, catalogue: DemoProduct[]): OrderInput['lines'] {
  const n = rng.chance(0.45) ? 1 : rng.chance(0.7) ? 2 : 3;
  const skus = new Set<DemoProduct>();
  while (skus.size < n) skus.add(rng.pick(catalogue));
  return [...skus].map((p) => {
    const qty = p.priceCents < 5_000 && rng.chance(0.3) ? rng.int(2, 4) : 1;
    const gross = qty * p.priceCents;
    // Members' discounts and promotions: 0–20% off some lines, in whole yuan.
    const off = rng.chance(0.3) ? Math.floor((gross * rng.int(5, 20)) / 100 / 100) * 100 : 0;
    return { sku: p.sku, qty, unitPriceCents: p.priceCents, paidCents: gross - off };
  });
}

function bisect(cumulative: number[], x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
