import { parse } from 'csv-parse/sync';
import { AppError } from '../../shared/errors.ts';
import { parseYuan } from './money.ts';
import type { ProductInput } from './products.service.ts';

/** An error on a line of a file (1-based, counting the header as line 1). */
export interface LineError {
  line: number;
  externalId?: string | undefined;
  field?: string | undefined;
  message: string;
}

export const orderColumns = [
  'channel',
  'external_id',
  'paid_at',
  'store_code',
  'guide_username',
  'member_phone',
  'sku',
  'qty',
  'unit_price',
  'paid_amount',
  'discount',
  'coupon_codes',
] as const;
export const productColumns = ['sku', 'name', 'category_path', 'brand', 'price'] as const;

type Row = { line: number; values: Record<string, string> };

/** Parses a CSV file with a header row; rows that are not valid CSV or have the wrong width are errors, not the end. */
export function readCsv(content: string, columns: readonly string[], required: readonly string[]) {
  const errors: LineError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(content, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        const line = (err as { lines?: number } | undefined)?.lines ?? 0;
        if (!errors.some((e) => e.line === line))
          errors.push({ line, message: `not valid CSV: ${err?.message ?? 'unreadable'}` });
        return undefined;
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw new AppError('VALIDATION', `The file is not valid CSV: ${(e as Error).message}`, [
      { field: 'content', message: 'not valid CSV' },
    ]);
  }
  const header = records.shift();
  if (!header)
    throw new AppError('VALIDATION', 'The file is empty', [{ field: 'content', message: 'no header row' }]);
  const names = header.record.map((h) => h.toLowerCase());
  const missing = required.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !columns.includes(n));
  if (missing.length || unknown.length) {
    const message = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unknown.length ? `unknown ${unknown.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw new AppError('VALIDATION', `Header row: ${message}. Expected: ${columns.join(',')}`, [
      { field: 'content', message },
    ]);
  }
  const rows: Row[] = [];
  for (const { record, info } of records) {
    if (record.length !== names.length) {
      errors.push({ line: info.lines, message: `expected ${names.length} columns, found ${record.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    names.forEach((n, i) => {
      values[n] = record[i] ?? '';
    });
    rows.push({ line: info.lines, values });
  }
  return { rows, errors, dataLines: rows.length + errors.length };
}

/** One order from a CSV file: its rows (one per line item) and the order-level values they agree on. */
export interface CsvOrder {
  lines: number[];
  channel: string;
  externalId: string;
  paidAt: string;
  storeCode: string;
  guideUsername: string;
  memberPhone: string;
  discount: string;
  couponCodes: string;
  items: { line: number; sku: string; qty: string; unitPrice: string; paidAmount: string }[];
}

const orderLevel = [
  ['paid_at', 'paidAt'],
  ['store_code', 'storeCode'],
  ['guide_username', 'guideUsername'],
  ['member_phone', 'memberPhone'],
  ['discount', 'discount'],
  ['coupon_codes', 'couponCodes'],
] as const;

/**
 * Groups rows into orders by (channel, external_id). Order-level columns may be repeated on every
 * row or given once; two different values for one order are an error on the later row.
 */
export function groupOrders(rows: Row[]): {
  orders: CsvOrder[];
  errors: LineError[];
  badLines: Map<string, number[]>;
} {
  const byKey = new Map<string, CsvOrder>();
  const errors: LineError[] = [];
  const badLines = new Map<string, number[]>();
  for (const { line, values: v } of rows) {
    const key = `${v.channel}\u0000${v.external_id}`;
    let order = byKey.get(key);
    if (!order) {
      order = {
        lines: [],
        channel: v.channel ?? '',
        externalId: v.external_id ?? '',
        paidAt: '',
        storeCode: '',
        guideUsername: '',
        memberPhone: '',
        discount: '',
        couponCodes: '',
        items: [],
      };
      byKey.set(key, order);
    }
    order.lines.push(line);
    for (const [column, prop] of orderLevel) {
      const value = v[column] ?? '';
      if (!value) continue;
      if (order[prop] && order[prop] !== value) {
        errors.push({
          line,
          externalId: order.externalId,
          field: column,
          message: `differs from an earlier line of the same order (${order[prop]})`,
        });
        badLines.set(key, [...(badLines.get(key) ?? []), line]);
      } else order[prop] = value;
    }
    order.items.push({
      line,
      sku: v.sku ?? '',
      qty: v.qty ?? '',
      unitPrice: v.unit_price ?? '',
      paidAmount: v.paid_amount ?? '',
    });
  }
  return { orders: [...byKey.values()], errors, badLines };
}

const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return (
    Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) -
    Math.floor(at / 1000) * 1000
  );
}

/** paid_at as written in POS exports: ISO 8601 with an offset, or a local 'YYYY-MM-DD HH:mm[:ss]' in the tenant's time zone. */
export function paidAtIso(text: string, timeZone: string): string | undefined {
  const m = local.exec(text);
  if (!m)
    return Number.isNaN(Date.parse(text)) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(text)
      ? undefined
      : new Date(text).toISOString();
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (Number.isNaN(guess)) return undefined;
  const first = guess - offsetMs(guess, timeZone);
  return new Date(guess - offsetMs(first, timeZone)).toISOString();
}

/** A money column in yuan → cents, or the error message. */
export function yuanField(text: string): number | string {
  const cents = parseYuan(text);
  return cents === undefined ? 'not an amount in yuan (e.g. 12.50)' : cents;
}

/** Product rows → product inputs, each bad row reported. */
export function productRows(rows: Row[]): {
  items: { line: number; input: Omit<ProductInput, 'priceCents'> & { priceCents: number } }[];
  errors: LineError[];
} {
  const items: { line: number; input: ProductInput }[] = [];
  const errors: LineError[] = [];
  for (const { line, values: v } of rows) {
    const price = yuanField(v.price ?? '');
    if (typeof price === 'string') {
      errors.push({ line, field: 'price', message: price });
      continue;
    }
    items.push({
      line,
      input: {
        sku: v.sku ?? '',
        name: v.name ?? '',
        categoryPath: v.category_path ?? '',
        brand: v.brand || null,
        priceCents: price,
      },
    });
  }
  return { items, errors };
}
