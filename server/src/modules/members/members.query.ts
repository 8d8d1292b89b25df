import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import { loadMember, type MemberRow, memberColumnsOf } from './members.repo.ts';
import { phoneHash } from './phone.ts';

/** Data scope on members: a store's staff see members whose home store is theirs; a guide those they recruited. */
export function memberScope(ctx: Ctx, params: unknown[], alias = 'm'): string {
  const { scope, regionId, storeId, id } = ctx.actor;
  if (scope === 'all') return 'true';
  if (scope === 'region') {
    params.push(regionId);
    return `${alias}.home_store_id IN (SELECT id FROM stores WHERE region_id = $${params.length})`;
  }
  if (scope === 'store') {
    params.push(storeId);
    return `${alias}.home_store_id = $${params.length}`;
  }
  params.push(id);
  return `${alias}.join_guide_id = $${params.length}`;
}

export async function getVisibleMember(tx: Tx, ctx: Ctx, id: string): Promise<MemberRow> {
  const params: unknown[] = [id];
  const visible = await tx.maybeOne(
    `SELECT 1 FROM members m WHERE m.id = $1 AND ${memberScope(ctx, params)}`,
    params,
  );
  const row = visible ? await loadMember(tx, id) : undefined;
  if (!row || row.status === 'erased') throw notFound('Member');
  return row;
}

export interface MemberFilter {
  q?: string | undefined;
  homeStoreId?: string | undefined;
  joinChannel?: string | undefined;
  joinedFrom?: string | undefined;
  joinedTo?: string | undefined;
  status?: 'active' | 'merged' | undefined;
  limit: number;
  offset: number;
}

const totalCap = 10_000;

/**
 * Member search: a phone (exact, through its keyed hash), any identity value (exact: card number,
 * openid, unionid…), or a name prefix. Lists walk the (tenant_id, id DESC) index; the total is
 * counted up to 10,000 so a list over a million members stays fast.
 */
export async function searchMembers(tx: Tx, ctx: Ctx, hmacKey: Buffer, f: MemberFilter) {
  const params: unknown[] = [];
  const where = [memberScope(ctx, params)];
  params.push(f.status ?? 'active');
  where.push(`m.status = $${params.length}`);
  const q = f.q?.trim();
  if (q) {
    // The members an identity search hits, found through (tenant_id, value) first, so a phone or
    // card lookup touches a handful of rows whatever the tenant's size.
    const phone = /^[+\d][\d\s-]{6,}$/.test(q) ? parsePhoneNumberFromString(q, 'CN') : undefined;
    params.push(phone?.isValid() ? phoneHash(phone.number, hmacKey) : q);
    const byIdentity = `m.id = ANY (ARRAY(SELECT member_id FROM member_identities WHERE tenant_id = (SELECT siyu_tenant()) AND value = $${params.length}))`;
    if (phone?.isValid()) where.push(byIdentity);
    else {
      params.push(`${q.replace(/[\\%_]/g, '\\$&')}%`);
      where.push(`(${byIdentity} OR m.name LIKE $${params.length})`);
    }
  }
  const eq = (column: string, value: string | undefined, op = '=') => {
    if (value === undefined) return;
    params.push(value);
    where.push(`m.${column} ${op} $${params.length}`);
  };
  eq('home_store_id', f.homeStoreId);
  eq('join_channel', f.joinChannel);
  eq('joined_at', f.joinedFrom, '>=');
  eq('joined_at', f.joinedTo, '<');
  const clause = where.join(' AND ');
  const items = await tx.many<MemberRow>(
    `SELECT ${memberColumnsOf('m')} FROM members m WHERE ${clause}
     ORDER BY m.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, f.limit, f.offset],
  );
  const counted = await tx.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM members m WHERE ${clause} LIMIT ${totalCap + 1}) c`,
    params,
  );
  return { items, total: Math.min(counted.n, totalCap), totalIsCapped: counted.n > totalCap };
}
