import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { emitMany } from '../events/outbox.ts';
import type { Identity } from './identity.ts';
import type { JoinInput, Pii } from './members.service.ts';

export interface ResolveItem {
  identity: Identity;
  pool: string;
  join: JoinInput;
  source: string;
}

export const identityKey = (pool: string, i: Identity) => `${pool}|${i.kind}|${i.namespace}|${i.value}`;

/**
 * Bulk get-or-create for ingest: resolves many identities to members in a handful of statements.
 * New members get ids drawn from the sequence up front so each can be paired with its identity;
 * an identity another transaction created meanwhile wins, and our spare member is removed.
 * Emits member.created and identity.linked for what it creates, like the single path.
 */
export async function resolveMany(
  tx: Tx,
  ctx: Ctx,
  pii: Pii,
  items: ResolveItem[],
): Promise<Map<string, { memberId: string; identityId: string; created: boolean }>> {
  const unique = new Map<string, ResolveItem>();
  for (const item of items) {
    const key = identityKey(item.pool, item.identity);
    const seen = unique.get(key);
    // The earliest join wins when one batch mentions a new identity twice.
    if (!seen || (item.join.at && seen.join.at && item.join.at < seen.join.at)) unique.set(key, item);
  }
  const out = new Map<string, { memberId: string; identityId: string; created: boolean }>();
  const lookup = async (list: ResolveItem[]) => {
    if (list.length === 0) return;
    const rows = await tx.many<{
      pool_id: string;
      kind: string;
      namespace: string;
      value: string;
      member_id: string;
      id: string;
    }>(
      `SELECT i.pool_id, i.kind, i.namespace, i.value, i.member_id, i.id
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS k(pool_id, kind, namespace, value)
       JOIN member_identities i ON i.pool_id = k.pool_id AND i.kind = k.kind AND i.namespace = k.namespace AND i.value = k.value`,
      [
        list.map((i) => i.pool),
        list.map((i) => i.identity.kind),
        list.map((i) => i.identity.namespace),
        list.map((i) => i.identity.value),
      ],
    );
    for (const r of rows) {
      out.set(`${r.pool_id}|${r.kind}|${r.namespace}|${r.value}`, {
        memberId: r.member_id,
        identityId: r.id,
        created: false,
      });
    }
  };
  await lookup([...unique.values()]);
  const missing = [...unique.entries()].filter(([k]) => !out.has(k)).map(([, v]) => v);
  if (missing.length === 0) return out;

  const ids = await tx.many<{ id: string }>(
    "SELECT nextval(pg_get_serial_sequence('members', 'id'))::text AS id FROM generate_series(1, $1)",
    [missing.length],
  );
  const memberIds = ids.map((r) => r.id);
  const now = new Date();
  const phone = (i: ResolveItem) => i.identity.phone;
  await tx.exec(
    `INSERT INTO members (tenant_id, id, pool_id, joined_at, join_channel, join_store_id, join_guide_id, join_campaign, join_scene,
       phone_enc, phone_hash, phone_masked, provenance, home_store_id)
     OVERRIDING SYSTEM VALUE
     SELECT $1, *, join_store FROM unnest($2::bigint[], $3::bigint[], $4::timestamptz[], $5::text[], $6::bigint[], $7::bigint[], $8::text[],
       $9::text[], $10::text[], $11::bytea[], $12::text[], $13::jsonb[])
       AS x(id, pool, joined, channel, join_store, guide, campaign, scene, phone_enc, phone_hash, phone_masked, provenance)`,
    [
      ctx.tenantId,
      memberIds,
      missing.map((i) => i.pool),
      missing.map((i) => i.join.at ?? now),
      missing.map((i) => i.join.channel ?? i.source),
      missing.map((i) => i.join.storeId ?? null),
      missing.map((i) => i.join.guideId ?? null),
      missing.map((i) => i.join.campaign ?? null),
      missing.map((i) => i.join.scene ?? null),
      missing.map((i) => (phone(i) ? pii.cipher.encrypt(phone(i)!.e164) : null)),
      missing.map((i) => (phone(i) ? Buffer.from(phone(i)!.hash, 'hex') : null)),
      missing.map((i) => phone(i)?.masked ?? null),
      missing.map((i) =>
        JSON.stringify(phone(i) ? { phone: { source: i.source, at: (i.join.at ?? now).toISOString() } } : {}),
      ),
    ],
  );
  const inserted = await tx.many<{ id: string; member_id: string }>(
    `INSERT INTO member_identities (tenant_id, member_id, pool_id, kind, namespace, value, display, source, origin_member_id)
     SELECT $1, m, p, k, n, v, d, s, m FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS x(m, p, k, n, v, d, s)
     ON CONFLICT DO NOTHING RETURNING id, member_id`,
    [
      ctx.tenantId,
      memberIds,
      missing.map((i) => i.pool),
      missing.map((i) => i.identity.kind),
      missing.map((i) => i.identity.namespace),
      missing.map((i) => i.identity.value),
      missing.map((i) => i.identity.phone?.masked ?? i.identity.value),
      missing.map((i) => i.source),
    ],
  );
  const won = new Map(inserted.map((r) => [r.member_id, r.id]));
  const lost = memberIds.filter((id) => !won.has(id));
  if (lost.length > 0) {
    // Created concurrently elsewhere: ours are spares with nothing attached yet.
    await tx.exec('DELETE FROM members WHERE id = ANY ($1::bigint[])', [lost]);
    await lookup(missing.filter((_, i) => !won.has(memberIds[i]!)));
  }
  const created = missing
    .map((item, i) => ({ item, memberId: memberIds[i]!, identityId: won.get(memberIds[i]!) }))
    .filter((c) => c.identityId);
  for (const c of created)
    out.set(identityKey(c.item.pool, c.item.identity), {
      memberId: c.memberId,
      identityId: c.identityId!,
      created: true,
    });
  await emitMany(
    tx,
    ctx,
    created.flatMap((c) => [
      {
        type: 'member.created' as const,
        aggregateType: 'member',
        aggregateId: `mem_${c.memberId}`,
        payload: {
          id: `mem_${c.memberId}`,
          joinedAt: (c.item.join.at ?? now).toISOString(),
          joinChannel: c.item.join.channel ?? c.item.source,
          joinStoreId: c.item.join.storeId ? `sto_${c.item.join.storeId}` : null,
          joinGuideId: c.item.join.guideId ? `stf_${c.item.join.guideId}` : null,
          joinCampaign: c.item.join.campaign ?? null,
          joinScene: c.item.join.scene ?? null,
        },
      },
      {
        type: 'identity.linked' as const,
        aggregateType: 'member',
        aggregateId: `mem_${c.memberId}`,
        payload: {
          memberId: `mem_${c.memberId}`,
          identityId: `idn_${c.identityId}`,
          kind: c.item.identity.kind,
          namespace: c.item.identity.namespace || null,
          source: c.item.source,
        },
      },
    ]),
  );
  return out;
}
