import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { sha256 } from '../../shared/crypto.ts';
import { AppError, type FieldError } from '../../shared/errors.ts';
import { maxCents } from './money.ts';
import {
  emitOrderEvents,
  type LineRow,
  lineColumns,
  lockOrderKeys,
  type OrderRow,
  orderColumns,
} from './orders.repo.ts';
import { channel, externalId, RecordInvalid } from './orders.schema.ts';

export const refundInput = z.strictObject({
  channel,
  externalId: externalId.describe('the refund id in the source system'),
  externalOrderId: externalId.describe('the external id of the order it refunds'),
  amountCents: z.number().int().min(1).max(maxCents).optional(),
  lines: z
    .array(
      z
        .strictObject({
          lineNo: z.number().int().min(1).max(500).optional(),
          sku: z.string().trim().min(1).max(64).optional(),
          qty: z.number().int().min(0).max(100_000),
          amountCents: z.number().int().min(0).max(maxCents),
        })
        .refine((l) => (l.lineNo === undefined) !== (l.sku === undefined), 'give lineNo or sku, not both'),
    )
    .min(1)
    .max(500)
    .optional(),
  reason: z.string().trim().max(200).optional(),
  refundedAt: z.iso.datetime({ offset: true }),
});
export type RefundInput = z.infer<typeof refundInput>;

export interface RefundRow extends Record<string, unknown> {
  id: string;
  channel: string;
  external_id: string;
  external_order_id: string;
  order_id: string | null;
  status: 'held' | 'applied' | 'rejected';
  full_refund: boolean;
  amount_cents: string | null;
  lines: RefundLine[];
  reason: string | null;
  rejection: string | null;
  refunded_at: Date;
  created_at: Date;
  applied_at: Date | null;
}

type RefundLine = { lineNo?: number; sku?: string; qty: number; amountCents: number };

const refundFields = [
  'id',
  'channel',
  'external_id',
  'external_order_id',
  'order_id',
  'status',
  'full_refund',
];
refundFields.push('amount_cents', 'lines', 'reason', 'rejection', 'refunded_at', 'created_at', 'applied_at');
export const refundColumnsOf = (alias = '') => refundFields.map((c) => `${alias}${c}`).join(', ');
export const refundColumns = refundColumnsOf();

export type RefundOutcome = 'applied' | 'held' | 'unchanged';

function refundHash(input: RefundInput): Buffer {
  return sha256(
    JSON.stringify([
      input.channel,
      input.externalId,
      input.externalOrderId,
      input.amountCents ?? null,
      (input.lines ?? []).map((l) => [l.lineNo ?? null, l.sku ?? null, l.qty, l.amountCents]),
      input.reason ?? null,
      new Date(input.refundedAt).toISOString(),
    ]),
  );
}

/**
 * Records a refund, idempotent on (channel, refund id): the same refund again changes nothing;
 * the same id with another payload is refused. A refund whose order has not arrived is held and
 * applied when it does. A refund larger than what is left to refund is refused, naming the field.
 */
