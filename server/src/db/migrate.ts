import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../shared/crypto.ts';
import type { Database } from './database.ts';

const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface Migration {
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

/**
 * Every module keeps its migrations in `<module>/migrations/NNNN_name.sql`; the number orders
 * them across modules and must be unique. Landed migrations are never edited: start refuses.
 */
export function loadMigrations(): Migration[] {
  const dirs = [join(srcDir, 'db', 'migrations')];
  const modulesDir = join(srcDir, 'modules');
  for (const entry of readdirSync(modulesDir, { withFileTypes: true })) {
    if (entry.isDirectory()) dirs.push(join(modulesDir, entry.name, 'migrations'));
  }
  const migrations: Migration[] = [];
  for (const dir of dirs) {
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
    } catch {
      continue;
    }
    for (const f of files) {
      const file = join(dir, f);
      const sql = readFileSync(file, 'utf8');
      migrations.push({ name: basename(f, '.sql'), file, sql, checksum: sha256(sql).toString('hex') });
    }
  }
  migrations.sort((a, b) => a.name.localeCompare(b.name));
  const seen = new Map<string, string>();
  for (const m of migrations) {
    const number = m.name.split('_')[0]!;
    if (!/^\d{4}$/.test(number))
      throw new Error(`migration ${m.file}: name must start with a 4-digit number`);
    if (seen.has(number))
      throw new Error(`migrations ${seen.get(number)} and ${m.file} share number ${number}`);
    seen.set(number, m.file);
  }
  return migrations;
}

export class MigrationError extends Error {}

/** Applies pending migrations as the owner; returns the names applied. */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<string[]> {
  return db.system(async (tx) => {
    // One migrator at a time across processes.
    await tx.exec('SELECT pg_advisory_xact_lock(7391001)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await tx.many<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM schema_migrations ORDER BY name',
    );
    const known = new Map(migrations.map((m) => [m.name, m]));
    for (const row of applied) {
      const m = known.get(row.name);
      if (!m) {
        throw new MigrationError(
          `the database has migration ${row.name}, which this version of Siyu does not know: it is newer than the code`,
        );
      }
      if (m.checksum !== row.checksum) {
        throw new MigrationError(
          `migration ${row.name} was edited after it was applied (checksum differs): ` +
            'landed migrations are append-only; restore the file and add a new migration',
        );
      }
    }
    const done = new Set(applied.map((r) => r.name));
    const names: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      try {
        await tx.client.query(m.sql);
      } catch (error) {
        throw new MigrationError(`migration ${m.name} failed: ${(error as Error).message}`);
      }
      await tx.exec('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
      names.push(m.name);
    }
    return names;
  });
}
