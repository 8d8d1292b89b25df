import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_APP_URL: z.string().url().optional(),
  SIYU_DB_APP_PASSWORD: z.string().optional(),
  SIYU_DATA_DIR: z.string().default('./data'),
  SIYU_ENCRYPTION_KEY: z.string().optional(),
  SIYU_ENCRYPTION_KEY_ID: z
    .string()
    .regex(/^[a-z0-9]{1,16}$/)
    .default('k1'),
  SIYU_OLD_ENCRYPTION_KEYS: z.string().optional(),
  SIYU_HMAC_KEY: z.string().optional(),
  SIYU_WORKERS: z.enum(['inline', 'off']).default('inline'),
  SIYU_SEED_DEMO: z.enum(['auto', 'off']).default('auto'),
  SIYU_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.string().default('development'),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  /** Owner connection (migrations, queue). Absent: embedded PGlite in dataDir. */
  databaseUrl: string | undefined;
  /** Connection of the application role, which neither owns the tables nor bypasses RLS. */
  databaseAppUrl: string | undefined;
  dataDir: string;
  encryptionKeys: Map<string, Buffer>;
  encryptionKeyId: string;
  hmacKey: Buffer;
  workers: 'inline' | 'off';
  seedDemo: boolean;
  trustProxy: boolean;
  logLevel: string;
  production: boolean;
  session: { idleMinutes: number; absoluteHours: number };
  login: { maxFailures: number; lockoutMinutes: number };
}

function key32(name: string, value: string): Buffer {
  const buf = Buffer.from(value, 'base64');
  if (buf.length !== 32)
    throw new Error(`${name} must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
  return buf;
}

/** Derives the app-role URL from the owner URL: same host and database, user siyu_app. */
export function appUrlFrom(ownerUrl: string, password: string | undefined): string {
  const url = new URL(ownerUrl);
  url.username = 'siyu_app';
  url.password = password ?? '';
  return url.toString();
}

/**
 * Secrets for embedded (evaluation) mode: generated once and kept beside the data, so a first
 * `npm start` needs no set-up. A server deployment passes them in the environment.
 */
function embeddedSecrets(dataDir: string): { encryptionKey: string; hmacKey: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    encryptionKey: randomBytes(32).toString('base64'),
    hmacKey: randomBytes(32).toString('base64'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2));
  chmodSync(file, 0o600);
  return secrets;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const dataDir = resolve(e.SIYU_DATA_DIR);
  let encryptionKey = e.SIYU_ENCRYPTION_KEY;
  let hmacKey = e.SIYU_HMAC_KEY;
  if (!encryptionKey || !hmacKey) {
    if (production) throw new Error('SIYU_ENCRYPTION_KEY and SIYU_HMAC_KEY are required in production');
    const generated = embeddedSecrets(dataDir);
    encryptionKey ??= generated.encryptionKey;
    hmacKey ??= generated.hmacKey;
  }
  const encryptionKeys = new Map([[e.SIYU_ENCRYPTION_KEY_ID, key32('SIYU_ENCRYPTION_KEY', encryptionKey)]]);
  for (const pair of (e.SIYU_OLD_ENCRYPTION_KEYS ?? '').split(',').filter(Boolean)) {
    const [id, value] = pair.split(':');
    if (!id || !value) throw new Error('SIYU_OLD_ENCRYPTION_KEYS must be id:base64key,id:base64key');
    encryptionKeys.set(id, key32(`SIYU_OLD_ENCRYPTION_KEYS[${id}]`, value));
  }
  const databaseAppUrl =
    e.DATABASE_APP_URL ?? (e.DATABASE_URL ? appUrlFrom(e.DATABASE_URL, e.SIYU_DB_APP_PASSWORD) : undefined);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    databaseAppUrl,
    dataDir,
    encryptionKeys,
    encryptionKeyId: e.SIYU_ENCRYPTION_KEY_ID,
    hmacKey: key32('SIYU_HMAC_KEY', hmacKey),
    workers: e.SIYU_WORKERS,
    seedDemo: e.SIYU_SEED_DEMO === 'auto',
    trustProxy: e.SIYU_TRUST_PROXY === 'true',
    logLevel: e.LOG_LEVEL,
    production,
    session: { idleMinutes: 30, absoluteHours: 12 },
    login: { maxFailures: 5, lockoutMinutes: 15 },
  };
}
