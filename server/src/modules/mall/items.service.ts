import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { parseFieldId, toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { getTemplate } from '../coupons/coupons.service.ts';
import { type ItemRow, loadItem } from './items.repo.ts';
import { type ItemInput, type ItemPatch, Problems } from './mall.schema.ts';
import { mallError } from './mall-errors.ts';
import { tenantTiers } from './member-lookup.ts';

type Values = Omit<ItemInput, 'status'>;

/** The fields each kind uses; any other one given is a mistake worth naming. */
const kindFields = ['cashCents', 'postageCents', 'couponTemplateId', 'redemptionInstructions'] as const;
const uses: Record<ItemInput['kind'], readonly (typeof kindFields)[number][]> = {
  physical_gift: ['cashCents', 'postageCents'],
  coupon: ['couponTemplateId'],
  partner_benefit: ['redemptionInstructions'],
};

const given = (v: unknown) => v !== undefined && v !== null && v !== 0 && v !== '';

async function check(tx: Tx, v: Values): Promise<{ couponTemplateId: string | null; tierIds: string[] }> {
  const p = new Problems();
  for (const f of kindFields) {
    if (given(v[f]) && !uses[v.kind].includes(f)) {
      p.add(
        f,
        f === 'cashCents' || f === 'postageCents'
          ? 'only physical gifts take cash or postage: coupons and partner benefits are delivered at once, before any cash could arrive'
          : `not used by a ${v.kind} item`,
      );
    }
  }
  if (v.kind === 'coupon' && !given(v.couponTemplateId))
    p.add('couponTemplateId', 'required for a coupon item');
  if (v.kind === 'partner_benefit' && !given(v.redemptionInstructions))
    p.add('redemptionInstructions', 'required for a partner benefit: tell the member how to use it');
  if (v.startsAt && v.endsAt && Date.parse(v.endsAt) <= Date.parse(v.startsAt))
    p.add('endsAt', 'must be after startsAt');
  let couponTemplateId: string | null = null;
  if (v.kind === 'coupon' && v.couponTemplateId) {
    try {
      couponTemplateId = parseFieldId('couponTemplate', v.couponTemplateId, 'couponTemplateId');
    } catch (e) {
      if (e instanceof AppError && e.errors) p.list.push(...e.errors);
      else throw e;
    }
  }
  const tierIds: string[] = [];
  (v.tierIds ?? []).forEach((t, i) => {
    try {
      tierIds.push(parseFieldId('tier', t, `tierIds.${i}`));
    } catch (e) {
      if (e instanceof AppError && e.errors) p.list.push(...e.errors);
      else throw e;
    }
  });
  p.throwIfAny();
  if (couponTemplateId) {
    try {
      await getTemplate(tx, couponTemplateId);
    } catch (e) {
      if (e instanceof AppError && e.code === 'NOT_FOUND')
        p.add('couponTemplateId', 'no such coupon template');
      else throw e;
    }
  }
  if (tierIds.length > 0) {
    const tiers = await tenantTiers(tx);
    tierIds.forEach((id, i) => {
      if (!tiers.has(id)) p.add(`tierIds.${i}`, 'no such tier');
    });
  }
  p.throwIfAny();
  return { couponTemplateId, tierIds: [...new Set(tierIds)] };
}

const columns = `name, description, kind, points, cash_cents, postage_cents, coupon_template_id, redemption_instructions,
  per_member_limit, min_tier_rank, tier_ids, starts_at, ends_at, images, sort_order`;

function params(v: Values, refs: { couponTemplateId: string | null; tierIds: string[] }): unknown[] {
  const physical = v.kind === 'physical_gift';
  return [
    v.name,
    v.description || null,
    v.kind,
    v.points,
    physical ? (v.cashCents ?? 0) : 0,
    physical ? (v.postageCents ?? 0) : 0,
    refs.couponTemplateId,
    v.kind === 'partner_benefit' ? v.redemptionInstructions : null,
    v.perMemberLimit ?? null,
    v.minTierRank ?? null,
    refs.tierIds,
    v.startsAt ?? null,
    v.endsAt ?? null,
    v.images ?? [],
    v.sortOrder ?? 0,
  ];
}

const placeholders = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');

export async function createItem(tx: Tx, ctx: Ctx, input: ItemInput): Promise<ItemRow> {
  const refs = await check(tx, input);
  const values = params(input, refs);
  const n = values.length;
  const row = await tx.one<{ id: string }>(
    `INSERT INTO mall_items (tenant_id, ${columns}, stock_left, status, created_by)
     VALUES ($1, ${placeholders(2, n)}, $${n + 2}, $${n + 3}, $${n + 4}) RETURNING id`,
    [ctx.tenantId, ...values, input.stock ?? null, input.status ?? 'draft', ctx.actor.name],
  );
  const created = await loadItem(tx, row.id);
  await audit(tx, ctx, {
    action: 'mall_item.created',
    entityType: 'mall_item',
    entityId: toPublicId('mallItem', row.id),
    after: created,
  });
  return created;
}

/** The input a stored item would have been created with: a patch is applied on top of it. */
export function asInput(r: ItemRow): Values {
  return {
    name: r.name,
    description: r.description,
    kind: r.kind,
    points: Number(r.points),
    cashCents: Number(r.cash_cents),
    postageCents: Number(r.postage_cents),
    couponTemplateId: toPublicId('couponTemplate', r.coupon_template_id),
    redemptionInstructions: r.redemption_instructions,
    stock: r.stock_left === null ? null : r.stock_left + r.exchanged,
    perMemberLimit: r.per_member_limit,
    minTierRank: r.min_tier_rank,
    tierIds: r.tier_ids.map((t) => toPublicId('tier', t)),
    startsAt: r.starts_at?.toISOString() ?? null,
    endsAt: r.ends_at?.toISOString() ?? null,
    images: r.images,
    sortOrder: r.sort_order,
  };
}

/**
 * Edits an item. Exchanges keep what they were placed with (name, price); the kind and the coupon
 * template are fixed once the item has been exchanged. The stock is the total: it may not go below
 * what was exchanged already. The row is locked, so no placement slips between the read and the write.
 */
export async function updateItem(tx: Tx, ctx: Ctx, id: string, patch: ItemPatch): Promise<ItemRow> {
  const before = await loadItem(tx, id, true);
  const current = asInput(before);
  const { status, ...rest } = patch;
  const next: Values = {
    ...current,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  };
  if (next.kind !== before.kind) {
    // The old kind's own fields go unless the patch gives them again.
    if (rest.cashCents === undefined) next.cashCents = 0;
    if (rest.postageCents === undefined) next.postageCents = 0;
    if (rest.couponTemplateId === undefined) next.couponTemplateId = null;
    if (rest.redemptionInstructions === undefined) next.redemptionInstructions = null;
  }
  const used =
    before.exchanged > 0 ||
    (await tx.maybeOne('SELECT 1 FROM mall_exchanges WHERE item_id = $1 LIMIT 1', [id]));
  if (used) {
    for (const f of ['kind', 'couponTemplateId'] as const) {
      if (rest[f] !== undefined && rest[f] !== current[f]) {
        throw mallError('in_use', f, `${f} cannot change once the item has been exchanged`);
      }
    }
  }
  const refs = await check(tx, next);
  const total = next.stock ?? null;
  if (total !== null && total < before.exchanged) {
    throw mallError(
      'in_use',
      'stock',
      `${before.exchanged} units are in exchanges already: the stock cannot go below that`,
    );
  }
  const values = params(next, refs);
  const n = values.length;
  await tx.exec(
    `UPDATE mall_items SET (${columns}, stock_left, status, revision, updated_at) =
       (${placeholders(2, n)}, $${n + 2}, $${n + 3}, revision + 1, now())
     WHERE id = $1`,
    [id, ...values, total === null ? null : total - before.exchanged, status ?? before.status],
  );
  const after = await loadItem(tx, id);
  await audit(tx, ctx, {
    action: 'mall_item.updated',
    entityType: 'mall_item',
    entityId: toPublicId('mallItem', id),
    before,
    after,
  });
  return after;
}

/** Deletes an item never exchanged; one with exchanges is taken off the shelf (inactive) instead. */
export async function deleteItem(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  const before = await loadItem(tx, id, true);
  if (await tx.maybeOne('SELECT 1 FROM mall_exchanges WHERE item_id = $1 LIMIT 1', [id])) {
    throw mallError('in_use', 'id', 'this item has exchanges: set it inactive instead');
  }
  await tx.exec('DELETE FROM mall_member_counts WHERE item_id = $1', [id]);
  await tx.exec('DELETE FROM mall_items WHERE id = $1', [id]);
  await audit(tx, ctx, {
    action: 'mall_item.deleted',
    entityType: 'mall_item',
    entityId: toPublicId('mallItem', id),
    before,
  });
}
