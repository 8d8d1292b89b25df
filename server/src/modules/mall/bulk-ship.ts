import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { parseFieldId } from '../../shared/ids.ts';
import { readCsv } from '../orders/imports.csv.ts';
import { type Clock, type ShipLine, shipExchanges } from './exchanges.fulfil.ts';

export const maxShipLines = 5000;
export const shipColumns = ['exchange_id', 'carrier', 'tracking_no'] as const;

export const carrier = z.string().trim().min(1).max(50);
export const trackingNo = z
  .string()
  .trim()
  .min(4)
  .max(40)
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and - only');

export const bulkShipOut = z.object({
  lines: z.number().int(),
  shipped: z.number().int(),
  unchanged: z.number().int().describe('already shipped with the same carrier and number'),
  failed: z.number().int(),
  errors: z.array(
    z.object({ line: z.number().int(), exchangeId: z.string(), field: z.string(), message: z.string() }),
  ),
});
export type BulkShipResult = z.infer<typeof bulkShipOut>;

/** Service fields → the file's columns (anything about the exchange itself is its id's column). */
const csvField: Record<string, string> = { trackingNo: 'tracking_no', carrier: 'carrier' };

const fieldOf = (e: AppError): { field: string; message: string } => {
  const first = e.errors?.[0];
  return first
    ? { field: first.field, message: first.message }
    : { field: 'exchange_id', message: e.message };
};

/**
 * Ships from a courier's file (`exchange_id,carrier,tracking_no`, one exchange a line): every bad
 * line is reported with its number and reason, the good ones ship together. Uploading the same
 * file again ships nothing twice (those lines come back `unchanged`).
 */
export async function bulkShip(
  tx: Tx,
  ctx: Ctx,
  content: string,
  clock: Clock = {},
): Promise<BulkShipResult> {
  const { rows, errors: csvErrors, dataLines } = readCsv(content, shipColumns, shipColumns);
  if (dataLines > maxShipLines)
    throw new AppError('PAYLOAD_TOO_LARGE', `At most ${maxShipLines} lines per file`);
  const errors: BulkShipResult['errors'] = csvErrors.map((e) => ({
    line: e.line,
    exchangeId: '',
    field: e.field ?? 'content',
    message: e.message,
  }));
  const good: (ShipLine & { line: number; raw: string })[] = [];
  for (const { line, values } of rows) {
    const raw = values.exchange_id ?? '';
    try {
      const exchangeId = parseFieldId('mallExchange', raw, 'exchange_id');
      const c = carrier.safeParse(values.carrier ?? '');
      if (!c.success)
        throw new AppError('VALIDATION', 'carrier', [
          { field: 'carrier', message: c.error.issues[0]!.message },
        ]);
      const n = trackingNo.safeParse(values.tracking_no ?? '');
      if (!n.success)
        throw new AppError('VALIDATION', 'tracking_no', [
          { field: 'tracking_no', message: n.error.issues[0]!.message },
        ]);
      good.push({ line, raw, exchangeId, carrier: c.data, trackingNo: n.data });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      errors.push({ line, exchangeId: raw, ...fieldOf(e) });
    }
  }
  const outcomes = good.length > 0 ? await shipExchanges(tx, ctx, good, clock) : [];
  let shipped = 0;
  let unchanged = 0;
  outcomes.forEach((o, i) => {
    const g = good[i]!;
    if (o.status === 'shipped') shipped++;
    else if (o.status === 'unchanged') unchanged++;
    else {
      const f = fieldOf(o.error);
      errors.push({
        line: g.line,
        exchangeId: g.raw,
        field: csvField[f.field] ?? 'exchange_id',
        message: f.message,
      });
    }
  });
  errors.sort((a, b) => a.line - b.line);
  return { lines: dataLines, shipped, unchanged, failed: errors.length, errors };
}
