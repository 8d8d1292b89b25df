import { z } from 'zod';
import { sha256 } from '../../shared/crypto.ts';
import { AppError, type FieldError } from '../../shared/errors.ts';
import { parseFieldId } from '../../shared/ids.ts';
import { type Identity, type IdentityInput, identityInput, normalizeIdentity } from '../members/identity.ts';
import { maxCents } from './money.ts';

export const channels = [
  'store_pos',
  'brand_mall',
  'wechat_mall',
  'points_mall',
  'distribution_mall',
  'livestream',
] as const;

export const channel = z
  .string()
  .max(60)
  .refine(
    (c) => (channels as readonly string[]).includes(c) || /^marketplace:[a-z0-9_]{1,40}$/.test(c),
    `one of ${channels.join(', ')} or marketplace:<name> (a-z, 0-9, _)`,
  );

export const externalId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

const cents = z.number().int().min(0).max(maxCents);

export const lineInput = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  qty: z.number().int().min(1).max(100_000),
  unitPriceCents: cents,
  paidCents: cents,
});

export const orderInput = z.strictObject({
  channel,
  externalId,
  storeId: z.string().max(40).optional(),
  guideId: z.string().max(40).optional(),
  member: identityInput.optional().describe('who bought: any identity; absent for a non-member order'),
  lines: z.array(lineInput).min(1).max(500),
  discountCents: cents
    .optional()
    .describe('order-level discount: Σ lines.paidCents = Σ qty × unitPriceCents − discountCents'),
  couponCodes: z.array(z.string().trim().min(1).max(64)).max(50).optional(),
  paidAt: z.iso.datetime({ offset: true }),
  status: z.enum(['paid', 'cancelled']).optional(),
});
export type OrderInput = z.infer<typeof orderInput>;

/** An order after validation: ids parsed, phone hashed, amounts summed, with its canonical payload and hash. */
export interface NormalizedOrder {
  channel: string;
  externalId: string;
  storeId: string | null;
  guideId: string | null;
  identity: Identity | null;
  /** The identity as given, for the single path's getOrCreateByIdentity. */
  memberInput: IdentityInput | null;
  lines: { sku: string; qty: number; unitPriceCents: number; paidCents: number }[];
  discountCents: number;
  couponCodes: string[];
  paidAt: Date;
  status: 'paid' | 'cancelled';
  totalCents: number;
  paidCents: number;
  units: number;
  /** What is kept in order_revisions: the canonical form, phones masked. */
  payload: Record<string, unknown>;
  hash: Buffer;
}

export const orderKey = (channel: string, externalId: string) => `${channel}\u0000${externalId}`;

const identityMemo = new WeakMap<Buffer, Map<string, Identity>>();
const memoMax = 300_000;

/**
 * normalizeIdentity, remembered per process: parsing and hashing a phone costs ~50 µs, and the
 * same customers come back order after order. Invalid input throws and is not remembered.
 */
function memoIdentity(input: IdentityInput, hmacKey: Buffer): Identity {
  let memo = identityMemo.get(hmacKey);
  if (!memo) {
    memo = new Map();
    identityMemo.set(hmacKey, memo);
  }
  const key = `${input.kind}\u0000${input.namespace ?? ''}\u0000${input.value}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const identity = normalizeIdentity(input, hmacKey, 'member');
  if (memo.size >= memoMax) memo.delete(memo.keys().next().value!);
  memo.set(key, identity);
  return identity;
}

/** Thrown with every problem found in one record, each naming its field. */
export class RecordInvalid extends AppError {
  constructor(errors: FieldError[]) {
    const first = errors[0]!;
    super('VALIDATION', `${first.field}: ${first.message}`, errors);
  }
}

function field(errors: FieldError[], f: string, message: string) {
  errors.push({ field: f, message });
}

/**
 * Checks what can be checked without the database and computes the canonical form. The payload
 * hash is over the canonical form, so equivalent inputs (a phone with or without +86, a time in
 * another offset) are the same order. Amount rule: Σ lines.paidCents = Σ qty × unitPriceCents −
 * discountCents, and no line pays more than its qty × unitPriceCents.
 */
export function normalizeOrder(input: OrderInput, hmacKey: Buffer): NormalizedOrder {
  const errors: FieldError[] = [];
  const id = (kind: 'store' | 'staff', value: string | undefined, f: string) => {
    if (value === undefined) return null;
    try {
      return parseFieldId(kind, value, f);
    } catch (e) {
      field(errors, f, (e as AppError).errors?.[0]?.message ?? 'invalid');
      return null;
    }
  };
  const storeId = id('store', input.storeId, 'storeId');
  const guideId = id('staff', input.guideId, 'guideId');
  let identity: Identity | null = null;
  if (input.member) {
    try {
      identity = memoIdentity(input.member, hmacKey);
    } catch (e) {
      for (const fe of (e as AppError).errors ?? []) errors.push(fe);
    }
  }
  const seen = new Map<string, number>();
  let totalCents = 0;
  let paidCents = 0;
  let units = 0;
  input.lines.forEach((l, i) => {
    const first = seen.get(l.sku);
    if (first !== undefined) field(errors, `lines.${i}.sku`, `duplicate of lines.${first}: one line per sku`);
    else seen.set(l.sku, i);
    const gross = l.qty * l.unitPriceCents;
    if (l.paidCents > gross)
      field(errors, `lines.${i}.paidCents`, `more than qty × unitPriceCents (${gross})`);
    totalCents += gross;
    paidCents += l.paidCents;
    units += l.qty;
  });
  const discountCents = input.discountCents ?? 0;
  if (totalCents > maxCents) field(errors, 'lines', `the order total exceeds ${maxCents} cents`);
  else if (paidCents !== totalCents - discountCents) {
    field(
      errors,
      input.discountCents === undefined ? 'lines' : 'discountCents',
      `Σ lines.paidCents (${paidCents}) must equal Σ qty × unitPriceCents (${totalCents}) − discountCents (${discountCents})`,
    );
  }
  if (errors.length > 0) throw new RecordInvalid(errors);

  const paidAt = new Date(input.paidAt);
  const lines = input.lines.map((l) => ({
    sku: l.sku,
    qty: l.qty,
    unitPriceCents: l.unitPriceCents,
    paidCents: l.paidCents,
  }));
  const couponCodes = input.couponCodes ?? [];
  const status = input.status ?? 'paid';
  const canonical = (memberValue: string | undefined) => ({
    channel: input.channel,
    externalId: input.externalId,
    storeId,
    guideId,
    member: identity ? { kind: identity.kind, namespace: identity.namespace, value: memberValue } : null,
    lines: lines.map((l) => [l.sku, l.qty, l.unitPriceCents, l.paidCents]),
    discountCents,
    couponCodes,
    paidAt: paidAt.toISOString(),
    status,
  });
  const hash = sha256(JSON.stringify(canonical(identity?.value)));
  const payload = canonical(identity?.phone ? identity.phone.masked : identity?.value);
  return {
    channel: input.channel,
    externalId: input.externalId,
    storeId,
    guideId,
    identity,
    memberInput: input.member ?? null,
    lines,
    discountCents,
    couponCodes,
    paidAt,
    status,
    totalCents,
    paidCents,
    units,
    payload,
    hash,
  };
}

/** zod issues as field errors, paths dotted (`lines.0.sku`) as everywhere in the API's problem responses. */
export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return {
        field: issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(', '),
        message: 'unknown field',
      };
    }
    return { field: path || 'body', message: issue.message };
  });
}
