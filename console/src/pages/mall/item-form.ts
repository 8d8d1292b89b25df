import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { ItemKind, ItemStatus, MallItem, MallItemInput } from '../../api/mall';
import { toCents } from '../../components/money';

// The item drawer's form: its values, to and from the API's shape, and server errors onto fields.

export interface ItemForm {
  name: string;
  kind: ItemKind;
  status: ItemStatus;
  points: number | null;
  cash: number | null;
  postage: number | null;
  couponTemplateId?: string | null;
  redemptionInstructions?: string | null;
  stock: number | null;
  perMemberLimit: number | null;
  minTierRank: number | null;
  tierIds: string[];
  window: [Dayjs | null, Dayjs | null] | null;
  images: string[];
  description: string;
  sortOrder: number;
}

export const toForm = (item: MallItem | null): ItemForm => ({
  name: item?.name ?? '',
  kind: item?.kind ?? 'physical_gift',
  status: item?.status ?? 'draft',
  points: item?.points ?? null,
  cash: item ? item.cashCents / 100 : null,
  postage: item ? item.postageCents / 100 : null,
  couponTemplateId: item?.couponTemplateId ?? null,
  redemptionInstructions: item?.redemptionInstructions ?? null,
  stock: item?.stock ?? null,
  perMemberLimit: item?.perMemberLimit ?? null,
  minTierRank: item?.minTierRank ?? null,
  tierIds: item?.tierIds ?? [],
  window:
    item?.startsAt || item?.endsAt
      ? [item.startsAt ? dayjs(item.startsAt) : null, item.endsAt ? dayjs(item.endsAt) : null]
      : null,
  images: item?.images ?? [],
  description: item?.description ?? '',
  sortOrder: item?.sortOrder ?? 0,
});

export function fromForm(v: ItemForm): Partial<MallItemInput> {
  const physical = v.kind === 'physical_gift';
  return {
    name: v.name.trim(),
    kind: v.kind,
    status: v.status,
    points: v.points ?? 0,
    ...(physical ? { cashCents: toCents(v.cash ?? 0), postageCents: toCents(v.postage ?? 0) } : {}),
    ...(v.kind === 'coupon' ? { couponTemplateId: v.couponTemplateId ?? null } : {}),
    ...(v.kind === 'partner_benefit'
      ? { redemptionInstructions: v.redemptionInstructions?.trim() || null }
      : {}),
    stock: v.stock ?? null,
    perMemberLimit: v.perMemberLimit ?? null,
    minTierRank: v.minTierRank ?? null,
    tierIds: v.tierIds ?? [],
    startsAt: v.window?.[0]?.toISOString() ?? null,
    endsAt: v.window?.[1]?.toISOString() ?? null,
    images: (v.images ?? []).map((s) => s.trim()).filter(Boolean),
    description: v.description?.trim() || null,
    sortOrder: v.sortOrder ?? 0,
  };
}

/** Server field → the form field that shows it. */
const formField: Record<string, keyof ItemForm> = {
  cashCents: 'cash',
  postageCents: 'postage',
  startsAt: 'window',
  endsAt: 'window',
};

export function useItemErrors() {
  const onError = useErrorHandler();
  return (err: unknown, form: FormInstance<ItemForm>) => {
    if (!(err instanceof ApiError) || err.errors.length === 0) return onError(err);
    const shown = new Set(Object.keys(form.getFieldsValue(true)));
    const fields = err.errors
      .map((e) => {
        const root = e.field.split('.')[0] ?? e.field;
        return { name: formField[root] ?? (root as keyof ItemForm), errors: [e.message] };
      })
      .filter((f) => shown.has(f.name));
    form.setFields(fields);
    if (fields[0]) form.scrollToField(fields[0].name, { block: 'center' });
    if (fields.length < err.errors.length) onError(err);
  };
}