export async function ingestRefund(
  tx: Tx,
  ctx: Ctx,
  input: RefundInput,
): Promise<{ refund: RefundRow; outcome: RefundOutcome }> {
  const lines = input.lines ?? [];
  const sum = lines.reduce((s, l) => s + l.amountCents, 0);
  if (input.lines && input.amountCents !== undefined && input.amountCents !== sum) {
    throw new RecordInvalid([{ field: 'amountCents', message: `must equal Σ lines.amountCents (${sum})` }]);
  }
  if (input.lines && sum === 0) throw new RecordInvalid([{ field: 'lines', message: 'refunds nothing' }]);
  const hash = refundHash(input);
  const same = async () => {
    const row = await tx.maybeOne<RefundRow & { payload_hash: Buffer }>(
      `SELECT ${refundColumns}, payload_hash FROM refunds WHERE channel = $1 AND external_id = $2`,
      [input.channel, input.externalId],
    );
    if (row && !row.payload_hash.equals(hash)) {
      throw new AppError(
        'IDEMPOTENCY_MISMATCH',
        `Refund ${input.externalId} was already received with other content`,
      );
    }
    return row;
  };
  const before = await same();
  if (before) return { refund: before, outcome: 'unchanged' };

  const key = { channel: input.channel, externalId: input.externalOrderId };
  const findOrder = () =>
    tx.maybeOne<OrderRow>(
      `SELECT ${orderColumns} FROM orders WHERE channel = $1 AND external_id = $2 FOR UPDATE`,
      [key.channel, key.externalId],
    );
  let order = await findOrder();
  if (!order) {
    await lockOrderKeys(tx, ctx, [key], true);
    order = await findOrder();
  }
  const full = !input.lines && input.amountCents === undefined;
  const inserted = await tx.maybeOne<RefundRow>(
    `INSERT INTO refunds (tenant_id, channel, external_id, external_order_id, order_id, status, full_refund, amount_cents,
       lines, reason, refunded_at, payload_hash)
     VALUES ($1, $2, $3, $4, NULL, 'held', $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, channel, external_id) DO NOTHING RETURNING ${refundColumns}`,
    [
      ctx.tenantId,
      input.channel,
      input.externalId,
      input.externalOrderId,
      full,
      full ? null : (input.amountCents ?? sum),
      JSON.stringify(lines),
      input.reason ?? null,
      new Date(input.refundedAt),
      hash,
    ],
  );
  if (!inserted) return { refund: (await same())!, outcome: 'unchanged' };
  if (!order) return { refund: inserted, outcome: 'held' };
  const errors = await applyRefund(tx, ctx, order, inserted);
  if (errors) throw new RecordInvalid(errors);
  return { refund: (await loadRefund(tx, inserted.id))!, outcome: 'applied' };
}

export const loadRefund = (tx: Tx, id: string) =>
  tx.maybeOne<RefundRow>(`SELECT ${refundColumns} FROM refunds WHERE id = $1`, [id]);

const statusAfter = (order: OrderRow, refunded: number) =>
  order.status === 'cancelled'
    ? 'cancelled'
    : refunded === 0
      ? 'paid'
      : refunded >= Number(order.paid_cents)
        ? 'refunded'
        : 'partially_refunded';

export { statusAfter };

/**
 * Applies a recorded refund to its (locked) order: lines, totals, status, order.refunded.
 * Returns the field errors instead when it does not fit what is left, writing nothing.
 */
