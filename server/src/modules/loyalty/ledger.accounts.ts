import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import {
  type AccountRef,
  type AccountRow,
  accountKey,
  type LotRow,
  type SystemCode,
  systemCodes,
} from './ledger.types.ts';

type AccountDb = {
  id: string;
  kind: string;
  member_id: string | null;
  scope_id: string;
  code: string | null;
  available: string;
  pending: string;
  held: string;
  debt: string;
};

const toAccount = (r: AccountDb): AccountRow => ({
  id: r.id,
  memberId: r.member_id!,
  scopeId: r.scope_id,
  available: Number(r.available),
  pending: Number(r.pending),
  held: Number(r.held),
  debt: Number(r.debt),
});

export interface OpenAccounts {
  /** Member accounts by `memberId/scopeId`, locked FOR UPDATE for the rest of the transaction. */
  byRef: Map<string, AccountRow>;
  byId: Map<string, AccountRow>;
  system: Record<SystemCode, string>;
}

const selectSql = `
  WITH m AS (
    SELECT a.id, a.kind, a.member_id, a.scope_id, a.code, a.available, a.pending, a.held, a.debt
    FROM ledger_accounts a
    JOIN unnest($1::bigint[], $2::bigint[]) AS r(member_id, scope_id)
      ON a.member_id = r.member_id AND a.scope_id = r.scope_id AND a.kind = 'points'
    ORDER BY a.id FOR UPDATE OF a
  )
  SELECT * FROM m
  UNION ALL
  SELECT id, kind, member_id, scope_id, code, available, pending, held, debt
  FROM ledger_accounts WHERE kind = 'system' AND scope_id = 0 AND code = ANY ($3::text[])`;

/**
 * Finds (creating what is missing) the members' points accounts and the tenant's system accounts,
 * and locks the member accounts in id order. Every change to a member's lots and balances happens
 * under this lock, which is what makes read-then-allocate safe and concurrent same-key requests
 * meet. System accounts are not locked: they keep no maintained balance.
 */
export async function openAccounts(tx: Tx, ctx: Ctx, refs: AccountRef[]): Promise<OpenAccounts> {
  const unique = new Map<string, AccountRef>();
  for (const r of refs) unique.set(accountKey(r), r);
  const sorted = [...unique.values()].sort((a, b) =>
    a.memberId === b.memberId
      ? Number(BigInt(a.scopeId ?? '0') - BigInt(b.scopeId ?? '0'))
      : BigInt(a.memberId) < BigInt(b.memberId)
        ? -1
        : 1,
  );
  const members = sorted.map((r) => r.memberId);
  const scopes = sorted.map((r) => r.scopeId ?? '0');
  const read = () => tx.many<AccountDb>(selectSql, [members, scopes, systemCodes]);
  let rows = await read();
  const memberRows = rows.filter((r) => r.kind === 'points').length;
  const systemRows = rows.filter((r) => r.kind === 'system').length;
  if (memberRows < sorted.length || systemRows < systemCodes.length) {
    // Inserted in a fixed order so two batches creating the same accounts cannot deadlock.
    await tx.exec(
      `INSERT INTO ledger_accounts (tenant_id, kind, member_id, scope_id, code)
       SELECT $1::bigint, 'points', r.member_id, r.scope_id, NULL FROM unnest($2::bigint[], $3::bigint[]) AS r(member_id, scope_id)
       UNION ALL SELECT $1::bigint, 'system', NULL::bigint, 0::bigint, c FROM unnest($4::text[]) AS c
       ON CONFLICT DO NOTHING`,
      [ctx.tenantId, members, scopes, systemCodes],
    );
    rows = await read();
  }
  const out: OpenAccounts = { byRef: new Map(), byId: new Map(), system: {} as Record<SystemCode, string> };
  for (const r of rows) {
    if (r.kind === 'system') out.system[r.code as SystemCode] = r.id;
    else {
      const a = toAccount(r);
      out.byRef.set(accountKey(a), a);
      out.byId.set(a.id, a);
    }
  }
  return out;
}

/** Locks member accounts by id (jobs and holds start from rows that name their account). */
export async function lockAccountsById(tx: Tx, ids: string[]): Promise<Map<string, AccountRow>> {
  const rows = await tx.many<AccountDb>(
    `SELECT id, kind, member_id, scope_id, code, available, pending, held, debt FROM ledger_accounts
     WHERE id = ANY ($1::bigint[]) AND kind <> 'system' ORDER BY id FOR UPDATE`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, toAccount(r)]));
}

export async function systemAccounts(tx: Tx, ctx: Ctx): Promise<Record<SystemCode, string>> {
  return (await openAccounts(tx, ctx, [])).system;
}

type LotDb = {
  id: string;
  account_id: string;
  state: 'pending' | 'available';
  remaining: string;
  held: string;
  earned_at: Date;
  expires_at: Date | null;
  source_type: string | null;
  source_id: string | null;
};

export const toLot = (r: LotDb): LotRow => ({
  id: r.id,
  accountId: r.account_id,
  state: r.state,
  remaining: Number(r.remaining),
  held: Number(r.held),
  earnedAt: r.earned_at,
  expiresAt: r.expires_at,
  sourceType: r.source_type,
  sourceId: r.source_id,
});

export const lotColumns =
  'id, account_id, state, remaining, held, earned_at, expires_at, source_type, source_id';

/** The open lots (something remaining or held) of locked accounts, in spend order, grouped by account. */
export async function openLots(tx: Tx, accountIds: string[]): Promise<Map<string, LotRow[]>> {
  const rows = await tx.many<LotDb>(
    `SELECT ${lotColumns} FROM ledger_lots
     WHERE account_id = ANY ($1::bigint[]) AND (remaining > 0 OR held > 0)
     ORDER BY account_id, expires_at NULLS LAST, earned_at, id`,
    [[...new Set(accountIds)]],
  );
  const out = new Map<string, LotRow[]>();
  for (const id of accountIds) out.set(id, []);
  for (const r of rows) out.get(r.account_id)!.push(toLot(r));
  return out;
}
