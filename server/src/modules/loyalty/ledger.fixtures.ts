// Test fixtures for the ledger's integration tests (not loaded by the application).
import assert from 'node:assert/strict';
import { createTestTenant, freshDatabase } from '../../../test/harness.ts';
import type { Database, Tx } from '../../db/database.ts';
import { type Ctx, systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { checkLedger } from './ledger.check.ts';
import type { Balances } from './ledger.types.ts';

export interface LedgerWorld {
  db: Database;
  tenantId: string;
  ctx: Ctx;
  /** Runs fn in a tenant transaction. */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** `n` bare members (ids), inserted in one statement. */
  members(n: number, pool?: string): Promise<string[]>;
  balances(memberId: string, scopeId?: string): Promise<Balances>;
  /** Asserts checkLedger finds nothing (for the whole tenant, or some accounts). */
  assertLedger(accountIds?: string[]): Promise<void>;
  /** Row counts of the ledger tables and the outbox, to prove a refused call wrote nothing. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

const tables = [
  'ledger_accounts',
  'ledger_journals',
  'ledger_postings',
  'ledger_lots',
  'ledger_sources',
  'ledger_holds',
  'ledger_hold_allocations',
  'outbox_events',
  'audit_log',
];

export async function ledgerWorld(code: string): Promise<LedgerWorld> {
  const { db, drop } = await freshDatabase();
  const tenant = await createTestTenant(db, code);
  const ctx = systemCtx(tenant.id, allPermissions, 'test');
  const tx = <T>(fn: (tx: Tx) => Promise<T>) => db.tenant(tenant.id, fn);
  return {
    db,
    tenantId: tenant.id,
    ctx,
    tx,
    async members(n, pool = '0') {
      const rows = await tx((t) =>
        t.many<{ id: string }>(
          'INSERT INTO members (tenant_id, pool_id) SELECT $1, $3 FROM generate_series(1, $2) RETURNING id',
          [tenant.id, n, pool],
        ),
      );
      return rows.map((r) => r.id);
    },
    async balances(memberId, scopeId = '0') {
      const row = await tx((t) =>
        t.maybeOne<{ available: string; pending: string; held: string; debt: string }>(
          `SELECT available, pending, held, debt FROM ledger_accounts WHERE member_id = $1 AND scope_id = $2 AND kind = 'points'`,
          [memberId, scopeId],
        ),
      );
      return {
        available: Number(row?.available ?? 0),
        pending: Number(row?.pending ?? 0),
        held: Number(row?.held ?? 0),
        debt: Number(row?.debt ?? 0),
      };
    },
    async assertLedger(accountIds) {
      const report = await tx((t) => checkLedger(t, accountIds ? { accountIds } : {}));
      assert.deepEqual(report.problems, [], 'checkLedger');
    },
    async counts() {
      const out: Record<string, number> = {};
      await tx(async (t) => {
        for (const table of tables)
          out[table] = Number((await t.one<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).n);
      });
      return out;
    },
    close: drop,
  };
}

export const day = 86_400_000;
export const at = (base: Date, days: number) => new Date(base.getTime() + days * day);
