import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestTenant, freshDatabase } from '../../test/harness.ts';
import type { Database } from './database.ts';

// Tables that are not tenant data.
const global = new Set(['schema_migrations']);

describe('catalog: every tenant table is isolated by tenant', () => {
  let db: Database;
  let drop: () => Promise<void>;
  before(async () => ({ db, drop } = await freshDatabase()));
  after(() => drop());

  test('tenant_id heads every primary and unique key, RLS is forced with the tenant policy', async () => {
    const problems = await db.system(async (tx) => {
      const tables = await tx.many<{ relname: string; rls: boolean; forced: boolean; oid: number }>(
        `SELECT c.oid::int AS oid, c.relname, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
      );
      const out: string[] = [];
      for (const t of tables) {
        if (global.has(t.relname)) continue;
        const keys = await tx.many<{ name: string; first: string | null; primary: boolean }>(
          `SELECT i.indexrelid::regclass::text AS name, a.attname AS first, i.indisprimary AS primary
           FROM pg_index i LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
           WHERE i.indrelid = $1 AND (i.indisprimary OR i.indisunique)`,
          [t.oid],
        );
        if (!keys.some((k) => k.primary)) out.push(`${t.relname}: no primary key`);
        for (const k of keys) {
          // tenants.code is the one global key: it is how a sign-in names its tenant.
          if (k.first !== 'tenant_id' && !(t.relname === 'tenants' && k.name === 'tenants_code_key')) {
            out.push(`${t.relname}: key ${k.name} does not start with tenant_id`);
          }
        }
        if (!t.rls || !t.forced) out.push(`${t.relname}: row-level security not enabled and forced`);
        const policy = await tx.maybeOne<{ qual: string; roles: string[] }>(
          `SELECT qual, roles::text[] AS roles FROM pg_policies WHERE schemaname = 'public' AND tablename = $1 AND policyname = 'tenant_isolation'`,
          [t.relname],
        );
        if (!policy) out.push(`${t.relname}: no tenant_isolation policy`);
        else {
          if (!policy.roles.includes('siyu_app'))
            out.push(`${t.relname}: tenant policy does not apply to siyu_app`);
          if (!/tenant_id = \( ?SELECT siyu_tenant\(\)/.test(policy.qual))
            out.push(`${t.relname}: tenant policy is not keyed on siyu_tenant()`);
        }
      }
      assert.ok(tables.length >= 10, 'expected the foundation tables');
      return out;
    });
    assert.deepEqual(problems, []);
  });

  test('the application role neither owns tables nor bypasses RLS', async () => {
    const role = await db.system((tx) =>
      tx.one<{ rolsuper: boolean; rolbypassrls: boolean; owns: number }>(
        `SELECT r.rolsuper, r.rolbypassrls,
                (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owns
         FROM pg_roles r WHERE r.rolname = 'siyu_app'`,
      ),
    );
    assert.deepEqual(role, { rolsuper: false, rolbypassrls: false, owns: 0 });
  });

  test('a transaction sees only its own tenant’s rows and cannot write another’s', async () => {
    const a = await createTestTenant(db, 'iso-a');
    const b = await createTestTenant(db, 'iso-b');
    const seen = await db.tenant(a.id, (tx) => tx.many<{ tenant_id: string }>('SELECT tenant_id FROM staff'));
    assert.ok(seen.length > 0 && seen.every((r) => r.tenant_id === a.id));
    await assert.rejects(
      db.tenant(a.id, (tx) =>
        tx.exec(`INSERT INTO regions (tenant_id, code, name) VALUES ($1, 'x', 'x')`, [b.id]),
      ),
      /row-level security/,
    );
    const none = await db.tenant('0', (tx) => tx.many('SELECT * FROM staff'));
    assert.equal(none.length, 0);
  });
});
