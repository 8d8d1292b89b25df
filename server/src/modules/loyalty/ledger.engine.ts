import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { emitMany, type NewEvent } from '../events/outbox.ts';
import { mismatch } from './ledger.idempotency.ts';
import type { AccountRow, Bucket, LotRow, LotState } from './ledger.types.ts';

export type JournalKind =
  | 'earn'
  | 'release'
  | 'hold'
  | 'capture'
  | 'void'
  | 'spend'
  | 'reverse'
  | 'expire'
  | 'adjust'
  | 'merge_transfer'
  | 'unmerge_transfer';

export interface JournalDraft {
  kind: JournalKind;
  key: string;
  hash: Buffer;
  accountId: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
  reason?: string | null;
  occurredAt: Date;
}

interface NewLot {
  row: LotRow;
  journalId: string;
  amount: number;
  availableAt: Date | null;
  originLotId: string | null;
  mergeId: string | null;
}

/** Ids drawn from the tables' sequences before writing, so a whole plan is written in one statement. */
export async function allocateIds(
  tx: Tx,
  counts: { journals: number; lots?: number; holds?: number },
): Promise<{ journals: string[]; lots: string[]; holds: string[] }> {
  const row = await tx.one<{ j: string[]; l: string[]; h: string[] }>(
    `SELECT ARRAY(SELECT nextval('ledger_journals_id_seq')::text FROM generate_series(1, $1)) AS j,
            ARRAY(SELECT nextval('ledger_lots_id_seq')::text FROM generate_series(1, $2)) AS l,
            ARRAY(SELECT nextval('ledger_holds_id_seq')::text FROM generate_series(1, $3)) AS h`,
    [counts.journals, counts.lots ?? 0, counts.holds ?? 0],
  );
  return { journals: row.j, lots: row.l, holds: row.h };
}

/**
 * A set of journals to write, built in memory against locked working copies of accounts and lots.
 * Every change goes through post(): it records the posting and moves the working copies, so lot
 * and account balances are derived from the postings by construction. commit() writes it all
 * in one statement (plus one for the events) whatever the batch size.
 */
export class Plan {
  readonly journals: (JournalDraft & { id: string; result: unknown })[] = [];
  readonly postings: { j: string; s: number; a: string; b: Bucket; m: number; l: string | null }[] = [];
  readonly events: NewEvent[] = [];
  private readonly newLots = new Map<string, NewLot>();
  private readonly lotDeltas = new Map<string, { r: number; h: number; s: LotState | null }>();
  private readonly accountDeltas = new Map<string, { av: number; pe: number; he: number; de: number }>();
  private readonly sourceDeltas = new Map<string, { t: string; i: string; e: number; r: number }>();
  private readonly seqs = new Map<string, number>();
  private readonly journalIds: string[];
  private readonly lotIds: string[];
  private readonly members: Map<string, AccountRow>;

  /** `members`: the locked member accounts; postings to any other account are system postings. */
  constructor(ids: { journals: string[]; lots: string[] }, members: Map<string, AccountRow>) {
    this.journalIds = [...ids.journals];
    this.lotIds = [...ids.lots];
    this.members = members;
  }

  journal(draft: JournalDraft, result: unknown = {}): string {
    const id = this.journalIds.shift();
    if (!id) throw new Error('plan: out of journal ids');
    this.journals.push({ ...draft, id, result });
    return id;
  }

  /** Sets what a replay of this journal answers (once the operation knows it). */
  setResult(journalId: string, result: unknown): void {
    this.journals.find((j) => j.id === journalId)!.result = result;
  }

  /** A new, empty lot; postings fill it. */
  lot(
    journalId: string,
    accountId: string,
    state: LotState,
    amount: number,
    at: {
      earnedAt: Date;
      availableAt?: Date | null;
      expiresAt: Date | null;
      sourceType?: string | null;
      sourceId?: string | null;
    },
    origin: { originLotId?: string; mergeId?: string } = {},
  ): LotRow {
    const id = this.lotIds.shift();
    if (!id) throw new Error('plan: out of lot ids');
    const row: LotRow = {
      id,
      accountId,
      state,
      remaining: 0,
      held: 0,
      earnedAt: at.earnedAt,
      expiresAt: at.expiresAt,
      sourceType: at.sourceType ?? null,
      sourceId: at.sourceId ?? null,
    };
    this.newLots.set(id, {
      row,
      journalId,
      amount,
      availableAt: at.availableAt ?? null,
      originLotId: origin.originLotId ?? null,
      mergeId: origin.mergeId ?? null,
    });
    return row;
  }

