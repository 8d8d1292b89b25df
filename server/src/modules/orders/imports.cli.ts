import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../../config.ts';
import { Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { Cipher } from '../../shared/crypto.ts';
import { toPublicId } from '../../shared/ids.ts';
import { type ImportKind, runImport } from './imports.service.ts';

export const importUsage = 'siyu import orders|products FILE.csv --tenant CODE';

/**
 * `siyu import orders FILE.csv --tenant CODE`: the same import as a console upload (it is listed
 * there too), run in this process with progress printed. Replaying a file changes nothing.
 */
export async function importCommand(
  args: string[],
  config: Config,
  out: (line: string) => void = console.log,
  /** A database already open (tests); otherwise the configured one is opened, migrated and closed. */
  given?: Database,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { tenant: { type: 'string' } },
  });
  const [kind, file] = positionals;
  if ((kind !== 'orders' && kind !== 'products') || !file || !values.tenant) {
    out(`Usage: ${importUsage}`);
    return 2;
  }
  const content = readFileSync(file, 'utf8');
  const db = given ?? (await Database.fromConfig(config));
  try {
    if (!given) await migrate(db);
    const tenant = await db.system((tx) =>
      tx.maybeOne<{ tenant_id: string }>('SELECT tenant_id FROM tenants WHERE code = lower($1)', [
        values.tenant,
      ]),
    );
    if (!tenant) {
      out(`No tenant with code ${values.tenant}`);
      return 1;
    }
    const tenantId = tenant.tenant_id;
    const job = await db.tenant(tenantId, (tx) =>
      tx.one<{ id: string }>(
        `INSERT INTO import_jobs (tenant_id, kind, file_name, content, created_by) VALUES ($1, $2, $3, $4, 'cli') RETURNING id`,
        [tenantId, kind as ImportKind, basename(file), content],
      ),
    );
    const pii = {
      cipher: new Cipher(config.encryptionKeys, config.encryptionKeyId),
      hmacKey: config.hmacKey,
    };
    const started = performance.now();
    const done = await runImport(db, pii, tenantId, job.id, (p) => {
      out(`  ${p.processed}/${p.total} lines · ${p.succeeded} ok · ${p.failed} failed`);
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out(
      `${toPublicId('importJob', job.id)} ${done.status} in ${seconds} s: ${done.succeeded} lines imported, ${done.failed} failed`,
    );
    if (done.error) out(`  ${done.error}`);
    for (const e of done.errors.slice(0, 50)) {
      out(
        `  line ${e.line}${e.field ? ` ${e.field}` : ''}${e.externalId ? ` (${e.externalId})` : ''}: ${e.message}`,
      );
    }
    if (done.errors.length > 50) out(`  … ${done.errors.length - 50} more (see the import in the console)`);
    return done.status === 'done' && done.failed === 0 ? 0 : 1;
  } finally {
    if (!given) await db.close();
  }
}
