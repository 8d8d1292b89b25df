// Prepares the database every test file starts from, once per run: on PostgreSQL a migrated
// template database that each file clones (fast, and no two files race on creating
// cluster-wide roles); on PGlite a dump of a migrated database (skips initdb, ~5 s a file).
import pg from 'pg';
import { appUrlFrom } from '../src/config.ts';
import { Database } from '../src/db/database.ts';
import { createRuntime } from '../src/runtime.ts';
import { pgliteTemplate, templateDb, testConfig } from './harness.ts';

async function install(db: Database): Promise<void> {
  // Migrations and the job queue's schema.
  const runtime = await createRuntime({ config: testConfig(), db, http: false, work: false, logger: false });
  await runtime.close();
}

const serverUrl = process.env.DATABASE_URL;
if (serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${templateDb}`);
  // Databases left by an interrupted earlier run.
  const stale = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'siyu_t\\_%'",
  );
  for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${templateDb}`;
  const db = await Database.open({ url: url.toString(), appUrl: appUrlFrom(url.toString(), undefined) });
  await install(db);
  await db.close();
  console.log(`PostgreSQL template ${templateDb} ready`);
} else if (pgliteTemplate) {
  const db = await Database.open({ dataDir: 'memory://' });
  await install(db);
  await db.embedded!.dump(pgliteTemplate);
  await db.close();
  console.log(`PGlite template ${pgliteTemplate} ready`);
}
