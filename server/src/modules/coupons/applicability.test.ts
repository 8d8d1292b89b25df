import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluate, inCategory, type OrderContext, type Rules } from './applicability.ts';
import { looksLikeCode, normalizeCode, randomCode } from './codes.ts';
import { canonical } from './idempotency.ts';

const rules = (r: Partial<Rules> = {}): Rules => ({
  kind: 'cash_off',
  amountOffCents: 2000,
  percentOffBp: null,
  maxDiscountCents: null,
  thresholdCents: 0,
  giftSku: null,
  channels: [],
  storeIds: [],
  skus: [],
  categoryPrefixes: [],
  ...r,
});
const order = (o: Partial<OrderContext> = {}): OrderContext => ({
  channel: 'store_pos',
  storeId: '1',
  totalCents: 10000,
  shippingCents: 0,
  lines: [
    { sku: 'A', categoryPath: '镜架/金属框', qty: 1, amountCents: 6000 },
    { sku: 'B', categoryPath: '镜片', qty: 3, amountCents: 4000 },
  ],
  ...o,
});

test('category prefixes match whole path segments', () => {
  assert.ok(inCategory('镜架/金属框', '镜架'));
  assert.ok(inCategory('镜架', '镜架'));
  assert.ok(!inCategory('镜架子', '镜架'));
  assert.ok(!inCategory(undefined, '镜架'));
});

test('threshold and discounts are counted on covered items only', () => {
  const r = evaluate(rules({ categoryPrefixes: ['镜架'], thresholdCents: 6000 }), order());
  assert.deepEqual(r, { ok: true, applicableCents: 6000, discountCents: 2000 });
  const below = evaluate(rules({ skus: ['B'], thresholdCents: 5000 }), order());
  assert.equal(below.ok, false);
  assert.equal(!below.ok && below.reason, 'below_threshold');
  const pct = evaluate(
    rules({ kind: 'percent_off', amountOffCents: null, percentOffBp: 3333, skus: ['B'] }),
    order(),
  );
  assert.equal(pct.ok && pct.discountCents, 1333, 'rounded down');
  const gift = evaluate(rules({ kind: 'gift', amountOffCents: null, giftSku: 'B' }), order());
  assert.equal(gift.ok && gift.discountCents, 1333, 'one unit of the gift');
});

test('a discount never exceeds the order, the covered items, or the cap (property)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('cash_off', 'percent_off', 'gift', 'free_shipping'),
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.integer({ min: 1, max: 10_000 }),
      fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
      fc.array(
        fc.record({
          sku: fc.constantFrom('A', 'B', 'C'),
          qty: fc.integer({ min: 1, max: 5 }),
          amountCents: fc.integer({ min: 0, max: 100_000 }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      fc.integer({ min: 0, max: 5_000 }),
      (kind, off, bp, cap, lines, shipping) => {
        const total = lines.reduce((s, l) => s + l.amountCents, 0);
        const r = evaluate(
          rules({
            kind,
            amountOffCents: off,
            percentOffBp: bp,
            giftSku: 'B',
            maxDiscountCents: kind === 'cash_off' ? null : cap,
          }),
          order({ lines, totalCents: total, shippingCents: shipping }),
        );
        if (!r.ok) return;
        assert.ok(r.discountCents >= 0);
        assert.ok(r.discountCents <= total + shipping);
        if (cap !== null && kind !== 'cash_off') assert.ok(r.discountCents <= cap);
        if (kind !== 'free_shipping') assert.ok(r.discountCents <= r.applicableCents);
      },
    ),
    { numRuns: 500, seed: 42 },
  );
});

test('codes: 12 readable symbols, unique in practice, typed any way', () => {
  const codes = new Set(Array.from({ length: 20_000 }, () => randomCode()));
  assert.equal(codes.size, 20_000);
  for (const c of [...codes].slice(0, 100)) assert.match(c, /^[2-9A-HJ-NP-Z]{12}$/);
  assert.equal(normalizeCode('ab2c-d3ef 4ghj'), 'AB2CD3EF4GHJ');
  assert.ok(!looksLikeCode('WELCOME 5'));
});

test('canonical JSON ignores key order and undefined', () => {
  assert.equal(canonical({ b: 1, a: [{ d: undefined, c: 2 }] }), canonical({ a: [{ c: 2 }], b: 1 }));
});
