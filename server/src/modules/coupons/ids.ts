import { AppError } from '../../shared/errors.ts';
import { type IdKind, parseFieldId } from '../../shared/ids.ts';
import type { Problems } from './coupons.schema.ts';

/** An optional id from a body: null/undefined pass through, a malformed one becomes a field problem. */
export function parseFieldIdOrNull(
  kind: IdKind,
  value: string | null | undefined,
  field: string,
  p: Problems,
): string | null {
  if (value === null || value === undefined) return null;
  try {
    return parseFieldId(kind, value, field);
  } catch (e) {
    if (e instanceof AppError && e.errors) p.list.push(...e.errors);
    else throw e;
    return null;
  }
}
