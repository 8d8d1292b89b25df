// The coupon template form's values and their conversion to and from the API: amounts in yuan,
// the percentage off in percent, validity as days or a date range.
import dayjs, { type Dayjs } from 'dayjs';
import type { CouponKind, CouponTemplate, TemplateFields } from '../../api/coupons';
import { toCents } from '../../components/money';
import type { NamePath } from '../loyalty/form-errors';
import { toYuan } from '../loyalty/money-input';

export interface TemplateForm {
  name: string;
  description?: string | null;
  kind: CouponKind;
  amountOff?: number | null;
  threshold?: number | null;
  percentOff?: number | null;
  maxDiscount?: number | null;
  giftSku?: string | null;
  stockTotal?: number | null;
  perMemberLimit?: number | null;
  validityKind: 'relative' | 'fixed';
  validDays?: number | null;
  validRange?: [Dayjs, Dayjs] | null;
  channels?: string[];
  storeIds?: string[];
  skus?: string[];
  categoryPrefixes?: string[];
  shareable?: boolean;
  claimable?: boolean;
  /** New templates only: active at once instead of a draft. */
  activate?: boolean;
}

/** The benefit fields each kind uses (templates.service.ts: uses). */
export const KIND_FIELDS: Record<
  CouponKind,
  readonly ('amountOff' | 'percentOff' | 'maxDiscount' | 'giftSku')[]
> = {
  cash_off: ['amountOff'],
  percent_off: ['percentOff', 'maxDiscount'],
  gift: ['giftSku', 'maxDiscount'],
  free_shipping: ['maxDiscount'],
};

export const newTemplateForm = (): TemplateForm => ({
  name: '',
  kind: 'cash_off',
  threshold: 0,
  validityKind: 'relative',
  validDays: 30,
  perMemberLimit: 1,
  channels: [],
  storeIds: [],
  skus: [],
  categoryPrefixes: [],
  shareable: false,
  claimable: false,
  activate: true,
});

export function templateToForm(tpl: CouponTemplate): TemplateForm {
  return {
    name: tpl.name,
    description: tpl.description,
    kind: tpl.kind,
    amountOff: toYuan(tpl.amountOffCents),
    threshold: toYuan(tpl.thresholdCents),
    percentOff: tpl.percentOffBp === null ? null : tpl.percentOffBp / 100,
    maxDiscount: toYuan(tpl.maxDiscountCents),
    giftSku: tpl.giftSku,
    stockTotal: tpl.stockTotal,
    perMemberLimit: tpl.perMemberLimit,
    validityKind: tpl.validity.kind,
    validDays: tpl.validity.kind === 'relative' ? tpl.validity.days : 30,
    validRange: tpl.validity.kind === 'fixed' ? [dayjs(tpl.validity.from), dayjs(tpl.validity.to)] : null,
    channels: tpl.channels,
    storeIds: tpl.storeIds,
    skus: tpl.skus,
    categoryPrefixes: tpl.categoryPrefixes,
    shareable: tpl.shareable,
    claimable: tpl.claimable,
  };
}

const cents = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? null : toCents(yuan);
const clean = (list: string[] | undefined) => [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];

/** Every field, the ones the kind does not use as null, so a changed kind leaves nothing behind. */
export function templateFromForm(f: TemplateForm): TemplateFields {
  const uses = KIND_FIELDS[f.kind];
  const range = f.validRange;
  return {
    name: f.name.trim(),
    description: f.description?.trim() || null,
    kind: f.kind,
    amountOffCents: uses.includes('amountOff') ? cents(f.amountOff) : null,
    percentOffBp:
      uses.includes('percentOff') && f.percentOff !== null && f.percentOff !== undefined
        ? Math.round(f.percentOff * 100)
        : null,
    maxDiscountCents: uses.includes('maxDiscount') ? cents(f.maxDiscount) : null,
    giftSku: uses.includes('giftSku') ? f.giftSku?.trim() || null : null,
    thresholdCents: cents(f.threshold) ?? 0,
    stockTotal: f.stockTotal ?? null,
    perMemberLimit: f.perMemberLimit ?? null,
    validity:
      f.validityKind === 'fixed' && range
        ? {
            kind: 'fixed',
            from: range[0].startOf('day').toISOString(),
            to: range[1].endOf('day').toISOString(),
          }
        : { kind: 'relative', days: f.validDays ?? 30 },
    channels: clean(f.channels),
    storeIds: f.storeIds ?? [],
    skus: clean(f.skus),
    categoryPrefixes: clean(f.categoryPrefixes),
    shareable: f.shareable ?? false,
    claimable: f.claimable ?? false,
  };
}

const RENAMES: Record<string, string> = {
  amountOffCents: 'amountOff',
  percentOffBp: 'percentOff',
  maxDiscountCents: 'maxDiscount',
  thresholdCents: 'threshold',
};

/** Server field paths onto the form's: amountOffCents → amountOff, validity.to → validRange. */
export function templateErrorPath(path: NamePath): NamePath | null {
  const [head, next] = path;
  if (typeof head !== 'string') return null;
  if (head === 'validity') return next === 'days' ? ['validDays'] : ['validRange'];
  return [RENAMES[head] ?? head];
}
