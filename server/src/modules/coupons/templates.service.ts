import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { toPublicId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import { storeInfo } from '../tenancy/org.service.ts';
import { randomCode } from './codes.ts';
import { couponError } from './coupon-errors.ts';
import {
  type Kind,
  Problems,
  parseIds,
  type TemplateInput,
  type TemplatePatch,
  type TemplateStatus,
} from './coupons.schema.ts';
import { parseFieldIdOrNull } from './ids.ts';
import { loadTemplate, type TemplateRow, templateColumns } from './templates.repo.ts';

/** The fields each kind uses; any other benefit field given is a mistake worth naming. */
const benefitFields = ['amountOffCents', 'percentOffBp', 'maxDiscountCents', 'giftSku'] as const;
const uses: Record<Kind, readonly (typeof benefitFields)[number][]> = {
  cash_off: ['amountOffCents'],
  percent_off: ['percentOffBp', 'maxDiscountCents'],
  gift: ['giftSku', 'maxDiscountCents'],
  free_shipping: ['maxDiscountCents'],
};
const required: Record<Kind, (typeof benefitFields)[number] | undefined> = {
  cash_off: 'amountOffCents',
  percent_off: 'percentOffBp',
  gift: 'giftSku',
  free_shipping: undefined,
};

/** A whole template's values, as checked and written. */
type Values = Omit<TemplateInput, 'status'>;

async function check(tx: Tx, v: Values): Promise<{ storeIds: string[]; businessUnitId: string | null }> {
  const p = new Problems();
  for (const f of benefitFields) {
    const given = v[f] !== undefined && v[f] !== null;
    if (given && !uses[v.kind].includes(f)) p.add(f, `not used by a ${v.kind} coupon`);
  }
  const need = required[v.kind];
  if (need && (v[need] === undefined || v[need] === null)) p.add(need, `required for a ${v.kind} coupon`);
  if (v.validity.kind === 'fixed' && Date.parse(v.validity.to) <= Date.parse(v.validity.from)) {
    p.add('validity.to', 'must be after validity.from');
  }
  const storeIds = parseIds('store', v.storeIds ?? [], 'storeIds', p);
  const businessUnitId = parseFieldIdOrNull('businessUnit', v.businessUnitId, 'businessUnitId', p);
  p.throwIfAny();
  if (storeIds.length > 0) {
    const found = new Set((await storeInfo(tx, { ids: storeIds })).map((s) => s.id));
    storeIds.forEach((id, i) => {
      if (!found.has(id)) p.add(`storeIds.${i}`, 'no such store');
    });
    p.throwIfAny();
  }
  return { storeIds: [...new Set(storeIds)], businessUnitId };
}

const columns = `name, description, kind, amount_off_cents, percent_off_bp, max_discount_cents, threshold_cents,
  gift_sku, per_member_limit, valid_from, valid_to, valid_days, channels, store_ids, skus, category_prefixes,
  shareable, claimable, business_unit_id`;

function params(v: Values, refs: { storeIds: string[]; businessUnitId: string | null }): unknown[] {
  const fixed = v.validity.kind === 'fixed' ? v.validity : undefined;
  return [
    v.name,
    v.description ?? null,
    v.kind,
    v.amountOffCents ?? null,
    v.percentOffBp ?? null,
    v.maxDiscountCents ?? null,
    v.thresholdCents ?? 0,
    v.giftSku ?? null,
    v.perMemberLimit ?? null,
    fixed?.from ?? null,
    fixed?.to ?? null,
    v.validity.kind === 'relative' ? v.validity.days : null,
    [...new Set(v.channels ?? [])],
    refs.storeIds,
    [...new Set(v.skus ?? [])],
    [...new Set(v.categoryPrefixes ?? [])],
    v.shareable ?? false,
    v.claimable ?? false,
    refs.businessUnitId,
  ];
}

const placeholders = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');

export async function createTemplate(tx: Tx, ctx: Ctx, input: TemplateInput): Promise<TemplateRow> {
  const refs = await check(tx, input);
  const values = params(input, refs);
  const stock = input.stockTotal ?? null;
  for (;;) {
    const row = await tx.maybeOne<{ id: string }>(
      `INSERT INTO coupon_templates (tenant_id, ${columns}, stock_total, stock_left, status, claim_code, created_by)
       VALUES ($1, ${placeholders(2, values.length)}, $${values.length + 2}, $${values.length + 2},
               $${values.length + 3}, $${values.length + 4}, $${values.length + 5})
       ON CONFLICT (tenant_id, claim_code) DO NOTHING RETURNING id`,
      [ctx.tenantId, ...values, stock, input.status ?? 'draft', randomCode(10), ctx.actor.name],
    );
    if (!row) continue; // a claim code taken already (about 1 in 10^15): draw again
    const created = await loadTemplate(tx, row.id);
    await audit(tx, ctx, {
      action: 'coupon_template.created',
      entityType: 'coupon_template',
      entityId: toPublicId('couponTemplate', row.id),
      after: created,
    });
    return created;
  }
}

const transitions: Record<TemplateStatus, readonly TemplateStatus[]> = {
  draft: ['active', 'ended'],
  active: ['paused', 'ended'],
  paused: ['active', 'ended'],
  ended: [],
};

/** The input a stored template would have been created with: a patch is applied on top of it. */
export function asInput(t: TemplateRow): Values {
  return {
    name: t.name,
    description: t.description,
    kind: t.kind,
    amountOffCents: t.amount_off_cents === null ? null : Number(t.amount_off_cents),
    percentOffBp: t.percent_off_bp,
    maxDiscountCents: t.max_discount_cents === null ? null : Number(t.max_discount_cents),
    thresholdCents: Number(t.threshold_cents),
    giftSku: t.gift_sku,
    stockTotal: t.stock_total,
    perMemberLimit: t.per_member_limit,
    validity:
      t.valid_days !== null
        ? { kind: 'relative', days: t.valid_days }
        : { kind: 'fixed', from: t.valid_from!.toISOString(), to: t.valid_to!.toISOString() },
    channels: t.channels,
    storeIds: t.store_ids.map((id) => toPublicId('store', id)),
    skus: t.skus,
    categoryPrefixes: t.category_prefixes,
    shareable: t.shareable,
    claimable: t.claimable,
    businessUnitId: toPublicId('businessUnit', t.business_unit_id),
  };
}

/**
 * Edits a template. What a coupon is worth (kind, amounts, threshold, gift) is fixed once the
 * template leaves draft, since coupons already out are redeemed against it; stock may grow or
 * shrink down to what was issued; the status moves draft → active ⇄ paused → ended.
 */
export async function updateTemplate(
  tx: Tx,
  ctx: Ctx,
  id: string,
  patch: TemplatePatch,
): Promise<TemplateRow> {
  const before = await loadTemplate(tx, id, true);
  const current = asInput(before);
  const { status, ...rest } = patch;
  const next: Values = {
    ...current,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  };
  if (before.status !== 'draft') {
    for (const f of ['kind', 'thresholdCents', ...benefitFields] as const) {
      if (rest[f] !== undefined && JSON.stringify(rest[f]) !== JSON.stringify(current[f])) {
        throw couponError('draft_only', f, `${f} can change only while the template is a draft`);
      }
    }
  }
  if (status && status !== before.status && !transitions[before.status].includes(status)) {
    throw couponError('bad_transition', 'status', `a ${before.status} template cannot become ${status}`);
  }
  const refs = await check(tx, next);
  const stock = stockAfter(before, next.stockTotal ?? null);
  const values = params(next, refs);
  await tx.exec(
    `UPDATE coupon_templates SET (${columns}, stock_total, stock_left, status, updated_at) =
       (${placeholders(2, values.length)}, $${values.length + 2}, $${values.length + 3}, $${values.length + 4}, now())
     WHERE id = $1`,
    [id, ...values, stock.total, stock.left, status ?? before.status],
  );
  const after = await loadTemplate(tx, id);
  await audit(tx, ctx, {
    action: 'coupon_template.updated',
    entityType: 'coupon_template',
    entityId: toPublicId('couponTemplate', id),
    before,
    after,
  });
  return after;
}

/** New stock figures for a locked template: issued coupons stay issued. */
function stockAfter(t: TemplateRow, total: number | null): { total: number | null; left: number | null } {
  if (total === t.stock_total) return { total, left: t.stock_left };
  if (total === null) return { total: null, left: null };
  if (t.stock_total === null) {
    if (t.status !== 'draft') {
      throw couponError(
        'draft_only',
        'stockTotal',
        'an unlimited template can be given a stock only while a draft',
      );
    }
    return { total, left: total };
  }
  const issued = t.stock_total - t.stock_left!;
  if (total < issued) {
    throw couponError(
      'bad_transition',
      'stockTotal',
      `${issued} coupons were issued already: the stock cannot go below that`,
    );
  }
  return { total, left: total - issued };
}

/** Deletes a draft (a template that never issued a coupon); anything else is ended instead. */
export async function deleteTemplate(tx: Tx, ctx: Ctx, id: string): Promise<void> {
  const before = await loadTemplate(tx, id, true);
  if (before.status !== 'draft') {
    throw couponError('draft_only', 'status', 'only a draft can be deleted; end the template instead');
  }
  await tx.exec('DELETE FROM coupon_templates WHERE id = $1', [id]);
  await audit(tx, ctx, {
    action: 'coupon_template.deleted',
    entityType: 'coupon_template',
    entityId: toPublicId('couponTemplate', id),
    before,
  });
}

export interface TemplateFilter {
  status?: TemplateStatus | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listTemplates(
  tx: Tx,
  f: TemplateFilter,
): Promise<{ items: TemplateRow[]; total: number }> {
  const where: string[] = ['true'];
  const args: unknown[] = [];
  if (f.status) {
    args.push(f.status);
    where.push(`status = $${args.length}`);
  }
  if (f.q) {
    args.push(`%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
    where.push(`name LIKE $${args.length}`);
  }
  const clause = where.join(' AND ');
  const items = await tx.many<TemplateRow>(
    `SELECT ${templateColumns} FROM coupon_templates WHERE ${clause} ORDER BY id DESC LIMIT ${f.limit} OFFSET ${f.offset}`,
    args,
  );
  const total = await tx.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM coupon_templates WHERE ${clause}`,
    args,
  );
  return { items, total: total.n };
}
