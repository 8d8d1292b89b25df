import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { Cipher } from '../../shared/crypto.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { issueCoupons } from '../coupons/coupons.service.ts';
import { emitMany, type NewEvent } from '../events/outbox.ts';
import { captureHold } from '../loyalty/points.holds.ts';
import { holdPoint } from '../loyalty/points.spend.ts';
import { type Address, normaliseAddress, previewOf, sealAddress } from './address.ts';
import { exchangeById } from './exchanges.repo.ts';
import { atomically, checkKey, once } from './idempotency.ts';
import { type ItemRow, loadItem } from './items.repo.ts';
import { type AddressInput, type ItemKind, maxQty } from './mall.schema.ts';
import { type ExchangeView, exchangeView } from './mall.view.ts';
import { mallError } from './mall-errors.ts';
import { type MemberForMall, memberForMall } from './member-lookup.ts';

/**
 * How long an exchange's hold reserves its points. The ledger's sweep voids holds past their
 * expiry; an exchange waits for shipping as long as it takes (days, weeks in a backlog), so its
 * hold is set far beyond any fulfilment and is only ever closed by this module: captured when
 * shipped, voided when cancelled.
 */
export const holdLifetimeMs = 10 * 365 * 86_400_000;

export interface PlaceExchangeRequest {
  /** Internal member id (bigint string); must be an active member. */
  memberId: string;
  /** Internal item id. */
  itemId: string;
  /** Units, 1–99 (default 1). */
  qty?: number | undefined;
  /** Required for a physical gift; ignored otherwise. */
  address?: AddressInput | undefined;
  /** Required: the same key again returns the first answer; with another request, a 409. */
  idempotencyKey: string;
}

export interface MallEnv {
  /** Seals the shipping address (personal data) at rest. */
  cipher: Cipher;
  /** The clock (tests pass their own). */
  now?: Date | undefined;
}

export interface PlaceExchangeResult {
  exchange: ExchangeView;
  replayed: boolean;
}

const instant = (kind: ItemKind) => kind !== 'physical_gift';

/**
 * Places an exchange for a member: checks the item is on the shelf and in its window and that the
 * member's tier may have it, raises the member's counter (conditional upsert), takes stock
 * (conditional UPDATE), and holds the points in the ledger (soonest-expiring lots first). A
 * coupon is issued, and a coupon or partner benefit delivered, at once (the hold is captured). All
 * or nothing, even if the caller catches the error: it runs in a savepoint.
 */
export async function placeExchange(
  tx: Tx,
  ctx: Ctx,
  req: PlaceExchangeRequest,
  env: MallEnv,
): Promise<PlaceExchangeResult> {
  const key = checkKey(req.idempotencyKey, 'idempotencyKey');
  const qty = req.qty ?? 1;
  if (!Number.isInteger(qty) || qty < 1 || qty > maxQty)
    throw invalid('qty', `must be a whole number from 1 to ${maxQty}`);
  const address = req.address ? normaliseAddress(req.address) : undefined;
  const payload = { memberId: req.memberId, itemId: req.itemId, qty, address: address ?? null };
  const now = env.now ?? new Date();
  const { result, replayed } = await atomically(tx, 'mall_place', () =>
    once(tx, ctx, 'place', key, payload, () =>
      place(tx, ctx, key, { memberId: req.memberId, itemId: req.itemId, qty, address }, env.cipher, now),
    ),
  );
  return { exchange: result, replayed };
}

interface Placement {
  memberId: string;
  itemId: string;
  qty: number;
  address: Address | undefined;
}

