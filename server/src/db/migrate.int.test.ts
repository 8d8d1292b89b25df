import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freshDatabase } from '../../test/harness.ts';
import type { Database } from './database.ts';
import { loadMigrations, MigrationError, migrate } from './migrate.ts';

let db: Database;
let drop: () => Promise<void>;
before(async () => ({ db, drop } = await freshDatabase()));
after(() => drop());

test('migrations are numbered uniquely and already applied in a fresh database', async () => {
  const all = loadMigrations();
  assert.ok(all.length >= 5);
  assert.deepEqual(await migrate(db), []);
  const rows = await db.system((tx) =>
    tx.many<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name'),
  );
  assert.deepEqual(
    rows.map((r) => r.name),
    all.map((m) => m.name),
  );
});

test('start refuses when an applied migration was edited', async () => {
  const edited = loadMigrations().map((m, i) =>
    i === 1 ? { ...m, sql: `${m.sql}\n-- edited`, checksum: 'different' } : m,
  );
  await assert.rejects(
    migrate(db, edited),
    (e: Error) => e instanceof MigrationError && /was edited after it was applied/.test(e.message),
  );
});

test('start refuses when the database is newer than the code', async () => {
  const fewer = loadMigrations().slice(0, -1);
  await assert.rejects(migrate(db, fewer), /newer than the code/);
});
