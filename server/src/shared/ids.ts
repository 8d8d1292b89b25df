import { AppError } from './errors.ts';

/**
 * Public ids carry a prefix naming what they refer to (`sto_42`), so a log line or a support
 * ticket says what it is about. Inside the database ids are bigint, read as strings.
 */
export const idPrefixes = {
  tenant: 'ten',
  businessUnit: 'bu',
  region: 'reg',
  store: 'sto',
  staff: 'stf',
  apiKey: 'key',
  webhook: 'whk',
  webhookDelivery: 'whd',
  audit: 'aud',
  event: 'evt',
  member: 'mem',
  identity: 'idn',
  merge: 'mrg',
  product: 'prd',
  order: 'ord',
  refund: 'rfd',
  importJob: 'imp',
  couponTemplate: 'cpt',
  coupon: 'cpn',
  couponRedemption: 'cpr',
  pointsAccount: 'pac',
  journal: 'jnl',
  lot: 'lot',
  hold: 'phd',
  loyaltyProgram: 'lpg',
  tier: 'tir',
  earnRule: 'ern',
  loyaltyAction: 'act',
  mallItem: 'mit',
  mallExchange: 'mex',
  memberAddress: 'adr',
} as const;

export type IdKind = keyof typeof idPrefixes;

export function toPublicId(kind: IdKind, id: string | number | bigint): string;
export function toPublicId(kind: IdKind, id: string | number | bigint | null | undefined): string | null;
export function toPublicId(kind: IdKind, id: string | number | bigint | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  return `${idPrefixes[kind]}_${id}`;
}

const digits = /^[1-9][0-9]{0,17}$/;

/** Parses `sto_42` into '42'. A malformed id is reported as not found: it cannot name a row. */
export function parsePublicId(kind: IdKind, value: string, what: string = kind): string {
  const prefix = `${idPrefixes[kind]}_`;
  const rest = value.startsWith(prefix) ? value.slice(prefix.length) : '';
  if (!digits.test(rest)) throw new AppError('NOT_FOUND', `${what} ${value} not found`);
  return rest;
}

/** Like parsePublicId, for ids given in a request body: a bad one is a validation error on that field. */
export function parseFieldId(kind: IdKind, value: string, field: string): string {
  const prefix = `${idPrefixes[kind]}_`;
  const rest = value.startsWith(prefix) ? value.slice(prefix.length) : '';
  if (!digits.test(rest)) {
    throw new AppError('VALIDATION', `${field}: not a valid ${prefix}… id`, [
      { field, message: `not a valid ${prefix}… id` },
    ]);
  }
  return rest;
}
