import { formatYuan } from '../orders/money.ts';
import type { CouponReason } from './coupon-errors.ts';
import type { Kind } from './coupons.schema.ts';

/** What a coupon's template says about where it applies and what it is worth. */
export interface Rules {
  kind: Kind;
  amountOffCents: number | null;
  percentOffBp: number | null;
  maxDiscountCents: number | null;
  thresholdCents: number;
  giftSku: string | null;
  channels: readonly string[];
  storeIds: readonly string[];
  skus: readonly string[];
  categoryPrefixes: readonly string[];
}

export interface OrderLine {
  sku: string;
  categoryPath?: string | undefined;
  qty: number;
  amountCents: number;
}

/** The order a coupon is presented with (store as an internal id). */
export interface OrderContext {
  channel: string;
  storeId: string | null;
  totalCents: number;
  shippingCents: number;
  lines: readonly OrderLine[];
}

export type Evaluation =
  | { ok: true; discountCents: number; applicableCents: number }
  | { ok: false; reason: CouponReason; field: string; message: string };

/** '镜架' covers '镜架' and '镜架/金属框', not '镜架子'. */
export const inCategory = (path: string | undefined, prefix: string): boolean =>
  path !== undefined && (path === prefix || path.startsWith(`${prefix}/`));

export function lineApplies(rules: Rules, line: OrderLine): boolean {
  if (rules.skus.length === 0 && rules.categoryPrefixes.length === 0) return true;
  return (
    rules.skus.includes(line.sku) || rules.categoryPrefixes.some((p) => inCategory(line.categoryPath, p))
  );
}

const no = (reason: CouponReason, field: string, message: string): Evaluation => ({
  ok: false,
  reason,
  field,
  message,
});

/**
 * Whether a coupon applies to an order and what it takes off, checked in the order a cashier
 * would explain it: channel, store, items, threshold, then the kind's own condition. The discount
 * never exceeds the applicable amount (or the shipping fee, or the gift's unit price) nor the order.
 */
export function evaluate(rules: Rules, order: OrderContext): Evaluation {
  if (rules.channels.length > 0 && !rules.channels.includes(order.channel)) {
    return no(
      'not_applicable',
      'order.channel',
      `not valid on ${order.channel}; valid on ${rules.channels.join(', ')}`,
    );
  }
  if (rules.storeIds.length > 0 && (order.storeId === null || !rules.storeIds.includes(order.storeId))) {
    return no(
      'not_applicable',
      'order.storeId',
      order.storeId === null ? 'valid only in certain stores: name the store' : 'not valid in this store',
    );
  }
  const applicable = order.lines.filter((l) => lineApplies(rules, l));
  if (applicable.length === 0) {
    return no('not_applicable', 'order.lines', 'no item in the order is one this coupon covers');
  }
  const applicableCents = applicable.reduce((sum, l) => sum + l.amountCents, 0);
  if (applicableCents < rules.thresholdCents) {
    return no(
      'below_threshold',
      'order.lines',
      `covered items come to ¥${formatYuan(applicableCents)}; the coupon needs ¥${formatYuan(rules.thresholdCents)}`,
    );
  }
  const cap = (n: number) => Math.min(n, rules.maxDiscountCents ?? n, order.totalCents + order.shippingCents);
  switch (rules.kind) {
    case 'cash_off':
      return {
        ok: true,
        applicableCents,
        discountCents: cap(Math.min(rules.amountOffCents!, applicableCents)),
      };
    case 'percent_off':
      return {
        ok: true,
        applicableCents,
        discountCents: cap(Math.floor((applicableCents * rules.percentOffBp!) / 10_000)),
      };
    case 'gift': {
      const line = order.lines.find((l) => l.sku === rules.giftSku);
      if (!line) return no('not_applicable', 'order.lines', `the gift ${rules.giftSku} is not in the order`);
      return { ok: true, applicableCents, discountCents: cap(Math.floor(line.amountCents / line.qty)) };
    }
    case 'free_shipping':
      if (order.shippingCents <= 0)
        return no('not_applicable', 'order.shippingCents', 'the order has no shipping fee');
      return { ok: true, applicableCents, discountCents: cap(order.shippingCents) };
  }
}
