import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import type { EventType } from '../../shared/events.ts';
import { type IdKind, toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { emit } from '../events/outbox.ts';

/**
 * Business units, regions and stores: the organisation every other module hangs data on.
 * Each is a table keyed (tenant_id, id) with a tenant-unique code.
 */
export interface OrgEntity {
  table: 'business_units' | 'regions' | 'stores';
  kind: IdKind;
  label: string;
  entityType: string;
  columns: readonly string[];
  events: { created: EventType; updated: EventType };
}

export const businessUnits: OrgEntity = {
  table: 'business_units',
  kind: 'businessUnit',
  label: 'Business unit',
  entityType: 'business_unit',
  columns: ['code', 'name', 'kind', 'member_sharing'],
  events: { created: 'business_unit.created', updated: 'business_unit.updated' },
};

export const regions: OrgEntity = {
  table: 'regions',
  kind: 'region',
  label: 'Region',
  entityType: 'region',
  columns: ['code', 'name'],
  events: { created: 'region.created', updated: 'region.updated' },
};

export const stores: OrgEntity = {
  table: 'stores',
  kind: 'store',
  label: 'Store',
  entityType: 'store',
  columns: ['code', 'name', 'kind', 'business_unit_id', 'region_id', 'city', 'address', 'status'],
  events: { created: 'store.created', updated: 'store.updated' },
};

type Row = Record<string, unknown> & { id: string; created_at: Date; updated_at: Date };

const select = (e: OrgEntity) => `id, ${e.columns.join(', ')}, created_at, updated_at`;

/** Data scope: staff scoped to a region or a store see only that part of the organisation. */
function scopeFilter(e: OrgEntity, ctx: Ctx, params: unknown[]): string {
  const { scope, regionId, storeId } = ctx.actor;
  if (e.table !== 'stores' || scope === 'all') return 'true';
  if (scope === 'region') {
    params.push(regionId);
    return `region_id = $${params.length}`;
  }
  params.push(storeId);
  return `id = $${params.length}`;
}

export interface ListFilter {
  q?: string | undefined;
  eq?: Record<string, string | undefined>;
  limit: number;
  offset: number;
}

export async function listOrg(
  tx: Tx,
  ctx: Ctx,
  e: OrgEntity,
  filter: ListFilter,
): Promise<{ items: Row[]; total: number }> {
  const params: unknown[] = [];
  const where = [scopeFilter(e, ctx, params)];
  if (filter.q) {
    params.push(`%${filter.q.replace(/[\\%_]/g, '\\$&')}%`);
    where.push(`(name ILIKE $${params.length} OR code ILIKE $${params.length})`);
  }
  for (const [column, value] of Object.entries(filter.eq ?? {})) {
    if (value === undefined || !e.columns.includes(column)) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  const clause = where.join(' AND ');
  const total = await tx.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${e.table} WHERE ${clause}`,
    params,
  );
  const items = await tx.many<Row>(
    `SELECT ${select(e)} FROM ${e.table} WHERE ${clause} ORDER BY id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, filter.limit, filter.offset],
  );
  return { items, total: total.n };
}

export async function getOrg(tx: Tx, ctx: Ctx, e: OrgEntity, id: string): Promise<Row> {
  const params: unknown[] = [id];
  const row = await tx.maybeOne<Row>(
    `SELECT ${select(e)} FROM ${e.table} WHERE id = $1 AND ${scopeFilter(e, ctx, params)}`,
    params,
  );
  if (!row) throw notFound(e.label);
  return row;
}

export async function createOrg(
  tx: Tx,
  ctx: Ctx,
  e: OrgEntity,
  input: Record<string, unknown>,
): Promise<Row> {
  const columns = e.columns.filter((c) => input[c] !== undefined);
  const row = await tx.one<Row>(
    `INSERT INTO ${e.table} (tenant_id, ${columns.join(', ')}) VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})
     RETURNING ${select(e)}`,
    [ctx.tenantId, ...columns.map((c) => input[c])],
  );
  await audit(tx, ctx, {
    action: `${e.entityType}.created`,
    entityType: e.entityType,
    entityId: toPublicId(e.kind, row.id),
    after: row,
  });
  await emit(tx, ctx, {
    type: e.events.created,
    aggregateType: e.entityType,
    aggregateId: toPublicId(e.kind, row.id),
    payload: { id: toPublicId(e.kind, row.id), ...input },
  });
  return row;
}

export async function updateOrg(
  tx: Tx,
  ctx: Ctx,
  e: OrgEntity,
  id: string,
  patch: Record<string, unknown>,
  eventType: EventType = e.events.updated,
): Promise<Row> {
  const before = await getOrg(tx, ctx, e, id);
  const columns = e.columns.filter((c) => patch[c] !== undefined);
  if (columns.length === 0) return before;
  const after = await tx.one<Row>(
    `UPDATE ${e.table} SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')}, updated_at = now()
     WHERE id = $1 RETURNING ${select(e)}`,
    [id, ...columns.map((c) => patch[c])],
  );
  await audit(tx, ctx, {
    action: eventType,
    entityType: e.entityType,
    entityId: toPublicId(e.kind, id),
    before,
    after,
  });
  await emit(tx, ctx, {
    type: eventType,
    aggregateType: e.entityType,
    aggregateId: toPublicId(e.kind, id),
    payload: { id: toPublicId(e.kind, id), ...patch },
  });
  return after;
}

/** Deleting a region or unit still referenced fails with a conflict; a store is closed, never deleted. */
export async function deleteOrg(tx: Tx, ctx: Ctx, e: OrgEntity, id: string): Promise<void> {
  const before = await getOrg(tx, ctx, e, id);
  await tx.exec(`DELETE FROM ${e.table} WHERE id = $1`, [id]);
  await audit(tx, ctx, {
    action: `${e.entityType}.deleted`,
    entityType: e.entityType,
    entityId: toPublicId(e.kind, id),
    before,
  });
}

export interface StoreInfo {
  id: string;
  code: string;
  businessUnitId: string | null;
  /** 'unit' when the store's business unit keeps its own members, else 'group'. */
  memberSharing: 'group' | 'unit';
  regionId: string | null;
}

/**
 * Stores by id or by code, with what ingest needs to know about them: one query however many.
 * Read by other modules (orders) instead of the stores table itself.
 */
export async function storeInfo(tx: Tx, by: { ids?: string[]; codes?: string[] }): Promise<StoreInfo[]> {
  const rows = await tx.many<{
    id: string;
    code: string;
    business_unit_id: string | null;
    member_sharing: 'group' | 'unit' | null;
    region_id: string | null;
  }>(
    `SELECT s.id, s.code, s.business_unit_id, b.member_sharing, s.region_id
     FROM stores s LEFT JOIN business_units b ON b.id = s.business_unit_id
     WHERE s.id = ANY ($1::bigint[]) OR s.code = ANY ($2::text[])`,
    [by.ids ?? [], by.codes ?? []],
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    businessUnitId: r.business_unit_id,
    memberSharing: r.member_sharing ?? 'group',
    regionId: r.region_id,
  }));
}