  /** One posting: the signed change of `bucket` on `accountId`, moving `lot` if given. */
  post(journalId: string, accountId: string, bucket: Bucket, amount: number, lot?: LotRow): void {
    if (amount === 0) return;
    const s = (this.seqs.get(journalId) ?? 0) + 1;
    this.seqs.set(journalId, s);
    this.postings.push({ j: journalId, s, a: accountId, b: bucket, m: amount, l: lot?.id ?? null });
    const account = this.members.get(accountId);
    if (account) {
      const d = this.accountDeltas.get(accountId) ?? { av: 0, pe: 0, he: 0, de: 0 };
      // The debt bucket holds negative value: its postings move `debt` the other way.
      const field =
        bucket === 'available' ? 'av' : bucket === 'pending' ? 'pe' : bucket === 'held' ? 'he' : 'de';
      const change = bucket === 'debt' ? -amount : amount;
      d[field] += change;
      account[bucket] += change;
      this.accountDeltas.set(accountId, d);
    }
    if (!lot) return;
    if (bucket === 'debt') throw new Error('plan: debt postings name no lot');
    if (lot.accountId !== accountId) throw new Error('plan: a lot moves only within its account');
    if (bucket === 'held') lot.held += amount;
    else lot.remaining += amount;
    if (lot.remaining < 0 || lot.held < 0) throw new Error(`plan: lot ${lot.id} would go negative`);
    if (!this.newLots.has(lot.id)) {
      const d = this.lotDeltas.get(lot.id) ?? { r: 0, h: 0, s: null };
      if (bucket === 'held') d.h += amount;
      else d.r += amount;
      this.lotDeltas.set(lot.id, d);
    }
  }

  /** Changes an existing lot's state (pending → available on release, or back on unmerge). */
  setState(lot: LotRow, state: LotState): void {
    lot.state = state;
    if (this.newLots.has(lot.id)) return;
    const d = this.lotDeltas.get(lot.id) ?? { r: 0, h: 0, s: null };
    d.s = state;
    this.lotDeltas.set(lot.id, d);
  }

  source(type: string, id: string, earned: number, reversed: number): void {
    const k = `${type}\u0000${id}`;
    const d = this.sourceDeltas.get(k) ?? { t: type, i: id, e: 0, r: 0 };
    d.e += earned;
    d.r += reversed;
    // An insert's CHECK sees the proposed row: earnings upsert, reversals update an existing row.
    if (d.e > 0 && d.r > 0) throw new Error('plan: a source both earns and reverses in one plan');
    this.sourceDeltas.set(k, d);
  }

  /** Postings of every journal sum to zero: checked before anything is written. */
  assertBalanced(): void {
    const sums = new Map<string, number>();
    for (const p of this.postings) sums.set(p.j, (sums.get(p.j) ?? 0) + p.m);
    for (const [j, sum] of sums) if (sum !== 0) throw new Error(`plan: journal ${j} sums to ${sum}`);
  }