async function place(
  tx: Tx,
  ctx: Ctx,
  key: string,
  p: Placement,
  cipher: Cipher,
  now: Date,
): Promise<ExchangeView> {
  const member = await memberForMall(tx, p.memberId);
  if (member?.status !== 'active') {
    throw new AppError('NOT_FOUND', 'memberId: no such member', [
      { field: 'memberId', message: 'no such member' },
    ]);
  }
  const seen = await loadItem(tx, p.itemId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'NOT_FOUND')
      throw new AppError('NOT_FOUND', 'itemId: no such item', [{ field: 'itemId', message: 'no such item' }]);
    throw e;
  });
  // Checks on what was read; the conditional writes below are what hold under concurrency.
  shelfCheck(seen, now);
  tierCheck(seen, member);
  if (seen.kind === 'physical_gift' && !p.address)
    throw invalid('address', 'required: a physical gift is shipped');
  // Sold out as read: refuse before any work (in a rush most callers arrive after the last unit).
  if (seen.stock_left !== null && seen.stock_left < p.qty) throw outOfStock(seen.stock_left);
  await takeLimit(tx, ctx, seen, p.memberId, p.qty);
  const item = seen;

  const { id } = await tx.one<{ id: string }>(
    `SELECT nextval(pg_get_serial_sequence('mall_exchanges', 'id'))::text AS id`,
  );
  const publicId = toPublicId('mallExchange', id);
  const points = Number(item.points) * p.qty;
  const hold = await holdPoint(
    tx,
    ctx,
    {
      key: `mall:hold:${id}`,
      account: { memberId: member.id, scopeId: member.poolId },
      points,
      source: { type: 'mall_exchange', id: publicId },
      reason: `points mall: ${item.name} × ${p.qty}`,
      expiresAt: new Date(now.getTime() + holdLifetimeMs),
    },
    { now },
  ).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'POINTS_INSUFFICIENT') {
      const has = /only (\d+) points/.exec(e.errors?.[0]?.message ?? '')?.[1] ?? '0';
      throw new AppError(
        'POINTS_INSUFFICIENT',
        `points: this exchange needs ${points} points; the member has ${has} to spend`,
        [{ field: 'points', message: `needs ${points} points, ${has} spendable` }],
      );
    }
    throw e;
  });

  const couponIds = item.kind === 'coupon' ? await issue(tx, ctx, item, member.id, p.qty, publicId, now) : [];
  // Stock last: the item row is the one every placement of this item queues on, so it is held
  // only for the few statements left before the commit.
  await takeStock(tx, seen, p.qty, now);
  const cash = item.kind === 'physical_gift' ? Number(item.cash_cents) * p.qty : 0;
  const postage = item.kind === 'physical_gift' ? Number(item.postage_cents) : 0;
  await tx.exec(
    `INSERT INTO mall_exchanges (tenant_id, id, item_id, member_id, origin_member_id, kind, item_name, qty, points,
       cash_cents, postage_cents, payment_status, status, hold_id, coupon_ids, redemption_instructions, address_enc,
       address_preview, placed_at, delivered_at, placed_by, idempotency_key)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
    [
      ctx.tenantId,
      id,
      item.id,
      member.id,
      item.kind,
      item.name,
      p.qty,
      points,
      cash,
      postage,
      cash + postage > 0 ? 'pending' : 'none',
      instant(item.kind) ? 'delivered' : 'placed',
      hold.holdId,
      couponIds,
      item.kind === 'partner_benefit' ? item.redemption_instructions : null,
      p.address && item.kind === 'physical_gift' ? sealAddress(cipher, p.address) : null,
      p.address && item.kind === 'physical_gift' ? JSON.stringify(previewOf(p.address)) : null,
      now,
      instant(item.kind) ? now : null,
      ctx.actor.name,
      key,
    ],
  );
  if (instant(item.kind)) await captureHold(tx, ctx, hold.holdId, { now });
  const view = exchangeView(await exchangeById(tx, id));
  await emitMany(tx, ctx, exchangeEvents(view, instant(item.kind) ? ['placed', 'delivered'] : ['placed']));
  await audit(tx, ctx, {
    action: 'mall_exchange.placed',
    entityType: 'mall_exchange',
    entityId: publicId,
    after: view,
  });
  return view;
}

function shelfCheck(item: ItemRow, now: Date): void {
  if (item.status !== 'active') throw mallError('not_available', 'itemId', `the item is ${item.status}`);
  if (item.starts_at && item.starts_at > now)
    throw mallError('not_started', 'itemId', `exchanges open at ${item.starts_at.toISOString()}`);
  if (item.ends_at && item.ends_at <= now)
    throw mallError('ended', 'itemId', 'exchanges of this item have ended');
}

/** Members at or above the minimum rank, or holding a listed tier, may exchange; neither set: everyone. */
export function tierAllows(
  item: Pick<ItemRow, 'min_tier_rank' | 'tier_ids'>,
  tier: MemberForMall['tier'],
): boolean {
  const byRank = item.min_tier_rank !== null;
  const byList = item.tier_ids.length > 0;
  if (!byRank && !byList) return true;
  if (!tier) return false;
  return (byRank && tier.rank >= item.min_tier_rank!) || (byList && item.tier_ids.includes(tier.id));
}

function tierCheck(item: ItemRow, member: MemberForMall): void {
  if (tierAllows(item, member.tier)) return;
  const need =
    item.min_tier_rank !== null ? `tier rank ${item.min_tier_rank} or above` : 'one of the listed tiers';
  throw mallError(
    'tier_required',
    'memberId',
    `this item is for members of ${need}; the member is ${member.tier ? `at ${member.tier.name}` : 'in no tier yet'}`,
  );
}

/** Raises the member's counter by qty unless that passes the limit: one statement, never read-then-check. */
async function takeLimit(tx: Tx, ctx: Ctx, item: ItemRow, memberId: string, qty: number): Promise<void> {
  const limit = item.per_member_limit;
  if (limit === null) return;
  if (qty > limit) throw mallError('limit_reached', 'qty', `at most ${limit} per member`);
  const raised = await tx.maybeOne(
    `INSERT INTO mall_member_counts AS c (tenant_id, item_id, member_id, taken, max_taken)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, item_id, member_id)
     DO UPDATE SET taken = c.taken + EXCLUDED.taken, max_taken = EXCLUDED.max_taken
     WHERE c.taken + EXCLUDED.taken <= EXCLUDED.max_taken
     RETURNING taken`,
    [ctx.tenantId, item.id, memberId, qty, limit],
  );
  if (!raised)
    throw mallError('limit_reached', 'qty', `the member has exchanged as many as allowed (${limit})`);
}

/**
 * Takes qty units in one conditional UPDATE on the item row, which also re-checks under the row
 * lock the shelf, the window, and that the item is still the one priced and checked above (its
 * revision). The CHECK (stock_left >= 0) backs it. Unlimited items pass through the same row, so
 * a stock set meanwhile counts every unit.
 */
async function takeStock(tx: Tx, seen: ItemRow, qty: number, now: Date): Promise<void> {
  const taken = await tx.exec(
    `UPDATE mall_items SET stock_left = stock_left - $2, exchanged = exchanged + $2
     WHERE id = $1 AND status = 'active' AND (starts_at IS NULL OR starts_at <= $3) AND (ends_at IS NULL OR ends_at > $3)
       AND (stock_left IS NULL OR stock_left >= $2) AND revision = $4`,
    [seen.id, qty, now, seen.revision],
  );
  if (taken === 1) return;
  const item = await loadItem(tx, seen.id);
  if (item.revision !== seen.revision) {
    throw mallError(
      'not_available',
      'itemId',
      'the item was edited a moment ago: look at it again and retry',
    );
  }
  shelfCheck(item, now);
  throw outOfStock(item.stock_left ?? 0);
}

const outOfStock = (left: number) =>
  mallError('out_of_stock', 'qty', left === 0 ? 'the item is sold out' : `only ${left} left`);

/** Issues the coupons of a coupon item; if any cannot be issued the whole exchange fails and nothing is taken. */
async function issue(
  tx: Tx,
  ctx: Ctx,
  item: ItemRow,
  memberId: string,
  qty: number,
  exchangeId: string,
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < qty; i++) {
    const r = await issueCoupons(tx, ctx, {
      templateId: item.coupon_template_id!,
      memberIds: [memberId],
      source: { type: 'points_mall', id: exchangeId },
      idempotencyKey: `mall:${exchangeId}:${i + 1}`,
      now,
    }).catch((e: unknown) => {
      if (e instanceof AppError && e.code !== 'INTERNAL') {
        throw mallError('coupon_unavailable', 'itemId', `the coupon cannot be issued now: ${e.message}`);
      }
      throw e;
    });
    const skipped = r.skipped[0];
    if (skipped || !r.issued[0]) {
      const why = skipped?.reason.replaceAll('_', ' ') ?? 'not issued';
      throw mallError(
        'coupon_unavailable',
        'itemId',
        `the coupon cannot be issued: ${why}; nothing was taken`,
      );
    }
    ids.push(r.issued[0].couponId);
  }
  return ids;
}

export type ExchangeEvent = 'placed' | 'shipped' | 'delivered' | 'cancelled';

/** Events carry no address: webhooks leave the system. */
export function exchangeEvents(v: ExchangeView, kinds: ExchangeEvent[]): NewEvent[] {
  return kinds.map((k) => ({
    type: `mall.exchange.${k}` as const,
    aggregateType: 'mall_exchange',
    aggregateId: v.id,
    payload: {
      exchangeId: v.id,
      memberId: v.memberId,
      itemId: v.itemId,
      kind: v.kind,
      itemName: v.itemName,
      qty: v.qty,
      points: v.points,
      cashCents: v.cashCents,
      postageCents: v.postageCents,
      paymentStatus: v.paymentStatus,
      status: v.status,
      couponIds: v.couponIds,
      carrier: v.carrier,
      trackingNo: v.trackingNo,
      cancelReason: v.cancelReason,
    },
  }));
}
