#!/usr/bin/env node
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { consoleDist } from './http/app.ts';
import { demoLogin, seedDemo } from './modules/demo/seed-demo.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { Cipher } from './shared/crypto.ts';

const usage = `Usage: siyu <command>

Commands:
  start [--dev]     serve the API and console (migrates; seeds the demo tenant on first run)
  worker            run background jobs and the outbox dispatcher only (needs DATABASE_URL)
  migrate           apply pending database migrations and exit
  seed-demo [--members N] [--orders N]
                    create the demo tenant (no-op if it exists)
  import orders|products FILE.csv --tenant CODE
                    import a CSV file (format: server/src/modules/orders/README.md)
  bench [NAME...]   run benchmarks against PostgreSQL (see bench/README.md)
  gen-secrets       print fresh SIYU_ENCRYPTION_KEY and SIYU_HMAC_KEY values
`;

function onSignals(runtime: Runtime): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        runtime.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function ensureConsoleBuilt(): void {
  if (existsSync(join(consoleDist, 'index.html'))) return;
  console.log('Building the console (first start)…');
  const result = spawnSync('npm', ['run', 'build', '-w', 'console', '--silent'], {
    stdio: 'inherit',
    cwd: join(consoleDist, '..', '..'),
  });
  if (result.status !== 0)
    console.warn('Console build failed; the API still runs. Run `npm run build` to retry.');
}

async function start(dev: boolean): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    console.warn(
      `Embedded database (PGlite) in ${config.dataDir}: for evaluation, development and small single-store use.\n` +
        'It does not fsync, so a crash can lose recent commits. For production set DATABASE_URL to a PostgreSQL server.',
    );
  }
  if (!dev) ensureConsoleBuilt();
  const runtime = await createRuntime({ config, http: true, work: config.workers === 'inline' });
  onSignals(runtime);
  let seeded = false;
  if (config.seedDemo) {
    const tenants = await runtime.deps.db.system((tx) =>
      tx.one<{ n: number }>('SELECT count(*)::int AS n FROM tenants'),
    );
    if (tenants.n === 0) {
      console.log('Seeding the demo tenant (first run)…');
      const pii = { cipher: runtime.deps.cipher, hmacKey: config.hmacKey };
      const started = Date.now();
      const summary = await seedDemo(runtime.deps.db, pii, { log: (line) => console.log(line) });
      seeded = summary.created;
      console.log(
        `Demo tenant ready in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(summary.counts)}`,
      );
    }
  }
  await runtime.app!.listen({ port: config.port, host: config.host });
  if (dev)
    spawn('npm', ['run', 'dev', '-w', 'console'], { stdio: 'inherit', cwd: join(consoleDist, '..', '..') });
  const url = dev ? 'http://127.0.0.1:5173' : config.publicUrl;
  console.log(`
  Siyu is running.
    Console:   ${url}/
    Member H5: ${config.publicUrl}/h5/<tenant code>/${config.seedDemo ? ` (demo: ${config.publicUrl}/h5/${demoLogin.tenant}/)` : ''}
    API docs:  ${config.publicUrl}/docs
    Database:  ${config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite (${config.dataDir})`}
  ${seeded || config.seedDemo ? `Demo login: tenant "${demoLogin.tenant}", user "${demoLogin.username}", password "${demoLogin.password}"` : ''}
`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { dev: { type: 'boolean', default: false } } });
      await start(values.dev ?? false);
      return;
    }
    case 'worker': {
      const config = loadConfig();
      if (!config.databaseUrl) {
        throw new Error(
          'siyu worker needs DATABASE_URL: with the embedded database, `siyu start` runs the workers in-process',
        );
      }
      const runtime = await createRuntime({ config, http: false, work: true });
      onSignals(runtime);
      runtime.log.info('worker running: jobs and outbox dispatch');
      return;
    }
    case 'migrate': {
      const db = await Database.fromConfig(loadConfig());
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      } finally {
        await db.close();
      }
      return;
    }
    case 'seed-demo': {
      const { values } = parseArgs({
        args: rest,
        options: { members: { type: 'string' }, orders: { type: 'string' } },
      });
      const config = loadConfig();
      const db = await Database.fromConfig(config);
      try {
        await migrate(db);
        const pii = {
          cipher: new Cipher(config.encryptionKeys, config.encryptionKeyId),
          hmacKey: config.hmacKey,
        };
        const summary = await seedDemo(db, pii, {
          ...(values.members ? { members: Number(values.members) } : {}),
          ...(values.orders ? { orders: Number(values.orders) } : {}),
          log: (line) => console.log(line),
        });
        console.log(
          summary.created
            ? `Demo tenant created: ${JSON.stringify(summary.counts)}`
            : 'Demo tenant already exists.',
        );
      } finally {
        await db.close();
      }
      return;
    }
    case 'import': {
      const { importCommand } = await import('./modules/orders/imports.cli.ts');
      process.exitCode = await importCommand(rest, loadConfig());
      return;
    }
    case 'bench': {
      const { runBenchmarks } = await import('../bench/run.ts');
      await runBenchmarks(rest);
      return;
    }
    case 'gen-secrets':
      console.log(`SIYU_ENCRYPTION_KEY=${randomBytes(32).toString('base64')}`);
      console.log(`SIYU_HMAC_KEY=${randomBytes(32).toString('base64')}`);
      return;
    default:
      console.log(usage);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
