// `siyu bench [NAME...]`: runs benchmarks on a throw-away PostgreSQL database and prints each
// figure beside its baseline from the same run. Results go to bench/results/NAME.json.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig } from '../test/harness.ts';
import {
  type BenchContext,
  type Benchmark,
  benchServerUrl,
  createBenchDatabase,
  describeUrl,
  type Figure,
  openMigrated,
} from './harness.ts';
import { http } from './http.bench.ts';
import { loyalty } from './loyalty.bench.ts';
import { members } from './members.bench.ts';

/** Every benchmark, in the order `npm run bench` runs them. Adding one is one line here. */
export const benchmarks: Benchmark[] = [http, members, loyalty];

const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));

/** Runs the named benchmarks, or all of them when no name is given. */
export async function runBenchmarks(names: string[]): Promise<void> {
  const selected = select(names);
  const serverUrl = benchServerUrl();
  const database = await createBenchDatabase(serverUrl);
  // Ctrl-C or a kill still drops the database; the servers under test hold connections to it.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: dropping ${database.name}`);
    // DROP … WITH (FORCE) ends the connections the servers under test still hold, and their
    // clients raise that as an error event: ignore it, the process is on its way out.
    process.on('uncaughtException', () => {});
    database.drop().then(
      () => process.exit(130),
      (error: unknown) => {
        console.error(`could not drop ${database.name}: ${error instanceof Error ? error.message : error}`);
        process.exit(130);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const failures: string[] = [];
  try {
    const db = await openMigrated(database.ownerUrl, database.appUrl);
    try {
      const ctx: BenchContext = {
        ownerUrl: database.ownerUrl,
        appUrl: database.appUrl,
        db,
        config: (overrides) => testConfig(overrides),
      };
      console.log(
        `PostgreSQL ${database.serverVersion} at ${describeUrl(database.ownerUrl)} · Node ${process.versions.node} · ${cpus().length} CPU(s)`,
      );
      for (const bench of selected) {
        console.log(`\n▸ ${bench.name}: ${bench.description}`);
        const started = performance.now();
        try {
          const figures = await bench.run(ctx);
          console.log(table(figures));
          const file = write(bench.name, figures);
          console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s; written to ${file})`);
        } catch (error) {
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          console.error(`  ✗ ${bench.name} failed: ${message}`);
          failures.push(bench.name);
          // No stale figures from an earlier run left beside a failure.
          rmSync(join(resultsDir, `${bench.name}.json`), { force: true });
        }
      }
    } finally {
      await db.close();
    }
  } finally {
    await database.drop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (failures.length) throw new Error(`benchmark(s) failed: ${failures.join(', ')}`);
}

function select(names: string[]): Benchmark[] {
  if (names.length === 0) return benchmarks;
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length) {
    const available = benchmarks.map((b) => `  ${b.name.padEnd(14)} ${b.description}`).join('\n');
    throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}. Available:\n${available}`);
  }
  return benchmarks.filter((b) => names.includes(b.name));
}

function write(name: string, figures: Figure[]): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  // The six documented fields only: minRatio is for the printed "met" column.
  const out = figures.map(({ figure, value, unit, baseline, ratio, goal }) => ({
    figure,
    value,
    unit,
    baseline,
    ratio,
    goal,
  }));
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  return relative(process.cwd(), file);
}

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function met(f: Figure): string {
  if (f.minRatio === undefined) return '—';
  return f.ratio >= f.minRatio ? 'yes' : 'no';
}

/** A plain-text table: figure, ours, baseline, ratio, goal, met. */
export function table(figures: Figure[]): string {
  const head = ['figure', 'ours', 'baseline', 'ratio', 'goal', 'met'];
  const rows = figures.map((f) => [
    f.figure,
    `${number.format(f.value)} ${f.unit}`,
    `${number.format(f.baseline)} ${f.unit}`,
    `${f.ratio.toFixed(2)}×`,
    f.goal,
    met(f),
  ]);
  const right = new Set([1, 2, 3]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
