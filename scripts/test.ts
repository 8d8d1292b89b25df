// The whole suite, as `npm test` runs it: type-check, lint, then unit, integration and browser
// tests on node's test runner. With DATABASE_URL set the integration tests run on that
// PostgreSQL server (each file in its own database cloned from a migrated template); without
// it, each file gets an in-memory PGlite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const run = (label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
};

const only = process.argv.slice(2);
const bin = (name: string) => `node_modules/.bin/${name}`;

if (only.length === 0) {
  run('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  run('lint', bin('biome'), ['check', '.']);
  if (!existsSync('console/dist/index.html')) run('build console', 'npm', ['run', '--silent', 'build']);
}

mkdirSync('test-results', { recursive: true });
const env = {
  ...process.env,
  TZ: process.env.TZ ?? 'Asia/Shanghai',
  SIYU_TEST_PGLITE_TEMPLATE: resolve('test-results/pglite-template.tar'),
};
run(
  `prepare the ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'} template`,
  process.execPath,
  ['server/test/prepare-template.ts'],
  env,
);

const files = only.length > 0 ? only : ['server/**/*.test.ts', 'e2e/**/*.test.ts'];
run(
  `tests on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`,
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files],
  env,
);
