import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { Pii } from '../members/members.service.ts';
import { storeInfo } from '../tenancy/org.service.ts';
import { type CsvOrder, type LineError, paidAtIso, yuanField } from './imports.csv.ts';
import { staffIds } from './order-refs.ts';
import { type BatchRecord, ingestBatch, type RecordError, validateBatch } from './orders-batch.ts';

const lineColumn: Record<string, string> = {
  sku: 'sku',
  qty: 'qty',
  unitPriceCents: 'unit_price',
  paidCents: 'paid_amount',
};
const orderColumn: Record<string, string> = {
  channel: 'channel',
  externalId: 'external_id',
  paidAt: 'paid_at',
  storeId: 'store_code',
  guideId: 'guide_username',
  member: 'member_phone',
  'member.value': 'member_phone',
  discountCents: 'discount',
  couponCodes: 'coupon_codes',
  lines: 'paid_amount',
};

/** A record error as an error on the CSV line (and column) it comes from. */
function toLineError(order: CsvOrder, e: { field?: string | undefined; message: string }): LineError {
  const m = /^lines\.(\d+)\.?(.*)$/.exec(e.field ?? '');
  const item = m ? order.items[Number(m[1])] : undefined;
  if (item)
    return {
      line: item.line,
      externalId: order.externalId,
      field: lineColumn[m![2]!] ?? 'sku',
      message: e.message,
    };
  const field = e.field?.replace(/\.\d+$/, '');
  return {
    line: order.lines[0]!,
    externalId: order.externalId,
    field: (field && orderColumn[field]) ?? e.field,
    message: e.message,
  };
}

/**
 * CSV orders → order inputs: store codes and guide usernames resolved with one query each,
 * amounts in yuan parsed to cents, local times read in the tenant's time zone. What cannot be
 * converted is an error on its line; the rest is checked by the batch like any other input.
 */
export async function toOrderRecords(tx: Tx, orders: CsvOrder[], timeZone: string) {
  const codes = [...new Set(orders.map((o) => o.storeCode).filter(Boolean))];
  const usernames = [...new Set(orders.map((o) => o.guideUsername).filter(Boolean))];
  const stores = new Map((codes.length ? await storeInfo(tx, { codes }) : []).map((s) => [s.code, s.id]));
  const guides = new Map(
    [...(usernames.length ? await staffIds(tx, { usernames }) : new Map<string, string>())].map(([id, u]) => [
      u,
      id,
    ]),
  );
  const records: BatchRecord[] = [];
  const errors: { ref: number; error: LineError }[] = [];
  orders.forEach((o, ref) => {
    const fail = (line: number, field: string, message: string) =>
      errors.push({ ref, error: { line, externalId: o.externalId, field, message } });
    const first = o.lines[0]!;
    const paidAt = paidAtIso(o.paidAt, timeZone);
    if (!paidAt)
      fail(
        first,
        'paid_at',
        'not a time: use 2025-06-18T20:15:00+08:00 or 2025-06-18 20:15:00 (tenant time zone)',
      );
    const storeId = stores.get(o.storeCode);
    if (o.storeCode && !storeId) fail(first, 'store_code', `no store with code ${o.storeCode}`);
    const guideId = guides.get(o.guideUsername);
    if (o.guideUsername && !guideId) fail(first, 'guide_username', `no staff member ${o.guideUsername}`);
    const discount = o.discount ? yuanField(o.discount) : 0;
    if (typeof discount === 'string') fail(first, 'discount', discount);
    const lines = o.items.map((item) => {
      const qty = /^[0-9]{1,6}$/.test(item.qty) ? Number(item.qty) : Number.NaN;
      if (Number.isNaN(qty)) fail(item.line, 'qty', 'not a whole number of units');
      const unit = yuanField(item.unitPrice);
      if (typeof unit === 'string') fail(item.line, 'unit_price', unit);
      const paid = yuanField(item.paidAmount);
      if (typeof paid === 'string') fail(item.line, 'paid_amount', paid);
      return { sku: item.sku, qty, unitPriceCents: unit, paidCents: paid };
    });
    if (errors.at(-1)?.ref === ref) return;
    records.push({
      ref,
      input: {
        channel: o.channel,
        externalId: o.externalId,
        ...(storeId ? { storeId: `sto_${storeId}` } : {}),
        ...(guideId ? { guideId: `stf_${guideId}` } : {}),
        ...(o.memberPhone ? { member: { kind: 'phone', value: o.memberPhone } } : {}),
        lines,
        ...(o.discount ? { discountCents: discount } : {}),
        ...(o.couponCodes
          ? {
              couponCodes: o.couponCodes
                .split('|')
                .map((c) => c.trim())
                .filter(Boolean),
            }
          : {}),
        paidAt,
      },
    });
  });
  return { records, errors };
}

export interface ChunkOutcome {
  created: number;
  unchanged: number;
  revised: number;
  /** Indexes (into the chunk) of orders that failed. */
  failedRefs: Set<number>;
  errors: LineError[];
}

/** Ingests (or, with dryRun, only validates) a chunk of CSV orders in the caller's transaction. */
export async function importOrderChunk(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  orders: CsvOrder[],
  timeZone: string,
  dryRun = false,
): Promise<ChunkOutcome> {
  const { records, errors: conversion } = await toOrderRecords(tx, orders, timeZone);
  let recordErrors: RecordError[];
  const out = { created: 0, unchanged: 0, revised: 0 };
  if (dryRun) recordErrors = (await validateBatch(tx, pii.hmacKey, records)).errors;
  else {
    const result = await ingestBatch(tx, ctx, pii, records);
    recordErrors = result.errors;
    Object.assign(out, { created: result.created, unchanged: result.unchanged, revised: result.revised });
  }
  const errors = [
    ...conversion.map((c) => c.error),
    ...recordErrors.map((e) => toLineError(orders[e.ref]!, e)),
  ];
  errors.sort((a, b) => a.line - b.line);
  const failedRefs = new Set([...conversion.map((c) => c.ref), ...recordErrors.map((e) => e.ref)]);
  return { ...out, failedRefs, errors };
}
