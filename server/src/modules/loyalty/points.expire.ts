import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { toPublicId } from '../../shared/ids.ts';
import { emitMany } from '../events/outbox.ts';
import { systemAccounts } from './ledger.accounts.ts';
import { actorName } from './ledger.engine.ts';
import type { LedgerOptions } from './ledger.types.ts';

/**
 * Expires every available lot whose expires_at has passed, for the accounts of the first `limit`
 * such lots: one journal per account, written set-based in SQL (no rows travel to the process),
 * so a run over millions of lots is a loop of two statements per chunk. Returns `more` when
 * another chunk may be due. Held points are not expired: a void puts them back into their lot,
 * and the next run expires them then.
 */
export async function expirePoints(
  tx: Tx,
  ctx: Ctx,
  opts: LedgerOptions & { limit?: number; accountIds?: string[] } = {},
): Promise<{ lots: number; points: number; accounts: number; more: boolean }> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 5000;
  const only = opts.accountIds ? 'AND account_id = ANY ($3::bigint[])' : '';
  // Lock the accounts first (spends and holds lock them too), then read the lots afresh. The
  // data-modifying parts of the second statement run to completion whether or not read.
  const locked = await tx.many<{ id: string; n: string }>(
    `WITH d AS (
       SELECT account_id FROM ledger_lots
       WHERE state = 'available' AND remaining > 0 AND expires_at <= $1 ${only}
       ORDER BY expires_at, id LIMIT $2
     )
     SELECT a.id, (SELECT count(*) FROM d) AS n FROM ledger_accounts a
     WHERE a.id IN (SELECT account_id FROM d) ORDER BY a.id FOR UPDATE OF a`,
    opts.accountIds ? [now, limit, opts.accountIds] : [now, limit],
  );
  if (locked.length === 0) return { lots: 0, points: 0, accounts: 0, more: false };
  const system = await systemAccounts(tx, ctx);
  const rows = await tx.many<{
    member_id: string;
    scope_id: string;
    jid: string;
    points: string;
    lots: string;
    balance: string;
  }>(
    `WITH due AS (
       SELECT l.id, l.account_id, l.remaining FROM ledger_lots l
       WHERE l.account_id = ANY ($2::bigint[]) AND l.state = 'available' AND l.remaining > 0 AND l.expires_at <= $3
     ), acc AS MATERIALIZED (
       SELECT account_id, sum(remaining) AS points, count(*) AS lots, nextval('ledger_journals_id_seq') AS jid
       FROM due GROUP BY account_id
     ), j AS (
       INSERT INTO ledger_journals (tenant_id, id, kind, idempotency_key, request_hash, account_id, result, created_by, occurred_at)
       SELECT $1, jid, 'expire', 'sys:expire:' || jid, sha256(convert_to('sys:expire:' || jid, 'UTF8')), account_id,
              jsonb_build_object('journalId', jid::text, 'points', points, 'lots', lots), $4, $3
       FROM acc RETURNING 1
     ), p AS (
       INSERT INTO ledger_postings (tenant_id, journal_id, seq, account_id, bucket, amount, lot_id)
       SELECT $1::bigint, acc.jid, 1, $5::bigint, 'available', acc.points, NULL::bigint FROM acc
       UNION ALL
       SELECT $1::bigint, acc.jid, 1 + row_number() OVER (PARTITION BY due.account_id ORDER BY due.id), due.account_id,
              'available', -due.remaining, due.id
       FROM due JOIN acc USING (account_id)
       RETURNING 1
     ), ul AS (
       UPDATE ledger_lots l SET remaining = 0 FROM due WHERE l.tenant_id = $1 AND l.id = due.id RETURNING 1
     ), ua AS (
       UPDATE ledger_accounts a SET available = a.available - acc.points, updated_at = now()
       FROM acc WHERE a.tenant_id = $1 AND a.id = acc.account_id RETURNING 1
     )
     SELECT a.member_id, a.scope_id, acc.jid::text AS jid, acc.points, acc.lots, a.available - acc.points AS balance
     FROM acc JOIN ledger_accounts a ON a.tenant_id = $1 AND a.id = acc.account_id`,
    [ctx.tenantId, locked.map((l) => l.id), now, actorName(ctx), system.points_expired],
  );
  tx.wrote = true; // a WITH … SELECT that wrote: its COMMIT must be waited for
  await emitMany(
    tx,
    ctx,
    rows.map((r) => ({
      type: 'points.expired' as const,
      aggregateType: 'member',
      aggregateId: toPublicId('member', r.member_id),
      payload: {
        memberId: toPublicId('member', r.member_id),
        scopeId: r.scope_id,
        journalId: toPublicId('journal', r.jid),
        points: Number(r.points),
        lots: Number(r.lots),
        balance: Number(r.balance),
      },
    })),
  );
  return {
    lots: rows.reduce((s, r) => s + Number(r.lots), 0),
    points: rows.reduce((s, r) => s + Number(r.points), 0),
    accounts: rows.length,
    more: Number(locked[0]!.n) >= limit,
  };
}

