import type { Tx } from '../../db/database.ts';

export interface LedgerProblem {
  check: string;
  id: string;
  detail: string;
}

export interface LedgerReport {
  ok: boolean;
  problems: LedgerProblem[];
  checked: { journals: number; accounts: number; lots: number };
}

/**
 * Proves the ledger of the transaction's tenant (or of some accounts): every journal's postings
 * sum to zero; every lot holds 0 ≤ remaining, 0 ≤ held, remaining + held ≤ amount, and equals the
 * postings that name it, bucket by bucket; every member account's maintained balances equal both
 * the sum of its lots and the sum of its postings; open holds equal their allocations and the
 * lots' held amounts; sources never reverse more than they earned. Read-only.
 */
export async function checkLedger(tx: Tx, opts: { accountIds?: string[] } = {}): Promise<LedgerReport> {
  const scoped = opts.accountIds !== undefined;
  const params = scoped ? [opts.accountIds] : [];
  const onAccounts = (col: string) => (scoped ? `${col} = ANY ($1::bigint[])` : 'true');
  const problems: LedgerProblem[] = [];
  const add = (check: string, rows: { id: string; detail: string }[]) => {
    for (const r of rows) problems.push({ check, id: String(r.id), detail: r.detail });
  };

  add(
    'journal sums to zero',
    await tx.many(
      `SELECT journal_id AS id, 'sum ' || sum(amount) AS detail FROM ledger_postings
       WHERE ${scoped ? 'journal_id IN (SELECT journal_id FROM ledger_postings WHERE account_id = ANY ($1::bigint[]))' : 'true'}
       GROUP BY journal_id HAVING sum(amount) <> 0`,
      params,
    ),
  );
  add(
    'lot matches its postings',
    await tx.many(
      `SELECT l.id, format('state %s amount %s remaining %s held %s; postings available %s pending %s held %s',
                l.state, l.amount, l.remaining, l.held, coalesce(p.av, 0), coalesce(p.pe, 0), coalesce(p.he, 0)) AS detail
       FROM ledger_lots l
       LEFT JOIN (
         SELECT lot_id, sum(amount) FILTER (WHERE bucket = 'available') AS av, sum(amount) FILTER (WHERE bucket = 'pending') AS pe,
                sum(amount) FILTER (WHERE bucket = 'held') AS he
         FROM ledger_postings WHERE lot_id IS NOT NULL AND ${onAccounts('account_id')} GROUP BY lot_id
       ) p ON p.lot_id = l.id
       WHERE ${onAccounts('l.account_id')} AND NOT (
         l.remaining >= 0 AND l.held >= 0 AND l.remaining + l.held <= l.amount
         AND coalesce(p.he, 0) = l.held
         AND coalesce(p.av, 0) + coalesce(p.pe, 0) = l.remaining
         AND (CASE l.state WHEN 'available' THEN coalesce(p.pe, 0) ELSE coalesce(p.av, 0) END) = 0
       )`,
      params,
    ),
  );
  add(
    'posting names a lot of its own account',
    await tx.many(
      `SELECT p.journal_id || '/' || p.seq AS id, format('account %s, lot %s of account %s', p.account_id, p.lot_id, l.account_id) AS detail
       FROM ledger_postings p JOIN ledger_lots l ON l.id = p.lot_id
       WHERE ${onAccounts('p.account_id')} AND (l.account_id <> p.account_id OR p.bucket = 'debt')`,
      params,
    ),
  );
  add(
    'account matches its lots and postings',
    await tx.many(
      `SELECT a.id, format('maintained %s/%s/%s/%s; lots %s/%s/%s; postings %s/%s/%s/%s (available/pending/held/debt)',
                a.available, a.pending, a.held, a.debt, coalesce(l.av, 0), coalesce(l.pe, 0), coalesce(l.he, 0),
                coalesce(p.av, 0), coalesce(p.pe, 0), coalesce(p.he, 0), -coalesce(p.de, 0)) AS detail
       FROM ledger_accounts a
       LEFT JOIN (
         SELECT account_id, sum(remaining) FILTER (WHERE state = 'available') AS av,
                sum(remaining) FILTER (WHERE state = 'pending') AS pe, sum(held) AS he
         FROM ledger_lots WHERE ${onAccounts('account_id')} GROUP BY account_id
       ) l ON l.account_id = a.id
       LEFT JOIN (
         SELECT account_id, sum(amount) FILTER (WHERE bucket = 'available') AS av, sum(amount) FILTER (WHERE bucket = 'pending') AS pe,
                sum(amount) FILTER (WHERE bucket = 'held') AS he, sum(amount) FILTER (WHERE bucket = 'debt') AS de
         FROM ledger_postings WHERE ${onAccounts('account_id')} GROUP BY account_id
       ) p ON p.account_id = a.id
       WHERE a.kind <> 'system' AND ${onAccounts('a.id')} AND NOT (
         a.available >= 0 AND a.pending >= 0 AND a.held >= 0 AND a.debt >= 0
         AND a.available = coalesce(l.av, 0) AND a.available = coalesce(p.av, 0)
         AND a.pending = coalesce(l.pe, 0) AND a.pending = coalesce(p.pe, 0)
         AND a.held = coalesce(l.he, 0) AND a.held = coalesce(p.he, 0)
         AND a.debt = -coalesce(p.de, 0)
       )`,
      params,
    ),
  );
  add(
    'system account keeps no balance',
    await tx.many(
      `SELECT a.id, a.code AS detail FROM ledger_accounts a
       WHERE a.kind = 'system' AND (a.available <> 0 OR a.pending <> 0 OR a.held <> 0 OR a.debt <> 0
         OR EXISTS (SELECT 1 FROM ledger_postings p WHERE p.account_id = a.id AND (p.bucket <> 'available' OR p.lot_id IS NOT NULL)))`,
    ),
  );
  add(
    'open holds match their allocations and lots',
    await tx.many(
      `SELECT l.id, format('lot held %s, open allocations %s', l.held, coalesce(x.points, 0)) AS detail
       FROM ledger_lots l
       LEFT JOIN (
         SELECT ha.lot_id, sum(ha.points) AS points FROM ledger_hold_allocations ha
         JOIN ledger_holds h ON h.id = ha.hold_id WHERE h.status = 'open' GROUP BY ha.lot_id
       ) x ON x.lot_id = l.id
       WHERE ${onAccounts('l.account_id')} AND l.held <> coalesce(x.points, 0)
       UNION ALL
       SELECT h.id, format('hold of %s points, allocations %s', h.points, (SELECT sum(points) FROM ledger_hold_allocations WHERE hold_id = h.id))
       FROM ledger_holds h
       WHERE ${onAccounts('h.account_id')} AND h.points <> (SELECT coalesce(sum(points), 0) FROM ledger_hold_allocations WHERE hold_id = h.id)`,
      params,
    ),
  );
  add(
    'source reverses no more than it earned',
    scoped
      ? []
      : await tx.many(
          `SELECT source_type || ':' || source_id AS id, format('earned %s reversed %s', earned, reversed) AS detail
           FROM ledger_sources WHERE reversed < 0 OR reversed > earned`,
        ),
  );
  const counts = await tx.one<{ journals: string; accounts: string; lots: string }>(
    `SELECT (SELECT count(*) FROM ledger_journals WHERE ${onAccounts('account_id')}) AS journals,
            (SELECT count(*) FROM ledger_accounts WHERE ${onAccounts('id')}) AS accounts,
            (SELECT count(*) FROM ledger_lots WHERE ${onAccounts('account_id')}) AS lots`,
    params,
  );
  return {
    ok: problems.length === 0,
    problems,
    checked: {
      journals: Number(counts.journals),
      accounts: Number(counts.accounts),
      lots: Number(counts.lots),
    },
  };
}
