import type pg from 'pg';
import { type Job, type JobResult, PgBoss, type QueueOptions } from 'pg-boss';
import type { Logger } from 'pino';
import type { Tx } from '../../db/database.ts';

export type JobHandler<T> = (job: Job<T>) => Promise<void>;

/** Jobs a worker fetches at once per queue (handled one after another). */
const workBatch = 10;

interface Registration {
  name: string;
  options: QueueOptions;
  handler: JobHandler<never>;
  batchSize: number;
  /** Cron expression (UTC): the queue gets a job on this schedule, from whichever process is up. */
  cron: string | undefined;
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
    options: QueueOptions & { batchSize?: number; cron?: string } = {},
  ): void {
    const { batchSize = 1, cron, ...queue } = options;
    this.registrations.set(name, {
      name,
      options: queue,
      handler: handler as JobHandler<never>,
      batchSize,
      cron,
    });
  }

  async start({ work }: { work: boolean }): Promise<void> {
    await this.boss.start();
    for (const r of this.registrations.values()) {
      await this.boss.createQueue(r.name, { retryLimit: 5, retryDelay: 5, retryBackoff: true, ...r.options });
      if (r.cron) await this.boss.schedule(r.name, r.cron, null, { tz: 'UTC' });
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
      // pg-boss polls once a second per queue unless a fetch comes back full: fetching several
      // at a time with burstWhenBatchFull drains a backlog (a million order events) continuously
      // instead of at one job a second. Each job succeeds or fails on its own.
      await this.boss.work<never>(
        r.name,
        {
          batchSize: Math.max(r.batchSize, workBatch),
          pollingIntervalSeconds: 1,
          burstWhenBatchFull: true,
          perJobResults: true,
        },
        async (jobs: Job<never>[]) => {
          const results: JobResult[] = [];
          for (const job of jobs) {
            try {
              await r.handler(job);
              results.push({ id: job.id, status: 'completed' });
            } catch (error) {
              this.log.warn({ err: error, queue: r.name, jobId: job.id }, 'job failed');
              const e =
                error instanceof Error
                  ? { message: error.message, name: error.name }
                  : { message: String(error) };
              results.push({ id: job.id, status: 'failed', output: e });
            }
          }
          return results;
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
