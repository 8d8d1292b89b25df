import type { Tx } from '../../db/database.ts';

export interface MemberRow extends Record<string, unknown> {
  id: string;
  pool_id: string;
  status: 'active' | 'merged' | 'erased';
  merged_into: string | null;
  name: string | null;
  gender: 'male' | 'female' | 'unknown' | null;
  birthday: string | null;
  city: string | null;
  home_store_id: string | null;
  email: string | null;
  phone_enc: string | null;
  phone_hash: Buffer | null;
  phone_masked: string | null;
  joined_at: Date;
  join_channel: string | null;
  join_store_id: string | null;
  join_guide_id: string | null;
  join_campaign: string | null;
  join_scene: string | null;
  consents: Record<string, { granted: boolean; at: string; source: string }>;
  attributes: Record<string, unknown>;
  provenance: Record<string, { source: string; at: string }>;
  created_at: Date;
  updated_at: Date;
}

/** Profile fields: what merges reconcile and provenance tracks. `phone` stands for the three phone columns. */
export const profileFields = [
  'name',
  'gender',
  'birthday',
  'city',
  'home_store_id',
  'email',
  'phone',
] as const;
export type ProfileField = (typeof profileFields)[number];

const plainColumns = [
  'id',
  'pool_id',
  'status',
  'merged_into',
  'name',
  'gender',
  'city',
  'home_store_id',
  'email',
  'phone_enc',
  'phone_hash',
  'phone_masked',
  'joined_at',
  'join_channel',
  'join_store_id',
  'join_guide_id',
  'join_campaign',
  'join_scene',
  'consents',
  'attributes',
  'provenance',
  'created_at',
  'updated_at',
];

/** The select list for a member row, optionally qualified by a table alias. */
export const memberColumnsOf = (alias?: string): string => {
  const p = alias ? `${alias}.` : '';
  return [...plainColumns.map((c) => `${p}${c}`), `to_char(${p}birthday, 'YYYY-MM-DD') AS birthday`].join(
    ', ',
  );
};

export const memberColumns = memberColumnsOf();

export async function loadMember(tx: Tx, id: string, lock = false): Promise<MemberRow | undefined> {
  return tx.maybeOne<MemberRow>(
    `SELECT ${memberColumns} FROM members WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
}

/** Writes the reconcilable columns of a member row back (used by merge and unmerge). */
export async function writeProfile(tx: Tx, row: MemberRow): Promise<MemberRow> {
  return tx.one<MemberRow>(
    `UPDATE members SET name = $2, gender = $3, birthday = $4, city = $5, home_store_id = $6, email = $7,
       phone_enc = $8, phone_hash = $9, phone_masked = $10, joined_at = $11, join_channel = $12, join_store_id = $13,
       join_guide_id = $14, join_campaign = $15, join_scene = $16, consents = $17, attributes = $18, provenance = $19,
       updated_at = now()
     WHERE id = $1 RETURNING ${memberColumns}`,
    [
      row.id,
      row.name,
      row.gender,
      row.birthday,
      row.city,
      row.home_store_id,
      row.email,
      row.phone_enc,
      row.phone_hash,
      row.phone_masked,
      row.joined_at,
      row.join_channel,
      row.join_store_id,
      row.join_guide_id,
      row.join_campaign,
      row.join_scene,
      JSON.stringify(row.consents),
      JSON.stringify(row.attributes),
      JSON.stringify(row.provenance),
    ],
  );
}

/** A row as JSON for merge snapshots (bytea as hex, dates as ISO strings). */
export function snapshot(row: MemberRow): Record<string, unknown> {
  return {
    ...row,
    phone_hash: row.phone_hash ? row.phone_hash.toString('hex') : null,
    joined_at: row.joined_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function fromSnapshot(s: Record<string, unknown>): MemberRow {
  return {
    ...(s as unknown as MemberRow),
    phone_hash: s.phone_hash ? Buffer.from(s.phone_hash as string, 'hex') : null,
    joined_at: new Date(s.joined_at as string),
    created_at: new Date(s.created_at as string),
    updated_at: new Date(s.updated_at as string),
  };
}
