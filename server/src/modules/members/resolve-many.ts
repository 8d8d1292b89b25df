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
     SELECT $1, id, pool, joined, channel, join_store, guide, campaign, scene, phone_enc, decode(phone_hash, 'hex'),
       phone_masked, provenance::jsonb, join_store
     FROM json_to_recordset($2::json) AS x(id bigint, pool bigint, joined timestamptz, channel text, join_store bigint,
       guide bigint, campaign text, scene text, phone_enc text, phone_hash text, phone_masked text, provenance json)`,
    [
      ctx.tenantId,
      JSON.stringify(
        missing.map((i, k) => {
          const p = phone(i);
          const at = i.join.at ?? now;
          return {
            id: memberIds[k],
            pool: i.pool,
            joined: at,
            channel: i.join.channel ?? i.source,
            join_store: i.join.storeId ?? null,
            guide: i.join.guideId ?? null,
            campaign: i.join.campaign ?? null,
            scene: i.join.scene ?? null,
            phone_enc: p ? pii.cipher.encrypt(p.e164) : null,
            phone_hash: p ? p.hash : null,
            phone_masked: p?.masked ?? null,
            provenance: p ? { phone: { source: i.source, at: at.toISOString() } } : {},
          };
        }),
      ),
    ],
  );
  const inserted = await tx.many<{ id: string; member_id: string }>(
    `INSERT INTO member_identities (tenant_id, member_id, pool_id, kind, namespace, value, display, source, origin_member_id)
     SELECT $1, m, p, k, n, v, d, s, m
     FROM json_to_recordset($2::json) AS x(m bigint, p bigint, k text, n text, v text, d text, s text)
     ON CONFLICT DO NOTHING RETURNING id, member_id`,
    [
      ctx.tenantId,
      JSON.stringify(
        missing.map((i, k) => ({
          m: memberIds[k],
          p: i.pool,
          k: i.identity.kind,
          n: i.identity.namespace,
          v: i.identity.value,
          d: i.identity.phone?.masked ?? i.identity.value,
          s: i.source,
        })),
      ),
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
