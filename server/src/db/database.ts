import pg from 'pg';
import type { Config } from '../config.ts';
import { type EmbeddedServer, startEmbedded } from './embedded.ts';
import { inlineParams } from './inline.ts';

// bigint columns arrive as strings (exact); int4 as numbers; numeric as strings.
export type Row = Record<string, unknown>;

interface Pending {
  sql: string;
  guard: Guard | undefined;
}

/** A connection inside a transaction. Queries are hand-written SQL with $n parameters. */
export class Tx {
  private readonly conn: pg.PoolClient;
  /** A tenant transaction's BEGIN and settings, sent together with its first statement. */
  private pending: Pending | undefined;
  /** Whether anything but a plain SELECT ran: a read-only transaction need not wait for its COMMIT. */
  wrote = false;

  constructor(client: pg.PoolClient, pending?: Pending) {
    this.conn = client;
    this.pending = pending;
  }

  /** The raw connection, for libraries that need one; treated as a write. */
  get client(): pg.PoolClient {
    if (this.pending)
      throw new Error('run a statement before handing the raw connection of a tenant transaction on');
    this.wrote = true;
    return this.conn;
  }

  /** Sends the pending BEGIN and settings if no statement has yet (so the guard still runs). */
  async flush(): Promise<void> {
    if (this.pending) await this.first(undefined, []);
  }

  private async first<T extends Row>(sql: string | undefined, params: unknown[]): Promise<pg.QueryResult<T>> {
    const p = this.pending!;
    this.pending = undefined;
    const text = sql === undefined ? p.sql : `${p.sql}; ${inlineParams(sql, params)}`;
    const results = (await this.conn.query(text)) as unknown as pg.QueryResult<T>[];
    if (p.guard) await p.guard.check(results[2]?.rows ?? [], this);
    const last = results[results.length - 1]!;
    if (sql !== undefined && last.command !== 'SELECT') this.wrote = true;
    return last;
  }

  private async run<T extends Row>(sql: string, params: unknown[]): Promise<pg.QueryResult<T>> {
    if (this.pending) return this.first<T>(sql, params);
    const result = await this.conn.query<T>(sql, params);
    if (result.command !== 'SELECT') this.wrote = true;
    return result;
  }

  async many<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.run<T>(sql, params)).rows;
  }

  async maybeOne<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    return (await this.run<T>(sql, params)).rows[0];
  }

  async one<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T> {
    const row = (await this.run<T>(sql, params)).rows[0];
    if (!row) throw new Error('expected one row, got none');
    return row;
  }

  /** Runs a statement and returns the number of rows it touched. */
  async exec(sql: string, params: unknown[] = []): Promise<number> {
    return (await this.run(sql, params)).rowCount ?? 0;
  }
}

export type DatabaseMode = 'embedded' | 'server';

/** A check that runs at the start of a tenant transaction, in the same round trip as BEGIN. */
export interface Guard {
  /** One SQL statement with every value inlined (callers inline only validated digits and hex). */
  sql: string;
  check(rows: Row[], tx: Tx): Promise<void>;
}

export interface DatabaseOptions {
  /** Owner URL; absent means embedded PGlite in `dataDir`. */
  url?: string | undefined;
  appUrl?: string | undefined;
  dataDir?: string;
  /** Embedded only: start from this dump instead of an empty database. */
  templateFile?: string | undefined;
  appPoolSize?: number;
}

/**
 * The two ways in. `tenant()` runs as the application role with `app.tenant_id` set for the
 * transaction only, so row-level security confines every statement to one tenant. `system()`
 * runs as the owner, for migrations, the queue and the few cross-tenant sweeps.
 */
export class Database {
  readonly mode: DatabaseMode;
  readonly systemPool: pg.Pool;
  readonly appPool: pg.Pool;
  readonly ownerUrl: string;
  readonly embedded: EmbeddedServer | undefined;

  private constructor(
    mode: DatabaseMode,
    ownerUrl: string,
    appUrl: string,
    embedded?: EmbeddedServer,
    appPoolSize = 10,
  ) {
    this.mode = mode;
    this.ownerUrl = ownerUrl;
    this.embedded = embedded;
    const common = { connectionTimeoutMillis: 15_000, idleTimeoutMillis: 30_000 };
    if (mode === 'embedded') {
      // PGlite is one backend: one connection, shared, and role switching per transaction.
      this.systemPool = new pg.Pool({ connectionString: ownerUrl, max: 1, ...common });
      this.appPool = this.systemPool;
    } else {
      this.systemPool = new pg.Pool({ connectionString: ownerUrl, max: 4, ...common });
      this.appPool = new pg.Pool({ connectionString: appUrl, max: appPoolSize, ...common });
    }
    for (const pool of new Set([this.systemPool, this.appPool])) {
      pool.on('error', () => {
        // An idle client lost its connection; the pool replaces it on next use.
      });
    }
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    if (options.url) {
      return new Database(
        'server',
        options.url,
        options.appUrl ?? options.url,
        undefined,
        options.appPoolSize,
      );
    }
    const embedded = await startEmbedded(options.dataDir ?? 'memory://', options.templateFile);
    return new Database('embedded', embedded.url, embedded.url, embedded);
  }

  static fromConfig(config: Config): Promise<Database> {
    return Database.open({ url: config.databaseUrl, appUrl: config.databaseAppUrl, dataDir: config.dataDir });
  }

  /**
   * A transaction confined to one tenant by row-level security. BEGIN and the settings travel in
   * the same round trip as the transaction's first statement (its parameters inlined as
   * literals); a `guard` statement rides along and its rows are checked before anything is
   * returned — that is how each request re-verifies its session at no extra cost.
   */
  async tenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>, guard?: Guard): Promise<T> {
    if (!/^[0-9]{1,18}$/.test(tenantId)) throw new Error(`invalid tenant id ${tenantId}`);
    const sql =
      `BEGIN; SELECT set_config('role', 'siyu_app', true), set_config('app.tenant_id', '${tenantId}', true)` +
      (guard ? `; ${guard.sql}` : '');
    return this.transaction(this.appPool, fn, { sql, guard });
  }

  /** A transaction as the owner. Not for request handlers: they go through tenant(). */
  async system<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction(this.systemPool, fn);
  }

  async ping(): Promise<void> {
    await this.systemPool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.appPool.end().catch(() => {});
    if (this.systemPool !== this.appPool) await this.systemPool.end().catch(() => {});
    await this.embedded?.stop();
  }

  private async transaction<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>, pending?: Pending): Promise<T> {
    const client = await pool.connect();
    const tx = new Tx(client, pending);
    try {
      if (!pending) await client.query('BEGIN');
      const result = await fn(tx);
      await tx.flush();
      if (!tx.wrote) {
        // Nothing was written: the answer cannot change with the COMMIT, so the caller need not
        // wait for it. The connection returns to the pool once the COMMIT completes.
        client.query('COMMIT').then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
        return result;
      }
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
      throw error;
    }
  }
}
