import { z } from 'zod';
import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import type { Cipher } from '../../shared/crypto.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { MergeParticipant } from '../members/member-hooks.ts';
import { parsePhone } from '../members/phone.ts';

// A member's shipping addresses (points-mall gifts). Every function takes the signed-in member's
// id and touches that member's rows only: an id of someone else's address is simply not found.

const text = (max: number) => z.string().trim().min(1).max(max);

export const addressInput = z.strictObject({
  recipient: text(50),
  phone: z.string().trim().min(5).max(20).describe('the recipient’s mobile; stored encrypted, shown masked'),
  province: text(30),
  city: text(30),
  district: z.string().trim().max(30).default(''),
  line: text(200).describe('street, building, room'),
  postcode: z
    .string()
    .regex(/^[0-9]{6}$/, '6 digits')
    .nullable()
    .default(null),
  isDefault: z.boolean().default(false),
});
export type AddressInput = z.infer<typeof addressInput>;

export const addressOut = z.object({
  id: z.string(),
  recipient: z.string(),
  phone: z.string().describe('masked'),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  line: z.string(),
  postcode: z.string().nullable(),
  isDefault: z.boolean(),
  updatedAt: z.string(),
});

interface AddressRow extends Record<string, unknown> {
  id: string;
  recipient: string;
  phone_enc: string;
  phone_masked: string;
  province: string;
  city: string;
  district: string;
  line: string;
  postcode: string | null;
  is_default: boolean;
  updated_at: Date;
}

const columns =
  'id, recipient, phone_enc, phone_masked, province, city, district, line, postcode, is_default, updated_at';

export const addressView = (a: AddressRow) => ({
  id: toPublicId('memberAddress', a.id),
  recipient: a.recipient,
  phone: a.phone_masked,
  province: a.province,
  city: a.city,
  district: a.district,
  line: a.line,
  postcode: a.postcode,
  isDefault: a.is_default,
  updatedAt: a.updated_at.toISOString(),
});

export const maxAddresses = 20;

export async function listAddresses(tx: Tx, memberId: string): Promise<AddressRow[]> {
  return tx.many<AddressRow>(
    `SELECT ${columns} FROM member_addresses WHERE member_id = $1 ORDER BY is_default DESC, id DESC`,
    [memberId],
  );
}

export async function getAddress(tx: Tx, memberId: string, id: string, lock = false): Promise<AddressRow> {
  const row = await tx.maybeOne<AddressRow>(
    `SELECT ${columns} FROM member_addresses WHERE id = $1 AND member_id = $2${lock ? ' FOR UPDATE' : ''}`,
    [id, memberId],
  );
  if (!row) throw notFound('Address');
  return row;
}

/** The address with the recipient's phone in clear: what a gift's shipping needs, nothing else. */
export async function shippingAddress(tx: Tx, cipher: Cipher, memberId: string, id: string) {
  const a = await getAddress(tx, memberId, id);
  const e164 = cipher.decrypt(a.phone_enc);
  return {
    id: a.id,
    recipient: a.recipient,
    phone: e164.startsWith('+86') ? e164.slice(3) : e164,
    province: a.province,
    city: a.city,
    district: a.district,
    line: a.line,
    postcode: a.postcode,
  };
}

async function clearDefault(tx: Tx, memberId: string, except?: string): Promise<void> {
  await tx.exec(
    'UPDATE member_addresses SET is_default = false WHERE member_id = $1 AND is_default AND id <> $2',
    [memberId, except ?? '0'],
  );
}

export async function createAddress(
  tx: Tx,
  ctx: Ctx,
  pii: { cipher: Cipher; hmacKey: Buffer },
  memberId: string,
  input: AddressInput,
): Promise<AddressRow> {
  const phone = parsePhone(input.phone, pii.hmacKey);
  // Serialise this member's address writes: the cap and "first one is the default" hold under concurrency.
  await tx.exec('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `addr:${ctx.tenantId}:${memberId}`,
  ]);
  const { n } = await tx.one<{ n: number }>(
    'SELECT count(*)::int AS n FROM member_addresses WHERE member_id = $1',
    [memberId],
  );
  if (n >= maxAddresses) throw conflict(`At most ${maxAddresses} addresses; delete one first`);
  const isDefault = input.isDefault || n === 0;
  if (isDefault) await clearDefault(tx, memberId);
  return tx.one<AddressRow>(
    `INSERT INTO member_addresses (tenant_id, member_id, origin_member_id, recipient, phone_enc, phone_masked,
       province, city, district, line, postcode, is_default)
     VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${columns}`,
    [
      ctx.tenantId,
      memberId,
      input.recipient,
      pii.cipher.encrypt(phone.e164),
      phone.masked,
      input.province,
      input.city,
      input.district,
      input.line,
      input.postcode,
      isDefault,
    ],
  );
}

export async function updateAddress(
  tx: Tx,
  ctx: Ctx,
  pii: { cipher: Cipher; hmacKey: Buffer },
  memberId: string,
  id: string,
  input: AddressInput,
): Promise<AddressRow> {
  const phone = parsePhone(input.phone, pii.hmacKey);
  await tx.exec('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `addr:${ctx.tenantId}:${memberId}`,
  ]);
  const before = await getAddress(tx, memberId, id, true);
  // The default moves only by choosing another one: unticking it leaves the member with one anyway.
  const isDefault = input.isDefault || before.is_default;
  if (isDefault) await clearDefault(tx, memberId, id);
  return tx.one<AddressRow>(
    `UPDATE member_addresses SET recipient = $3, phone_enc = $4, phone_masked = $5, province = $6, city = $7,
       district = $8, line = $9, postcode = $10, is_default = $11, updated_at = now()
     WHERE id = $1 AND member_id = $2 RETURNING ${columns}`,
    [
      id,
      memberId,
      input.recipient,
      pii.cipher.encrypt(phone.e164),
      phone.masked,
      input.province,
      input.city,
      input.district,
      input.line,
      input.postcode,
      isDefault,
    ],
  );
}

export async function deleteAddress(tx: Tx, ctx: Ctx, memberId: string, id: string): Promise<void> {
  await tx.exec('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `addr:${ctx.tenantId}:${memberId}`,
  ]);
  const gone = await tx.maybeOne<{ is_default: boolean }>(
    'DELETE FROM member_addresses WHERE id = $1 AND member_id = $2 RETURNING is_default',
    [id, memberId],
  );
  if (!gone) throw notFound('Address');
  if (gone.is_default) {
    await tx.exec(
      `UPDATE member_addresses SET is_default = true
       WHERE id = (SELECT id FROM member_addresses WHERE member_id = $1 ORDER BY id DESC LIMIT 1)`,
      [memberId],
    );
  }
}

// Addresses follow their member through a merge (without taking the survivor's default) and go
// back with an unmerge.
export const addressesMergeParticipant: MergeParticipant = {
  name: 'member_addresses',
  async onMerge(tx, _ctx, change) {
    await tx.exec('UPDATE member_addresses SET member_id = $1, is_default = false WHERE member_id = $2', [
      change.survivorId,
      change.mergedId,
    ]);
  },
  async onUnmerge(tx, _ctx, change) {
    await tx.exec(
      `UPDATE member_addresses SET member_id = $2, is_default = false
       WHERE member_id = $1 AND origin_member_id = ANY ($3::bigint[])`,
      [change.survivorId, change.mergedId, change.mergedMemberIds],
    );
  },
};
