import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { emitMany } from '../events/outbox.ts';
import { captureHolds, voidHold } from '../loyalty/points.holds.ts';
import { type ExchangeEvent, exchangeEvents } from './exchanges.place.ts';
import { type ExchangeRow, exchangeById, loadExchange, lockExchanges } from './exchanges.repo.ts';
import { type ExchangeView, exchangeView } from './mall.view.ts';
import { type MallError, mallError } from './mall-errors.ts';

// The life of an exchange after placement: placed → shipped → delivered, or placed → cancelled.
// Each change locks the exchange row first; repeating a change already made answers as before.

export interface Clock {
  now?: Date | undefined;
}

export interface ShipLine {
  /** Internal exchange id. */
  exchangeId: string;
  carrier: string;
  trackingNo: string;
}

export type ShipOutcome =
  | { status: 'shipped'; exchange: ExchangeView }
  | { status: 'unchanged'; exchange: ExchangeView }
  | { status: 'error'; error: MallError | AppError };

async function record(
  tx: Tx,
  ctx: Ctx,
  row: ExchangeRow,
  events: ExchangeEvent[],
  action: string,
  extra?: object,
) {
  const view = exchangeView(row);
  await emitMany(tx, ctx, exchangeEvents(view, events));
  await audit(tx, ctx, {
    action,
    entityType: 'mall_exchange',
    entityId: view.id,
    after: { ...view, ...extra },
  });
  return view;
}

function shipRefusal(row: ExchangeRow, line: ShipLine): AppError | 'same' | undefined {
  if (row.status === 'shipped' || row.status === 'delivered') {
    if (row.carrier === line.carrier && row.tracking_no === line.trackingNo) return 'same';
    if (row.kind !== 'physical_gift')
      return mallError('bad_transition', 'id', 'this exchange was delivered at once: nothing to ship');
    return mallError(
      'already_shipped',
      'trackingNo',
      `already shipped with ${row.carrier} ${row.tracking_no}`,
    );
  }
  if (row.status === 'cancelled') return mallError('bad_transition', 'id', 'the exchange was cancelled');
  if (row.payment_status === 'pending')
    return mallError(
      'payment_pending',
      'paymentStatus',
      'the cash part has not been paid: mark it paid first',
    );
  return undefined;
}

/**
 * Ships exchanges (one, or a file's worth): locks them in id order, refuses per line what cannot
 * ship, captures the holds of the rest in one ledger call (the points are spent now) and marks
 * them shipped in one statement. Returns an outcome per line, in order.
 */
export async function shipExchanges(
  tx: Tx,
  ctx: Ctx,
  lines: ShipLine[],
  clock: Clock = {},
): Promise<ShipOutcome[]> {
  const now = clock.now ?? new Date();
  const rows = await lockExchanges(
    tx,
    ctx,
    lines.map((l) => l.exchangeId),
  );
  const outcomes: (ShipOutcome | undefined)[] = [];
  const shipping = new Map<string, ShipLine>();
  lines.forEach((line, i) => {
    const row = rows.get(line.exchangeId);
    if (!row) {
      outcomes[i] = {
        status: 'error',
        error: new AppError('NOT_FOUND', 'Exchange not found', [
          { field: 'exchangeId', message: 'no such exchange' },
        ]),
      };
      return;
    }
    const earlier = shipping.get(line.exchangeId);
    if (earlier) {
      const same = earlier.carrier === line.carrier && earlier.trackingNo === line.trackingNo;
      outcomes[i] = same
        ? { status: 'unchanged', exchange: exchangeView(row) }
        : {
            status: 'error',
            error: mallError(
              'already_shipped',
              'trackingNo',
              'the same exchange appears earlier with another tracking number',
            ),
          };
      return;
    }
    const refusal = shipRefusal(row, line);
    if (refusal === 'same') outcomes[i] = { status: 'unchanged', exchange: exchangeView(row) };
    else if (refusal) outcomes[i] = { status: 'error', error: refusal };
    else shipping.set(line.exchangeId, line);
  });
  const shipped = new Map<string, ExchangeView>();
  if (shipping.size > 0) {
    const ids = [...shipping.keys()];
    await captureHolds(
      tx,
      ctx,
      ids.map((id) => rows.get(id)!.hold_id),
      { now },
    );
    const updated = await tx.many<{ id: string }>(
      `UPDATE mall_exchanges e SET status = 'shipped', carrier = x.carrier, tracking_no = x.tracking_no, shipped_at = $2,
         updated_at = now()
       FROM json_to_recordset($1::json) AS x(id bigint, carrier text, tracking_no text)
       WHERE e.id = x.id AND e.status = 'placed' RETURNING e.id`,
      [
        JSON.stringify(
          ids.map((id) => ({
            id,
            carrier: shipping.get(id)!.carrier,
            tracking_no: shipping.get(id)!.trackingNo,
          })),
        ),
        now,
      ],
    );
    if (updated.length !== ids.length)
      throw new AppError('CONFLICT', 'Exchanges changed while shipping; retry');
    const views: ExchangeView[] = [];
    for (const id of ids) {
      const v = exchangeView(await exchangeById(tx, id));
      shipped.set(id, v);
      views.push(v);
    }
    await emitMany(
      tx,
      ctx,
      views.flatMap((v) => exchangeEvents(v, ['shipped'])),
    );
    await audit(tx, ctx, {
      action: ids.length === 1 ? 'mall_exchange.shipped' : 'mall_exchange.bulk_shipped',
      entityType: 'mall_exchange',
      entityId: ids.length === 1 ? views[0]!.id : null,
      after: views.map((v) => ({ id: v.id, carrier: v.carrier, trackingNo: v.trackingNo })),
    });
  }
  return lines.map((line, i) => {
    const o = outcomes[i];
    if (o?.status === 'unchanged') {
      // A repeat within this call is unchanged too, with the exchange as it is now.
      const v = shipped.get(line.exchangeId);
      return v ? { status: 'unchanged' as const, exchange: v } : o;
    }
    return o ?? { status: 'shipped' as const, exchange: shipped.get(line.exchangeId)! };
  });
}