export interface NoticeCursor {
  expiresAt: Date;
  lotId: string;
}

/**
 * Advance notice: a `points.expiring` event per member for lots expiring within a window (days
 * ahead), once per lot and window — a lot is noticed in the smallest window it falls in, so a lot
 * first seen 5 days before expiry gets one notice, not one per window. Walks the lots in expiry
 * order from `after`; returns the cursor to continue from, or null when done.
 */
export async function noticeExpiringPoints(
  tx: Tx,
  ctx: Ctx,
  opts: LedgerOptions & { windowsDays?: number[]; limit?: number; after?: NoticeCursor | null } = {},
): Promise<{ events: number; lots: number; next: NoticeCursor | null }> {
  const now = opts.now ?? new Date();
  const windows = [...new Set(opts.windowsDays ?? [30, 7])].sort((a, b) => a - b);
  const limit = opts.limit ?? 5000;
  const after = opts.after ?? { expiresAt: now, lotId: '0' };
  const rows = await tx.many<{
    member_id: string | null;
    scope_id: string | null;
    w: number | null;
    points: string | null;
    expires_at: Date | null;
    lots: string[] | null;
    last_at: Date | null;
    last_id: string | null;
    scanned: string;
  }>(
    `WITH due AS MATERIALIZED (
       SELECT l.id, l.account_id, l.remaining, l.expires_at,
              (SELECT min(w) FROM unnest($3::int[]) AS w WHERE l.expires_at <= $1::timestamptz + make_interval(days => w)) AS w
       FROM ledger_lots l
       WHERE l.state = 'available' AND l.remaining > 0 AND l.expires_at > $1
         AND l.expires_at <= $1::timestamptz + make_interval(days => $4::int)
         AND (l.expires_at, l.id) > ($5::timestamptz, $6::bigint)
       ORDER BY l.expires_at, l.id LIMIT $2
     ), ins AS (
       INSERT INTO ledger_expiry_notices (tenant_id, lot_id, window_days, noticed_at)
       SELECT $7, due.id, due.w, $1 FROM due
       WHERE NOT EXISTS (SELECT 1 FROM ledger_expiry_notices n WHERE n.lot_id = due.id AND n.window_days = due.w)
       ON CONFLICT DO NOTHING RETURNING lot_id
     ), last AS (
       SELECT expires_at AS last_at, id AS last_id, (SELECT count(*) FROM due) AS scanned FROM due ORDER BY expires_at DESC, id DESC LIMIT 1
     ), ev AS (
       SELECT a.member_id, a.scope_id, due.w, sum(due.remaining) AS points, min(due.expires_at) AS expires_at,
              array_agg(due.id::text ORDER BY due.id) AS lots
       FROM due JOIN ins ON ins.lot_id = due.id JOIN ledger_accounts a ON a.tenant_id = $7 AND a.id = due.account_id
       GROUP BY a.member_id, a.scope_id, due.w
     )
     SELECT ev.*, last.last_at, last.last_id, last.scanned FROM last LEFT JOIN ev ON true`,
    [now, limit, windows, windows.at(-1) ?? 0, after.expiresAt, after.lotId, ctx.tenantId],
  );
  tx.wrote = true;
  const events = rows.filter((r) => r.member_id !== null);
  await emitMany(
    tx,
    ctx,
    events.map((r) => ({
      type: 'points.expiring' as const,
      aggregateType: 'member',
      aggregateId: toPublicId('member', r.member_id!),
      payload: {
        memberId: toPublicId('member', r.member_id!),
        scopeId: r.scope_id,
        points: Number(r.points),
        expiresAt: r.expires_at!.toISOString(),
        windowDays: r.w,
        lotIds: r.lots!.map((l) => toPublicId('lot', l)),
      },
    })),
  );
  const first = rows[0];
  const next =
    first && Number(first.scanned) >= limit ? { expiresAt: first.last_at!, lotId: first.last_id! } : null;
  return { events: events.length, lots: events.reduce((s, r) => s + r.lots!.length, 0), next };
}