  async commit(tx: Tx, ctx: Ctx): Promise<void> {
    if (this.journals.length === 0 && this.lotDeltas.size === 0) return;
    this.assertBalanced();
    const lots = [...this.newLots.values()].map((n) => ({
      id: n.row.id,
      account_id: n.row.accountId,
      journal_id: n.journalId,
      state: n.row.state,
      amount: n.amount,
      remaining: n.row.remaining,
      held: n.row.held,
      earned_at: n.row.earnedAt,
      available_at: n.availableAt,
      expires_at: n.row.expiresAt,
      source_type: n.row.sourceType,
      source_id: n.row.sourceId,
      origin_lot_id: n.originLotId,
      merge_id: n.mergeId,
    }));
    // One statement. Journals go in first-come (ON CONFLICT DO NOTHING); everything else is
    // written only if every journal was (`ok`), so a key taken meanwhile leaves no trace.
    const { inserted } = await tx.one<{ inserted: string[] }>(
      `WITH j AS (
         INSERT INTO ledger_journals (tenant_id, id, kind, idempotency_key, request_hash, account_id, source_type, source_id, reason, result, created_by, occurred_at)
         SELECT $1, x.id, x.kind, x.key, decode(x.hash, 'hex'), x.account_id, x.source_type, x.source_id, x.reason, x.result, $2, x.occurred_at
         FROM json_to_recordset($3::json) AS x(id bigint, kind text, key text, hash text, account_id bigint, source_type text, source_id text, reason text, result jsonb, occurred_at timestamptz)
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING idempotency_key
       ), ok AS (
         SELECT count(*) = $9 AS ok FROM j
       ), nl AS (
         INSERT INTO ledger_lots (tenant_id, id, account_id, journal_id, state, amount, remaining, held, earned_at, available_at, expires_at, source_type, source_id, origin_lot_id, merge_id)
         SELECT $1, x.* FROM json_to_recordset($4::json) AS x(id bigint, account_id bigint, journal_id bigint, state text, amount bigint, remaining bigint, held bigint, earned_at timestamptz, available_at timestamptz, expires_at timestamptz, source_type text, source_id text, origin_lot_id bigint, merge_id bigint)
         WHERE (SELECT ok FROM ok)
       ), np AS (
         INSERT INTO ledger_postings (tenant_id, journal_id, seq, account_id, bucket, amount, lot_id)
         SELECT $1, x.j, x.s, x.a, x.b, x.m, x.l FROM json_to_recordset($5::json) AS x(j bigint, s integer, a bigint, b text, m bigint, l bigint)
         WHERE (SELECT ok FROM ok)
       ), ua AS (
         UPDATE ledger_accounts a SET available = a.available + x.av, pending = a.pending + x.pe, held = a.held + x.he, debt = a.debt + x.de, updated_at = now()
         FROM json_to_recordset($6::json) AS x(id bigint, av bigint, pe bigint, he bigint, de bigint)
         WHERE a.tenant_id = $1 AND a.id = x.id AND (SELECT ok FROM ok)
       ), ul AS (
         UPDATE ledger_lots l SET remaining = l.remaining + x.r, held = l.held + x.h, state = coalesce(x.s, l.state)
         FROM json_to_recordset($7::json) AS x(id bigint, r bigint, h bigint, s text)
         WHERE l.tenant_id = $1 AND l.id = x.id AND (SELECT ok FROM ok)
       ), us AS (
         INSERT INTO ledger_sources AS s (tenant_id, source_type, source_id, earned, reversed)
         SELECT $1, x.t, x.i, x.e, 0 FROM json_to_recordset($8::json) AS x(t text, i text, e bigint, r bigint)
         WHERE x.r = 0 AND (SELECT ok FROM ok)
         ON CONFLICT (tenant_id, source_type, source_id) DO UPDATE SET earned = s.earned + excluded.earned
       ), ur AS (
         UPDATE ledger_sources s SET reversed = s.reversed + x.r
         FROM json_to_recordset($8::json) AS x(t text, i text, e bigint, r bigint)
         WHERE x.e = 0 AND s.tenant_id = $1 AND s.source_type = x.t AND s.source_id = x.i AND (SELECT ok FROM ok)
       )
       SELECT ARRAY(SELECT idempotency_key FROM j) AS inserted`,
      [
        ctx.tenantId,
        actorName(ctx),
        JSON.stringify(this.journals.map(journalJson)),
        JSON.stringify(lots),
        JSON.stringify(this.postings),
        JSON.stringify([...this.accountDeltas].map(([id, d]) => ({ id, ...d }))),
        JSON.stringify([...this.lotDeltas].map(([id, d]) => ({ id, ...d }))),
        JSON.stringify([...this.sourceDeltas.values()]),
        this.journals.length,
      ],
    );
    // The statement reports itself as a SELECT: say it wrote, so its COMMIT is waited for.
    tx.wrote = true;
    if (inserted.length !== this.journals.length) await this.conflicted(tx, new Set(inserted));
    await emitMany(tx, ctx, this.events);
  }

  /**
   * Another transaction committed one of these keys between our check and our insert. Only a
   * request locking other accounts can get there, so it is a different request: refuse.
   */
  private async conflicted(tx: Tx, inserted: Set<string>): Promise<never> {
    const missing = this.journals.filter((j) => !inserted.has(j.key));
    const rows = await tx.many<{ idempotency_key: string; request_hash: Buffer }>(
      'SELECT idempotency_key, request_hash FROM ledger_journals WHERE idempotency_key = ANY ($1::text[])',
      [missing.map((j) => j.key)],
    );
    for (const j of missing) {
      const row = rows.find((r) => r.idempotency_key === j.key);
      if (row && !row.request_hash.equals(j.hash)) throw mismatch(j.key);
    }
    throw new AppError('CONFLICT', 'A request with the same idempotency key ran at the same time; retry it');
  }
}

const journalJson = (j: JournalDraft & { id: string; result: unknown }) => ({
  id: j.id,
  kind: j.kind,
  key: j.key,
  hash: j.hash.toString('hex'),
  account_id: j.accountId,
  source_type: j.sourceType ?? null,
  source_id: j.sourceId ?? null,
  reason: j.reason ?? null,
  result: j.result,
  occurred_at: j.occurredAt,
});

export const actorName = (ctx: Ctx): string =>
  ctx.actor.type === 'system'
    ? `system:${ctx.actor.name}`
    : `${ctx.actor.type}:${ctx.actor.id}:${ctx.actor.name}`;
