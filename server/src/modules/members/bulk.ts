import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { emitMany } from '../events/outbox.ts';
import type { Identity } from './identity.ts';
import type { ConsentPurpose } from './members.service.ts';

export interface BulkProfile {
  memberId: string;
  name?: string | null;
  gender?: 'male' | 'female' | 'unknown' | null;
  birthday?: string | null;
  city?: string | null;
  consents?: Partial<Record<ConsentPurpose, boolean>>;
}

/**
 * Sets profile fields of many members in one statement (imports, the demo seed), with the same
 * provenance and consent log the single path writes. Fields left undefined are kept.
 */
export async function applyProfiles(
  tx: Tx,
  ctx: Ctx,
  items: BulkProfile[],
  source: string,
  at = new Date(),
): Promise<void> {
  if (items.length === 0) return;
  const stamp = { source, at: at.toISOString() };
  const provenance = (p: BulkProfile) =>
    JSON.stringify(
      Object.fromEntries(
        (['name', 'gender', 'birthday', 'city'] as const)
          .filter((f) => p[f] !== undefined)
          .map((f) => [f, stamp]),
      ),
    );
  const consents = (p: BulkProfile) =>
    JSON.stringify(
      Object.fromEntries(Object.entries(p.consents ?? {}).map(([k, granted]) => [k, { granted, ...stamp }])),
    );
  await tx.exec(
    `UPDATE members m SET
       name = CASE WHEN x.has_name THEN x.name ELSE m.name END,
       gender = CASE WHEN x.has_gender THEN x.gender ELSE m.gender END,
       birthday = CASE WHEN x.has_birthday THEN x.birthday ELSE m.birthday END,
       city = CASE WHEN x.has_city THEN x.city ELSE m.city END,
       provenance = m.provenance || x.provenance, consents = m.consents || x.consents, updated_at = now()
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::date[], $5::text[], $6::bool[], $7::bool[], $8::bool[], $9::bool[], $10::jsonb[], $11::jsonb[])
       AS x(id, name, gender, birthday, city, has_name, has_gender, has_birthday, has_city, provenance, consents)
     WHERE m.id = x.id`,
    [
      items.map((p) => p.memberId),
      items.map((p) => p.name ?? null),
      items.map((p) => p.gender ?? null),
      items.map((p) => p.birthday ?? null),
      items.map((p) => p.city ?? null),
      items.map((p) => p.name !== undefined),
      items.map((p) => p.gender !== undefined),
      items.map((p) => p.birthday !== undefined),
      items.map((p) => p.city !== undefined),
      items.map(provenance),
      items.map(consents),
    ],
  );
  const log = items.flatMap((p) =>
    Object.entries(p.consents ?? {}).map(([purpose, granted]) => ({ id: p.memberId, purpose, granted })),
  );
  if (log.length > 0) {
    await tx.exec(
      `INSERT INTO member_consent_log (tenant_id, member_id, purpose, granted, source, recorded_at)
       SELECT $1, * , $5, $6 FROM unnest($2::bigint[], $3::text[], $4::bool[])`,
      [ctx.tenantId, log.map((l) => l.id), log.map((l) => l.purpose), log.map((l) => l.granted), source, at],
    );
  }
}

/**
 * Attaches identities no one holds yet to members, in one statement; identities already held are
 * skipped and returned, for the caller to link one by one (which merges).
 */
export async function attachIdentities(
  tx: Tx,
  ctx: Ctx,
  items: { memberId: string; pool: string; identity: Identity; source: string }[],
): Promise<typeof items> {
  if (items.length === 0) return [];
  const inserted = await tx.many<{
    id: string;
    member_id: string;
    kind: string;
    namespace: string;
    value: string;
    pool_id: string;
    source: string;
  }>(
    `INSERT INTO member_identities (tenant_id, member_id, pool_id, kind, namespace, value, display, source, origin_member_id)
     SELECT $1, m, p, k, n, v, d, s, m FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS x(m, p, k, n, v, d, s)
     ON CONFLICT DO NOTHING RETURNING id, member_id, kind, namespace, value, pool_id, source`,
    [
      ctx.tenantId,
      items.map((i) => i.memberId),
      items.map((i) => i.pool),
      items.map((i) => i.identity.kind),
      items.map((i) => i.identity.namespace),
      items.map((i) => i.identity.value),
      items.map((i) => i.identity.phone?.masked ?? i.identity.value),
      items.map((i) => i.source),
    ],
  );
  await emitMany(
    tx,
    ctx,
    inserted.map((r) => ({
      type: 'identity.linked' as const,
      aggregateType: 'member',
      aggregateId: `mem_${r.member_id}`,
      payload: {
        memberId: `mem_${r.member_id}`,
        identityId: `idn_${r.id}`,
        kind: r.kind,
        namespace: r.namespace || null,
        source: r.source,
      },
    })),
  );
  const done = new Set(inserted.map((r) => `${r.pool_id}|${r.kind}|${r.namespace}|${r.value}`));
  return items.filter(
    (i) => !done.has(`${i.pool}|${i.identity.kind}|${i.identity.namespace}|${i.identity.value}`),
  );
}
