import type pg from 'pg';
import { type Job, PgBoss, type QueueOptions } from 'pg-boss';
import type { Logger } from 'pino';
import type { Tx } from '../../db/database.ts';

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

interface Registration {
  name: string;
  options: QueueOptions;
  handler: JobHandler<never>;
  batchSize: number;
}

/**
 * The job queue: pg-boss on Siyu's own database. Handlers receive ids, load what they need and
 * call a service. With workers 'off' this process only enqueues; `siyu worker` processes run them.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly registrations = new Map<string, Registration>();
  private readonly log: Logger;
  private readonly pool: pg.Pool;
  private started = false;
  private working = false;

  constructor(pool: pg.Pool, log: Logger) {
    this.log = log;
    this.pool = pool;
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values as unknown[]) },
      schema: 'pgboss',
      superviseIntervalSeconds: 30,
    });
    this.boss.on('error', (error: Error) => this.log.error({ err: error }, 'job queue error'));
  }

  /** Declares a queue and its handler. Call before start(). */
  register<T>(
    name: string,
    handler: JobHandler<T>,
    options: QueueOptions & { batchSize?: number } = {},
  ): void {
    const { batchSize = 1, ...queue } = options;
    this.registrations.set(name, { name, options: queue, handler: handler as JobHandler<never>, batchSize });
  }

  async start({ work }: { work: boolean }): Promise<void> {
    await this.boss.start();
    for (const r of this.registrations.values()) {
      await this.boss.createQueue(r.name, { retryLimit: 5, retryDelay: 5, retryBackoff: true, ...r.options });
    }
    // Request handlers enqueue inside their tenant transactions, as the application role.
    await this.pool.query(`
      GRANT USAGE ON SCHEMA pgboss TO siyu_app;
      GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA pgboss TO siyu_app;
      GRANT USAGE ON ALL SEQUENCES IN SCHEMA pgboss TO siyu_app;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA pgboss TO siyu_app;
      ALTER DEFAULT PRIVILEGES IN SCHEMA pgboss GRANT SELECT, INSERT, UPDATE ON TABLES TO siyu_app;`);
    this.started = true;
    if (!work) return;
    this.working = true;
    for (const r of this.registrations.values()) {
      await this.boss.work<never>(
        r.name,
        { batchSize: r.batchSize, pollingIntervalSeconds: 1 },
        async (jobs) => {
          for (const job of jobs) await r.handler(job);
        },
      );
    }
  }

  /** Enqueues a job; with `tx`, inside that transaction, so it exists only if the transaction commits. */
  async send(
    name: string,
    data: object,
    options: { tx?: Tx; singletonKey?: string; startAfter?: Date | number } = {},
  ) {
    if (!this.registrations.has(name)) throw new Error(`unknown queue ${name}`);
    const { tx, ...rest } = options;
    await tx?.flush();
    const db = tx
      ? { executeSql: (text: string, values?: unknown[]) => tx.client.query(text, values) }
      : undefined;
    return this.boss.send(name, data, { ...rest, ...(db ? { db } : {}) });
  }

  get isWorking(): boolean {
    return this.working;
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 20_000, close: false });
  }
}
