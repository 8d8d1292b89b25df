import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { type Config, loadConfig } from './config.ts';
import { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { buildApp } from './http/app.ts';
import type { AppDeps } from './http/deps.ts';
import { loggerOptions } from './http/logging.ts';
import { registerCoupons } from './modules/coupons/coupons.module.ts';
import { ConsumerRegistry } from './modules/events/consumers.ts';
import { OutboxDispatcher } from './modules/events/dispatcher.ts';
import { Jobs } from './modules/jobs/jobs.ts';
import { registerLoyalty } from './modules/loyalty/loyalty.module.ts';
import { registerPrograms } from './modules/loyalty/programs.module.ts';
import { registerMall } from './modules/mall/mall.module.ts';
import { registerMemberH5 } from './modules/member-h5/member-h5.module.ts';
import { registerOrders } from './modules/orders/orders.module.ts';
import { Cipher } from './shared/crypto.ts';

export interface Runtime {
  config: Config;
  deps: AppDeps;
  log: Logger;
  consumers: ConsumerRegistry;
  dispatcher: OutboxDispatcher;
  app: FastifyInstance | undefined;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  config?: Config;
  /** Serve HTTP (start) or only process jobs (worker). */
  http: boolean;
  /** Run job handlers and the outbox dispatcher in this process. */
  work: boolean;
  logger?: boolean;
  logStream?: { write(line: string): void };
  db?: Database;
}

/**
 * Wires one Siyu process: database (migrated), job queue, outbox dispatcher, HTTP app.
 * close() stops in order: stop accepting requests and let in-flight ones finish, then let
 * running jobs finish, then close the database.
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const config = options.config ?? loadConfig();
  const log = pino(
    loggerOptions(options.logger === false ? 'silent' : config.logLevel) as pino.LoggerOptions,
  );
  const db = options.db ?? (await Database.fromConfig(config));
  await migrate(db);
  const jobs = new Jobs(db.systemPool, log.child({ component: 'jobs' }));
  const cipher = new Cipher(config.encryptionKeys, config.encryptionKeyId);
  const deps: AppDeps = {
    config,
    db,
    cipher,
    jobs,
    sessionPolicy: {
      idleMinutes: config.session.idleMinutes,
      absoluteHours: config.session.absoluteHours,
      maxFailures: config.login.maxFailures,
      lockoutMinutes: config.login.lockoutMinutes,
    },
  };
  const consumers = new ConsumerRegistry();
  const dispatcher = new OutboxDispatcher(db, jobs, consumers, log.child({ component: 'outbox' }));
  dispatcher.registerQueues(cipher);
  registerOrders(deps);
  registerLoyalty(deps);
  registerCoupons(deps, consumers);
  registerPrograms(deps, consumers);
  registerMall();
  registerMemberH5(deps);
  await jobs.start({ work: options.work });
  if (options.work) dispatcher.start();
  const app = options.http
    ? await buildApp(deps, {
        logger: options.logger !== false,
        ...(options.logStream ? { logStream: options.logStream } : {}),
      })
    : undefined;
  let closing: Promise<void> | undefined;
  return {
    config,
    deps,
    log,
    consumers,
    dispatcher,
    app,
    close() {
      closing ??= (async () => {
        if (app) {
          // Connections that were busy when closing began turn idle once their response is sent;
          // close those too, or a keep-alive client holds shutdown open for its whole timeout.
          const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
          await app.close().finally(() => clearInterval(sweep));
        }
        await dispatcher.stop();
        await jobs.stop();
        if (!options.db) await db.close();
      })();
      return closing;
    },
  };
}