export async function applyRefund(
  tx: Tx,
  ctx: Ctx,
  order: OrderRow,
  refund: RefundRow,
): Promise<FieldError[] | undefined> {
  if (order.status === 'cancelled') return [{ field: 'externalOrderId', message: 'the order is cancelled' }];
  const lines = await tx.many<LineRow>(
    `SELECT ${lineColumns} FROM order_lines WHERE order_id = $1 ORDER BY line_no`,
    [order.id],
  );
  const left = Number(order.paid_cents) - Number(order.refunded_cents);
  const errors: FieldError[] = [];
  const changes: { line: LineRow; qty: number; cents: number }[] = [];
  let amount: number;
  if (refund.full_refund) {
    amount = left;
    if (amount <= 0)
      errors.push({ field: 'amountCents', message: 'nothing is left to refund on this order' });
    for (const line of lines)
      changes.push({
        line,
        qty: line.qty - line.refunded_qty,
        cents: Number(line.paid_cents) - Number(line.refunded_cents),
      });
  } else {
    amount = Number(refund.amount_cents);
    const used = new Set<number>();
    refund.lines.forEach((r, i) => {
      const line = lines.find((l) => (r.lineNo !== undefined ? l.line_no === r.lineNo : l.sku === r.sku));
      if (!line) {
        errors.push({
          field: `lines.${i}.${r.lineNo !== undefined ? 'lineNo' : 'sku'}`,
          message: 'no such line on the order',
        });
        return;
      }
      if (used.has(line.line_no))
        errors.push({ field: `lines.${i}`, message: `line ${line.line_no} is named twice` });
      used.add(line.line_no);
      const qtyLeft = line.qty - line.refunded_qty;
      const centsLeft = Number(line.paid_cents) - Number(line.refunded_cents);
      if (r.qty > qtyLeft)
        errors.push({
          field: `lines.${i}.qty`,
          message: `only ${qtyLeft} left to refund on line ${line.line_no}`,
        });
      if (r.amountCents > centsLeft) {
        errors.push({
          field: `lines.${i}.amountCents`,
          message: `only ${centsLeft} cents left to refund on line ${line.line_no}`,
        });
      }
      changes.push({ line, qty: r.qty, cents: r.amountCents });
    });
    if (amount > left)
      errors.push({ field: 'amountCents', message: `only ${left} cents are left to refund on this order` });
  }
  if (errors.length > 0) return errors;
  const refunded = Number(order.refunded_cents) + amount;
  for (const c of changes) {
    if (c.qty === 0 && c.cents === 0) continue;
    await tx.exec(
      'UPDATE order_lines SET refunded_qty = refunded_qty + $3, refunded_cents = refunded_cents + $4 WHERE order_id = $1 AND line_no = $2',
      [order.id, c.line.line_no, c.qty, c.cents],
    );
  }
  await tx.exec('UPDATE orders SET refunded_cents = $2, status = $3, updated_at = now() WHERE id = $1', [
    order.id,
    refunded,
    statusAfter(order, refunded),
  ]);
  await tx.exec(
    `UPDATE refunds SET status = 'applied', order_id = $2, amount_cents = $3, applied_at = now() WHERE id = $1`,
    [refund.id, order.id, amount],
  );
  await emitOrderEvents(tx, ctx, 'order.refunded', [
    {
      orderId: order.id,
      payload: {
        orderId: `ord_${order.id}`,
        refundId: `rfd_${refund.id}`,
        externalId: refund.external_id,
        amountCents: amount,
        full: refund.full_refund,
        lines: changes
          .filter((c) => c.qty > 0 || c.cents > 0)
          .map((c) => ({ lineNo: c.line.line_no, sku: c.line.sku, qty: c.qty, amountCents: c.cents })),
        memberId: order.member_id ? `mem_${order.member_id}` : null,
        refundedAt: refund.refunded_at.toISOString(),
      },
    },
  ]);
  return undefined;
}

/**
 * Applies the refunds held for orders that have just been written, in the order they arrived.
 * One that no longer fits (the order came cancelled, or smaller) is kept as rejected, with why.
 */
export async function applyHeldRefunds(
  tx: Tx,
  ctx: Ctx,
  orders: { id: string; channel: string; externalId: string }[],
) {
  if (orders.length === 0) return;
  const held = await tx.many<RefundRow>(
    `SELECT ${refundColumnsOf('r.')} FROM refunds r
     JOIN unnest($1::text[], $2::text[]) AS k(channel, external_id) ON r.channel = k.channel AND r.external_order_id = k.external_id
     WHERE r.status = 'held' ORDER BY r.id FOR UPDATE OF r`,
    [orders.map((o) => o.channel), orders.map((o) => o.externalId)],
  );
  for (const refund of held) {
    const order = await tx.one<OrderRow>(
      `SELECT ${orderColumns} FROM orders WHERE channel = $1 AND external_id = $2 FOR UPDATE`,
      [refund.channel, refund.external_order_id],
    );
    const errors = await applyRefund(tx, ctx, order, refund);
    if (errors) {
      await tx.exec(`UPDATE refunds SET status = 'rejected', order_id = $2, rejection = $3 WHERE id = $1`, [
        refund.id,
        order.id,
        errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      ]);
    }
  }
}
