import type { Tx } from '../../db/database.ts';
import { notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { Balances } from './ledger.types.ts';

export interface LotView {
  id: string;
  state: 'pending' | 'available';
  amount: number;
  remaining: number;
  held: number;
  earnedAt: string;
  availableAt: string | null;
  expiresAt: string | null;
  source: { type: string; id: string } | null;
}

export interface PointsSummary extends Balances {
  memberId: string;
  scopeId: string;
  accountId: string | null;
  /** Open lots, soonest expiry first. */
  lots: LotView[];
  /** The next expiry: how many points, when. */
  nextExpiry: { points: number; at: string } | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A member's balances (one row) and open lots. */
export async function pointsSummary(
  tx: Tx,
  memberId: string,
  scopeId = '0',
  now = new Date(),
): Promise<PointsSummary> {
  const a = await tx.maybeOne<{ id: string; available: string; pending: string; held: string; debt: string }>(
    `SELECT id, available, pending, held, debt FROM ledger_accounts WHERE member_id = $1 AND scope_id = $2 AND kind = 'points'`,
    [memberId, scopeId],
  );
  const lots = a
    ? await tx.many<{
        id: string;
        state: 'pending' | 'available';
        amount: string;
        remaining: string;
        held: string;
        earned_at: Date;
        available_at: Date | null;
        expires_at: Date | null;
        source_type: string | null;
        source_id: string | null;
      }>(
        `SELECT id, state, amount, remaining, held, earned_at, available_at, expires_at, source_type, source_id
         FROM ledger_lots WHERE account_id = $1 AND (remaining > 0 OR held > 0)
         ORDER BY expires_at NULLS LAST, earned_at, id LIMIT 500`,
        [a.id],
      )
    : [];
  const views: LotView[] = lots.map((l) => ({
    id: toPublicId('lot', l.id),
    state: l.state,
    amount: Number(l.amount),
    remaining: Number(l.remaining),
    held: Number(l.held),
    earnedAt: l.earned_at.toISOString(),
    availableAt: iso(l.available_at),
    expiresAt: iso(l.expires_at),
    source: l.source_type && l.source_id ? { type: l.source_type, id: l.source_id } : null,
  }));
  const next = lots.find(
    (l) => l.state === 'available' && Number(l.remaining) > 0 && l.expires_at && l.expires_at > now,
  );
  const nextExpiry = next
    ? {
        at: next.expires_at!.toISOString(),
        points: lots
          .filter((l) => l.state === 'available' && l.expires_at?.getTime() === next.expires_at!.getTime())
          .reduce((s, l) => s + Number(l.remaining), 0),
      }
    : null;
  return {
    memberId: toPublicId('member', memberId),
    scopeId,
    accountId: a ? toPublicId('pointsAccount', a.id) : null,
    available: Number(a?.available ?? 0),
    pending: Number(a?.pending ?? 0),
    held: Number(a?.held ?? 0),
    debt: Number(a?.debt ?? 0),
    lots: views,
    nextExpiry,
  };
}

export interface JournalView {
  id: string;
  kind: string;
  reason: string | null;
  source: { type: string; id: string } | null;
  createdBy: string;
  occurredAt: string;
  /** This member's net change across buckets. */
  change: { available: number; pending: number; held: number; debt: number };
  postings: { seq: number; account: string; bucket: string; amount: number; lotId: string | null }[];
}

/** A member's journals, newest first, each with all its postings (the other side by system code). */
export async function journalPage(
  tx: Tx,
  memberId: string,
  scopeId: string,
  limit: number,
  offset: number,
): Promise<{ items: JournalView[]; total: number }> {
  const a = await tx.maybeOne<{ id: string }>(
    `SELECT id FROM ledger_accounts WHERE member_id = $1 AND scope_id = $2 AND kind = 'points'`,
    [memberId, scopeId],
  );
  if (!a) return { items: [], total: 0 };
  const page = await tx.many<{ journal_id: string; total: string }>(
    `SELECT journal_id, count(*) OVER () AS total FROM (SELECT DISTINCT journal_id FROM ledger_postings WHERE account_id = $1) d
     ORDER BY journal_id DESC LIMIT $2 OFFSET $3`,
    [a.id, limit, offset],
  );
  if (page.length === 0) return { items: [], total: 0 };
  const ids = page.map((p) => p.journal_id);
  const journals = await tx.many<{
    id: string;
    kind: string;
    reason: string | null;
    source_type: string | null;
    source_id: string | null;
    created_by: string;
    occurred_at: Date;
  }>(
    `SELECT id, kind, reason, source_type, source_id, created_by, occurred_at FROM ledger_journals
     WHERE id = ANY ($1::bigint[]) ORDER BY id DESC`,
    [ids],
  );
  const postings = await tx.many<{
    journal_id: string;
    seq: number;
    account_id: string;
    code: string | null;
    member_id: string | null;
    bucket: string;
    amount: string;
    lot_id: string | null;
  }>(
    `SELECT p.journal_id, p.seq, p.account_id, a.code, a.member_id, p.bucket, p.amount, p.lot_id
     FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
     WHERE p.journal_id = ANY ($1::bigint[]) ORDER BY p.journal_id, p.seq`,
    [ids],
  );
  return {
    total: Number(page[0]!.total),
    items: journals.map((j) => {
      const own = postings.filter((p) => p.journal_id === j.id);
      const change = { available: 0, pending: 0, held: 0, debt: 0 };
      for (const p of own)
        if (p.account_id === a.id) {
          const k = p.bucket as keyof typeof change;
          change[k] += k === 'debt' ? -Number(p.amount) : Number(p.amount);
        }
      return {
        id: toPublicId('journal', j.id),
        kind: j.kind,
        reason: j.reason,
        source: j.source_type && j.source_id ? { type: j.source_type, id: j.source_id } : null,
        createdBy: j.created_by,
        occurredAt: j.occurred_at.toISOString(),
        change,
        postings: own.map((p) => ({
          seq: p.seq,
          account: p.code ? `system:${p.code}` : toPublicId('member', p.member_id!),
          bucket: p.bucket,
          amount: Number(p.amount),
          lotId: toPublicId('lot', p.lot_id),
        })),
      };
    }),
  };
}

export interface HoldView {
  id: string;
  memberId: string;
  points: number;
  status: 'open' | 'captured' | 'voided';
  expiresAt: string;
}

/** The member a hold belongs to now (for visibility checks before acting on it). */
export async function holdMember(tx: Tx, holdId: string): Promise<string> {
  const row = await tx.maybeOne<{ member_id: string }>(
    `SELECT a.member_id FROM ledger_holds h JOIN ledger_accounts a ON a.id = h.account_id WHERE h.id = $1`,
    [holdId],
  );
  if (!row) throw notFound(`Hold ${toPublicId('hold', holdId)}`);
  return row.member_id;
}
