// Shared machinery for benchmarks: the throw-away PostgreSQL database of a run, a Siyu server
// listening on a real port, and autocannon measurements. Nothing here asserts a timing: figures
// are printed beside their baseline and written to bench/results/, never checked by tests.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import pg from 'pg';
import { appUrlFrom, type Config } from '../src/config.ts';
import { Database } from '../src/db/database.ts';
import { createRuntime, type Runtime } from '../src/runtime.ts';
import { testConfig } from '../test/harness.ts';

/** One measured figure beside the baseline measured in the same run. */
export interface Figure {
  /** Dotted name, `<benchmark>.<operation>.<measure>`, e.g. `http.get_store.rps`. */
  figure: string;
  /** Ours. */
  value: number;
  unit: string;
  baseline: number;
  /** Always oriented so that higher is better: ours ÷ baseline for a rate, baseline ÷ ours for a time. */
  ratio: number;
  /** The target in words, e.g. '≥ 0.5× bare route'. */
  goal: string;
  /**
   * The goal as the least acceptable ratio, for the "met" column. Printed only, never written
   * to bench/results/ and never turned into an exit code. Absent: the figure is informational.
   */
  minRatio?: number;
}

export interface BenchContext {
  /** Owner URL of the run's database (a superuser or the database owner: bypasses row-level security). */
  ownerUrl: string;
  /** URL of the application role siyu_app on the same database. */
  appUrl: string;
  /** The run's database, migrated, shared by every benchmark of the run: give each its own tenant. */
  db: Database;
  /** A fresh configuration (random keys, logging off) for runtimes a benchmark starts. */
  config(overrides?: Partial<Config>): Config;
}

export interface Benchmark {
  name: string;
  /** One line, shown in the listing of available benchmarks. */
  description: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** The PostgreSQL server benchmarks run on: DATABASE_URL, else the local server with trust auth. */
export function benchServerUrl(): string {
  return process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Where the database is, without the password, for printing. */
export function describeUrl(url: string): string {
  const u = new URL(url);
  u.password = '';
  return `${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface BenchDatabase {
  name: string;
  ownerUrl: string;
  appUrl: string;
  serverVersion: string;
  /** Drops the database, closing whatever still holds a connection to it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Creates an empty database `siyu_bench_<random>` on the server. Migrating it is the caller's job. */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `siyu_bench_${randomBytes(5).toString('hex')}`;
  const serverVersion = await withClient(serverUrl, async (client) => {
    await client.query(`CREATE DATABASE ${name}`);
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
  });
  let dropped: Promise<void> | undefined;
  const ownerUrl = withDatabase(serverUrl, name);
  return {
    name,
    ownerUrl,
    appUrl: appUrlFrom(ownerUrl, undefined),
    serverVersion,
    drop() {
      dropped ??= withClient(serverUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      return dropped;
    },
  };
}

/** Opens the run's database and migrates it the way `siyu start` does: by creating a runtime. */
export async function openMigrated(ownerUrl: string, appUrl: string): Promise<Database> {
  const db = await Database.open({ url: ownerUrl, appUrl });
  try {
    const runtime = await createRuntime({
      config: testConfig(),
      db,
      http: false,
      work: false,
      logger: false,
    });
    await runtime.close();
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

export interface SiyuServer {
  runtime: Runtime;
  /** e.g. http://127.0.0.1:43121 */
  baseUrl: string;
  close(): Promise<void>;
}

/** The full Siyu app (every plugin, auth, validation) listening on an ephemeral port, logger off. */
export async function startSiyuServer(ctx: BenchContext): Promise<SiyuServer> {
  const runtime = await createRuntime({
    config: ctx.config(),
    db: ctx.db,
    http: true,
    work: false,
    logger: false,
  });
  try {
    await runtime.app!.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  return { runtime, baseUrl: baseUrlOf(runtime.app!.server.address()), close: () => runtime.close() };
}

export function baseUrlOf(address: string | AddressInfo | null): string {
  if (!address || typeof address === 'string') throw new Error(`not listening on TCP: ${address}`);
  return `http://127.0.0.1:${address.port}`;
}

/** Signs in over HTTP and returns the Cookie header value. */
export async function login(
  baseUrl: string,
  input: { tenant: string; username: string; password: string },
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('siyu_session='));
  if (!session) throw new Error('login returned no siyu_session cookie');
  return session;
}

/** fetch that insists on a 2xx and returns the JSON body. */
export async function fetchJson<T = Record<string, unknown>>(
  url: string,
  init: RequestInit & { expect?: number } = {},
): Promise<T> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (res.status !== (init.expect ?? 200))
    throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  /** Concurrent connections; default 10. */
  connections?: number;
  /** Measured seconds; default 10. */
  duration?: number;
  /** Seconds of the same load run first and thrown away (JIT, pool, caches); default 2. */
  warmup?: number;
}

export interface LoadResult {
  /** Completed requests per second over the measured window. */
  rps: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  requests: number;
}

/**
 * Drives a URL with autocannon and returns throughput and latency. The load generator runs in a
 * worker thread so it does not share the event loop of the servers under test (they run in
 * this process). Any non-2xx response, error or timeout fails the measurement: a benchmark of
 * 401s or 500s measures nothing.
 */
export async function measureHttp(options: LoadOptions): Promise<LoadResult> {
  const { connections = 10, duration = 10, warmup = 2 } = options;
  const base = { url: options.url, headers: options.headers ?? {}, connections, workers: 1 };
  if (warmup > 0) check(options.url, await autocannon({ ...base, duration: warmup }));
  const result = check(options.url, await autocannon({ ...base, duration }));
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
  };
}

function check(url: string, result: autocannon.Result): autocannon.Result {
  const bad: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, s]) => `${s.count ?? '?'}× ${code}`);
    bad.push(`${result.non2xx} non-2xx responses (${codes.join(', ')})`);
  }
  if (result.errors > 0) bad.push(`${result.errors} errors`);
  if (result.timeouts > 0) bad.push(`${result.timeouts} timeouts`);
  if (result.requests.total === 0) bad.push('no request completed');
  if (bad.length) throw new Error(`load on ${url} is not a valid measurement: ${bad.join('; ')}`);
  return result;
}

/** A throughput figure: ratio = ours ÷ baseline. */
export function rateFigure(f: {
  figure: string;
  unit: string;
  ours: number;
  baseline: number;
  goal: string;
  minRatio?: number;
}): Figure {
  return figure(f, f.ours / f.baseline);
}

/** A time or latency figure: ratio = baseline ÷ ours, so higher is still better. */
export function timeFigure(f: {
  figure: string;
  unit: string;
  ours: number;
  baseline: number;
  goal: string;
  minRatio?: number;
}): Figure {
  return figure(f, f.baseline / f.ours);
}

function figure(
  f: { figure: string; unit: string; ours: number; baseline: number; goal: string; minRatio?: number },
  ratio: number,
): Figure {
  const out: Figure = {
    figure: f.figure,
    value: round(f.ours),
    unit: f.unit,
    baseline: round(f.baseline),
    ratio: Number.isFinite(ratio) ? Math.round(ratio * 1000) / 1000 : 0,
    goal: f.goal,
  };
  if (f.minRatio !== undefined) out.minRatio = f.minRatio;
  return out;
}

/** Three significant decimals at most: enough for a ratio, no false precision. */
function round(n: number): number {
  if (!Number.isFinite(n)) return n;
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 1 ? 2 : 3;
  return Number(n.toFixed(digits));
}
