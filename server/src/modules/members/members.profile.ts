import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { Cipher } from '../../shared/crypto.ts';
import { parsePhone } from './phone.ts';

// Profile input: the fields a member's profile takes, their columns and provenance, and consents.
export const consentPurposes = ['marketing_sms', 'oa_template', 'wecom_message', 'profiling'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export interface Pii {
  cipher: Cipher;
  hmacKey: Buffer;
}

export interface ProfileInput {
  name?: string | null | undefined;
  gender?: 'male' | 'female' | 'unknown' | null | undefined;
  birthday?: string | null | undefined;
  city?: string | null | undefined;
  homeStoreId?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  attributes?: Record<string, unknown> | undefined;
  consents?: Partial<Record<ConsentPurpose, boolean>> | undefined;
}

export interface JoinInput {
  at?: Date | undefined;
  channel?: string | undefined;
  storeId?: string | null | undefined;
  guideId?: string | null | undefined;
  campaign?: string | undefined;
  scene?: string | undefined;
}

const columnOf = {
  name: 'name',
  gender: 'gender',
  birthday: 'birthday',
  city: 'city',
  homeStoreId: 'home_store_id',
  email: 'email',
} as const;

/** Column values and provenance for the fields a profile input sets. */
export function profileColumns(input: ProfileInput, source: string, at: string, pii: Pii) {
  const values: Record<string, unknown> = {};
  const provenance: Record<string, { source: string; at: string }> = {};
  for (const [key, column] of Object.entries(columnOf)) {
    const v = input[key as keyof typeof columnOf];
    if (v === undefined) continue;
    values[column] = key === 'email' && v ? v.toLowerCase() : v;
    provenance[column] = { source, at };
  }
  if (input.phone !== undefined) {
    const phone = input.phone ? parsePhone(input.phone, pii.hmacKey) : null;
    values.phone_enc = phone ? pii.cipher.encrypt(phone.e164) : null;
    values.phone_hash = phone ? Buffer.from(phone.hash, 'hex') : null;
    values.phone_masked = phone?.masked ?? null;
    provenance.phone = { source, at };
  }
  return { values, provenance };
}

export function consentState(consents: ProfileInput['consents'], source: string, at: string) {
  return Object.fromEntries(
    Object.entries(consents ?? {}).map(([purpose, granted]) => [purpose, { granted, at, source }]),
  );
}

export async function logConsents(
  tx: Tx,
  ctx: Ctx,
  memberId: string,
  consents: ProfileInput['consents'],
  source: string,
): Promise<void> {
  for (const [purpose, granted] of Object.entries(consents ?? {})) {
    await tx.exec(
      'INSERT INTO member_consent_log (tenant_id, member_id, purpose, granted, source) VALUES ($1, $2, $3, $4, $5)',
      [ctx.tenantId, memberId, purpose, granted, source],
    );
  }
}
