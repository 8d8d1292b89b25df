import { parse } from 'csv-parse/sync';
import type { Database, Tx } from '../../db/database.ts';
import { type Ctx, systemCtx } from '../../shared/context.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { audit } from '../audit/audit.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { Pii } from '../members/members.service.ts';
import { getTenantById } from '../tenancy/tenancy.service.ts';
import {
  groupOrders,
  type LineError,
  orderColumns,
  productColumns,
  productRows,
  readCsv,
} from './imports.csv.ts';
import { importOrderChunk } from './imports.orders.ts';
import { checkProducts, upsertProducts } from './products.service.ts';
import { retryTransient } from './retry.ts';

export const importQueue = 'orders.import';
export type ImportKind = 'orders' | 'products';

export interface ImportRow extends Record<string, unknown> {
  id: string;
  kind: ImportKind;
  status: 'queued' | 'running' | 'done' | 'failed';
  file_name: string;
  total_lines: number;
  processed: number;
  succeeded: number;
  failed: number;
  errors: LineError[];
  error: string | null;
  created_by: string;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const columns = `id, kind, status, file_name, total_lines, processed, succeeded, failed, errors, error, created_by, created_at,
  started_at, finished_at`;
const maxErrors = 1_000;
const orderChunk = 2_000;
const productChunk = 5_000;

const spec = (kind: ImportKind) =>
  kind === 'orders'
    ? {
        columns: orderColumns,
        required: orderColumns.filter(
          (c) => !['guide_username', 'member_phone', 'discount', 'coupon_codes', 'store_code'].includes(c),
        ),
      }
    : { columns: productColumns, required: ['sku', 'name', 'price'] };

/** Refuses a file whose header is wrong before anything is queued. */
function checkHeader(kind: ImportKind, content: string): void {
  let header: string[] | undefined;
  try {
    header = (
      parse(content, { bom: true, trim: true, to_line: 1, relax_column_count: true }) as string[][]
    )[0];
  } catch {
    header = undefined;
  }
  if (!header)
    throw new AppError('VALIDATION', 'content: the first line must be the header row', [
      { field: 'content', message: 'no header row' },
    ]);
  readCsv(header.join(','), spec(kind).columns, spec(kind).required);
}

export async function createImport(
  tx: Tx,
  ctx: Ctx,
  jobs: Jobs,
  input: { kind: ImportKind; fileName: string; content: string },
): Promise<ImportRow> {
  checkHeader(input.kind, input.content);
  const row = await tx.one<ImportRow>(
    `INSERT INTO import_jobs (tenant_id, kind, file_name, content, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${columns}`,
    [ctx.tenantId, input.kind, input.fileName, input.content, ctx.actor.name],
  );
  await jobs.send(importQueue, { tenantId: ctx.tenantId, importId: row.id }, { tx });
  await audit(tx, ctx, {
    action: 'import.created',
    entityType: 'import',
    entityId: toPublicId('importJob', row.id),
    after: { kind: input.kind, fileName: input.fileName },
  });
  return row;
}

export async function getImport(tx: Tx, id: string): Promise<ImportRow> {
  const row = await tx.maybeOne<ImportRow>(`SELECT ${columns} FROM import_jobs WHERE id = $1`, [id]);
  if (!row) throw notFound('Import');
  return row;
}

export async function listImports(tx: Tx, limit: number, offset: number) {
  const total = await tx.one<{ n: number }>('SELECT count(*)::int AS n FROM import_jobs');
  const items = await tx.many<ImportRow>(
    `SELECT ${columns.replace('errors, ', "'[]'::jsonb AS errors, ")} FROM import_jobs ORDER BY id DESC LIMIT $1 OFFSET $2`,
    [limit, offset],
  );
  return { items, total: total.n };
}

interface Progress {
  processed: number;
  succeeded: number;
  failed: number;
  errors: LineError[];
}

const productField = (f: string) => ({ priceCents: 'price', categoryPath: 'category_path' })[f] ?? f;

const addErrors = (p: Progress, errors: LineError[]) => {
  for (const e of errors) if (p.errors.length < maxErrors) p.errors.push(e);
};

/**
 * Processes an import in chunks, each in its own transaction together with the progress it
 * makes, so GET /imports/:id shows it moving. A retried job starts over: ingest is idempotent.
 * `onProgress` lets the CLI print as it goes.
 */
export async function runImport(
  db: Database,
  pii: Pii,
  tenantId: string,
  importId: string,
  onProgress?: (p: Progress & { total: number }) => void,
): Promise<ImportRow> {
  const job = await db.tenant(tenantId, (tx) =>
    tx.maybeOne<ImportRow & { content: string | null }>(
      `SELECT ${columns}, content FROM import_jobs WHERE id = $1`,
      [importId],
    ),
  );
  if (!job || job.status === 'done' || job.status === 'failed' || job.content === null) return job!;
  const ctx = systemCtx(tenantId, allPermissions, `import ${toPublicId('importJob', importId)}`);
  const save = (tx: Tx, p: Progress, extra = '') =>
    tx.exec(
      `UPDATE import_jobs SET processed = $2, succeeded = $3, failed = $4, errors = $5${extra} WHERE id = $1`,
      [importId, p.processed, p.succeeded, p.failed, JSON.stringify(p.errors)],
    );
  let parsed: ReturnType<typeof readCsv>;
  try {
    parsed = readCsv(job.content, spec(job.kind).columns, spec(job.kind).required);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await db.tenant(tenantId, (tx) =>
      tx.exec(
        `UPDATE import_jobs SET status = 'failed', error = $2, finished_at = now(), content = NULL WHERE id = $1`,
        [importId, error.message],
      ),
    );
    return db.tenant(tenantId, (tx) => getImport(tx, importId));
  }
  const total = parsed.dataLines;
  let p: Progress = {
    processed: parsed.errors.length,
    succeeded: 0,
    failed: parsed.errors.length,
    errors: [],
  };
  addErrors(p, parsed.errors);
  await db.tenant(tenantId, async (tx) => {
    await tx.exec(
      `UPDATE import_jobs SET status = 'running', started_at = now(), total_lines = $2 WHERE id = $1`,
      [importId, total],
    );
    await save(tx, p);
  });
  const report = () => onProgress?.({ ...p, total });
  if (job.kind === 'orders') {
    const { orders, errors, badLines } = groupOrders(parsed.rows);
    addErrors(p, errors);
    const good = orders.filter((o) => !badLines.has(`${o.channel}\u0000${o.externalId}`));
    const bad = orders.filter((o) => badLines.has(`${o.channel}\u0000${o.externalId}`));
    const badRows = bad.reduce((n, o) => n + o.lines.length, 0);
    p.processed += badRows;
    p.failed += badRows;
    const { timezone } = await db.tenant(tenantId, (tx) => getTenantById(tx, tenantId));
    for (let i = 0; i < good.length; i += orderChunk) {
      const chunk = good.slice(i, i + orderChunk);
      // Progress is saved with the chunk and taken over only once it has committed (a retried
      // transaction must not count twice).
      p = await retryTransient(() =>
        db.tenant(tenantId, async (tx) => {
          const out = await importOrderChunk(tx, ctx, pii, chunk, timezone);
          const next = { ...p, errors: [...p.errors] };
          chunk.forEach((o, ref) => {
            next.processed += o.lines.length;
            if (out.failedRefs.has(ref)) next.failed += o.lines.length;
            else next.succeeded += o.lines.length;
          });
          addErrors(next, out.errors);
          await save(tx, next);
          return next;
        }),
      );
      report();
    }
  } else {
    const { items, errors } = productRows(parsed.rows);
    p.processed += errors.length;
    p.failed += errors.length;
    addErrors(p, errors);
    for (let i = 0; i < items.length; i += productChunk) {
      const chunk = items.slice(i, i + productChunk);
      p = await retryTransient(() =>
        db.tenant(tenantId, async (tx) => {
          const checked = checkProducts(chunk.map((c) => c.input));
          await upsertProducts(tx, ctx, checked.good);
          const failed = new Set(checked.errors.map((e) => e.index));
          const next = { ...p, errors: [...p.errors] };
          next.processed += chunk.length;
          next.failed += failed.size;
          next.succeeded += chunk.length - failed.size;
          const lineErrors = checked.errors.map((e) => ({
            line: chunk[e.index]!.line,
            field: productField(e.field),
            message: e.message,
          }));
          addErrors(next, lineErrors);
          await save(tx, next);
          return next;
        }),
      );
      report();
    }
  }
  p.errors.sort((a, b) => a.line - b.line);
  await db.tenant(tenantId, (tx) => save(tx, p, `, status = 'done', finished_at = now(), content = NULL`));
  report();
  return db.tenant(tenantId, (tx) => getImport(tx, importId));
}

/** Checks a file without writing anything: counts and the first 200 errors by line. */
export async function previewImport(tx: Tx, ctx: Ctx, pii: Pii, kind: ImportKind, content: string) {
  const parsed = readCsv(content, spec(kind).columns, spec(kind).required);
  const errors: LineError[] = [...parsed.errors];
  let failedLines = parsed.errors.length;
  let records = 0;
  if (kind === 'orders') {
    const grouped = groupOrders(parsed.rows);
    errors.push(...grouped.errors);
    records = grouped.orders.length;
    const { timezone } = await getTenantById(tx, ctx.tenantId);
    for (let i = 0; i < grouped.orders.length; i += 10_000) {
      const chunk = grouped.orders.slice(i, i + 10_000);
      const out = await importOrderChunk(tx, ctx, pii, chunk, timezone, true);
      errors.push(...out.errors);
      chunk.forEach((o, ref) => {
        if (out.failedRefs.has(ref) || grouped.badLines.has(`${o.channel}\u0000${o.externalId}`))
          failedLines += o.lines.length;
      });
    }
  } else {
    const { items, errors: rowErrors } = productRows(parsed.rows);
    errors.push(...rowErrors);
    failedLines += rowErrors.length;
    records = items.length + rowErrors.length;
    const checked = checkProducts(items.map((i) => i.input));
    failedLines += new Set(checked.errors.map((e) => e.index)).size;
    errors.push(
      ...checked.errors.map((e) => ({
        line: items[e.index]!.line,
        field: productField(e.field),
        message: e.message,
      })),
    );
  }
  errors.sort((a, b) => a.line - b.line);
  return {
    totalLines: parsed.dataLines,
    records,
    validLines: parsed.dataLines - failedLines,
    invalidLines: failedLines,
    errors: errors.slice(0, 200),
  };
}