/** Ships one exchange; shipping it again with the same carrier and number answers as before. */
export async function shipExchange(
  tx: Tx,
  ctx: Ctx,
  line: ShipLine,
  clock: Clock = {},
): Promise<{ exchange: ExchangeView; replayed: boolean }> {
  const [o] = await shipExchanges(tx, ctx, [line], clock);
  if (o!.status === 'error') throw o!.error;
  return { exchange: o!.exchange, replayed: o!.status === 'unchanged' };
}

/** Marks a shipped exchange delivered. */
export async function deliverExchange(
  tx: Tx,
  ctx: Ctx,
  id: string,
  clock: Clock = {},
): Promise<ExchangeView> {
  const row = await loadExchange(tx, ctx, id, true);
  if (row.status === 'delivered') return exchangeView(row);
  if (row.status !== 'shipped') {
    throw mallError(
      'bad_transition',
      'status',
      `a ${row.status} exchange cannot be marked delivered: ship it first`,
    );
  }
  await tx.exec(
    `UPDATE mall_exchanges SET status = 'delivered', delivered_at = $2, updated_at = now() WHERE id = $1`,
    [id, clock.now ?? new Date()],
  );
  return record(tx, ctx, await exchangeById(tx, id), ['delivered'], 'mall_exchange.delivered');
}

/**
 * Cancels a placed exchange: the member's counter and the item's stock come back, and the hold is
 * voided, so the points return to the very lots they came from, with those lots' expiry (points of
 * a lot that expired meanwhile expire at the next expiry run). Locks in placement's order — the
 * exchange, then counter, points account, item — so a cancel and a placement never deadlock.
 * `memberId` restricts it to that member's own exchanges (the member H5).
 */
export async function cancelExchange(
  tx: Tx,
  ctx: Ctx,
  id: string,
  input: { reason: string; memberId?: string | undefined },
  clock: Clock = {},
): Promise<ExchangeView> {
  const row = await loadExchange(tx, ctx, id, true);
  if (input.memberId !== undefined && row.member_id !== input.memberId)
    throw new AppError('NOT_FOUND', 'Exchange not found');
  if (row.status === 'cancelled') return exchangeView(row);
  if (row.status !== 'placed') {
    throw mallError(
      'bad_transition',
      'status',
      row.kind === 'physical_gift'
        ? `a ${row.status} exchange cannot be cancelled: its points were spent when it shipped`
        : 'this exchange was delivered at once and cannot be cancelled',
    );
  }
  await tx.exec(
    'UPDATE mall_member_counts SET taken = taken - $3 WHERE item_id = $1 AND member_id = $2 AND taken >= $3',
    [row.item_id, row.origin_member_id, row.qty],
  );
  const now = clock.now ?? new Date();
  await voidHold(tx, ctx, row.hold_id, { now });
  await tx.exec(
    `UPDATE mall_items SET stock_left = stock_left + $2, exchanged = exchanged - $2 WHERE id = $1`,
    [row.item_id, row.qty],
  );
  await tx.exec(
    `UPDATE mall_exchanges SET status = 'cancelled', cancelled_at = $2, cancel_reason = $3, updated_at = now() WHERE id = $1`,
    [id, now, input.reason],
  );
  return record(tx, ctx, await exchangeById(tx, id), ['cancelled'], 'mall_exchange.cancelled', {
    paidCashToRefund: row.payment_status === 'paid',
  });
}

/** Records that the cash part (and postage) was paid; a payment provider is out of scope for now. */
export async function markExchangePaid(
  tx: Tx,
  ctx: Ctx,
  id: string,
  input: { reference?: string | undefined },
  clock: Clock = {},
): Promise<ExchangeView> {
  const row = await loadExchange(tx, ctx, id, true);
  if (row.payment_status === 'paid') return exchangeView(row);
  if (row.payment_status === 'none')
    throw mallError('bad_transition', 'paymentStatus', 'this exchange has no cash part');
  if (row.status === 'cancelled') throw mallError('bad_transition', 'status', 'the exchange was cancelled');
  await tx.exec(
    `UPDATE mall_exchanges SET payment_status = 'paid', paid_at = $2, payment_ref = $3, updated_at = now() WHERE id = $1`,
    [id, clock.now ?? new Date(), input.reference ?? null],
  );
  const after = exchangeView(await exchangeById(tx, id));
  await audit(tx, ctx, {
    action: 'mall_exchange.paid',
    entityType: 'mall_exchange',
    entityId: toPublicId('mallExchange', id),
    after,
  });
  return after;
}
