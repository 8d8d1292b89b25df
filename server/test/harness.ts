import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { appUrlFrom, type Config, loadConfig } from '../src/config.ts';
import { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { hashPassword } from '../src/modules/staff/passwords.ts';
import { createStaff } from '../src/modules/staff/staff.service.ts';
import { createTenant } from '../src/modules/tenancy/tenancy.service.ts';
import { createRuntime, type Runtime } from '../src/runtime.ts';
import { systemCtx } from '../src/shared/context.ts';
import { allPermissions, type Role, type Scope } from '../src/shared/permissions.ts';

/** The server database the suite runs on when DATABASE_URL is set; PGlite otherwise. */
export const serverUrl = process.env.DATABASE_URL;
export const templateDb = 'siyu_test_template';
/** A dump of a migrated PGlite database, made once per run by prepare-template.ts. */
export const pgliteTemplate = process.env.SIYU_TEST_PGLITE_TEMPLATE;

export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    NODE_ENV: 'test',
    SIYU_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SIYU_HMAC_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'silent',
    SIYU_DATA_DIR: 'memory://',
  });
  return { ...base, dataDir: 'memory://', ...overrides };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or on a server a new
 * database cloned from the template that scripts/test.ts migrates once per run.
 */
export async function freshDatabase(): Promise<{ db: Database; drop(): Promise<void> }> {
  if (!serverUrl) {
    const templateFile = pgliteTemplate && existsSync(pgliteTemplate) ? pgliteTemplate : undefined;
    const db = await Database.open({ dataDir: 'memory://', templateFile });
    await migrate(db);
    return { db, drop: () => db.close() };
  }
  const name = `siyu_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDb}`);
        break;
      } catch (error) {
        // Two files cloning the template at the same instant: wait and retry.
        if (attempt > 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const db = await Database.open({ url, appUrl: appUrlFrom(url, undefined), appPoolSize: 20 });
  return {
    db,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    },
  };
}

export interface TestTenant {
  id: string;
  code: string;
  admin: { username: string; password: string };
}

export const testPassword = 'correct-horse-battery';
let cachedHash: Promise<string> | undefined;
export const testPasswordHash = () => (cachedHash ??= hashPassword(testPassword));

export async function createTestTenant(db: Database, code: string): Promise<TestTenant> {
  const id = await db.system((tx) => createTenant(tx, { code, name: `Tenant ${code}` }));
  const passwordHash = await testPasswordHash();
  await db.tenant(id, (tx) =>
    createStaff(tx, systemCtx(id, allPermissions), {
      username: 'admin',
      name: 'Admin',
      role: 'admin',
      scope: 'all',
      passwordHash,
    }),
  );
  return { id, code, admin: { username: 'admin', password: testPassword } };
}

export async function addStaff(
  db: Database,
  tenantId: string,
  s: { username: string; role: Role; scope: Scope; storeId?: string; regionId?: string },
): Promise<string> {
  const passwordHash = await testPasswordHash();
  const row = await db.tenant(tenantId, (tx) =>
    createStaff(tx, systemCtx(tenantId, allPermissions), { name: s.username, ...s, passwordHash }),
  );
  return row.id;
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  runtime: Runtime;
  close(): Promise<void>;
  /** Signs in and returns the Cookie header value. */
  login(tenant: string, username: string, password?: string): Promise<string>;
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    opts?: { cookie?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
}

export async function startTestApp(
  options: { work?: boolean; config?: Partial<Config>; logStream?: { write(line: string): void } } = {},
): Promise<TestApp> {
  const { db, drop } = await freshDatabase();
  const runtime = await createRuntime({
    config: testConfig(options.config),
    db,
    http: true,
    work: options.work ?? false,
    logger: options.logStream !== undefined,
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  const app = runtime.app!;
  await app.ready();
  const request: TestApp['request'] = (method, url, opts = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.headers ?? {}) },
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    });
  return {
    app,
    db,
    runtime,
    request,
    async login(tenant, username, password = testPassword) {
      const res = await request('POST', '/api/v1/auth/login', { body: { tenant, username, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'siyu_session');
      return `siyu_session=${cookie!.value}`;
    },
    async close() {
      await runtime.close();
      await drop();
    },
  };
}

/** Rows per tenant table for one tenant, as the owner sees them: to prove nothing changed. */
export async function snapshotTenant(db: Database, tenantId: string): Promise<Record<string, string>> {
  return db.system(async (tx) => {
    const tables = await tx.many<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY table_name`,
    );
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      const row = await tx.one<{ h: string | null }>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${table_name} t WHERE tenant_id = $1`,
        [tenantId],
      );
      out[table_name] = row.h ?? 'empty';
    }
    return out;
  });
}
