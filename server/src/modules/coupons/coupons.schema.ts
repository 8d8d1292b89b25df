import { z } from 'zod';
import { AppError, type FieldError } from '../../shared/errors.ts';
import { parseFieldId } from '../../shared/ids.ts';
import { maxCents } from '../orders/money.ts';
import { channel, externalId } from '../orders/orders.schema.ts';

export const kinds = ['cash_off', 'percent_off', 'gift', 'free_shipping'] as const;
export type Kind = (typeof kinds)[number];
export const statuses = ['draft', 'active', 'paused', 'ended'] as const;
export type TemplateStatus = (typeof statuses)[number];

/** Where a coupon came from; `id` names the campaign, rule, staff member, file… */
export const sourceTypes = [
  'campaign',
  'rule',
  'tier_benefit',
  'guide',
  'import',
  'api',
  'manual',
  'task',
  'points_mall',
  'claim_link',
  'share',
] as const;
export type SourceType = (typeof sourceTypes)[number];
export interface Source {
  type: SourceType;
  id?: string | null | undefined;
}

const cents = z.number().int().min(0).max(maxCents);
const sku = z.string().trim().min(1).max(64);
const categoryPrefix = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .transform((p) => p.replace(/\/+$/, ''));

export const validityInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fixed'),
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
  }),
  z.strictObject({ kind: z.literal('relative'), days: z.number().int().min(1).max(3650) }),
]);

const templateFields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(1000).nullable().optional(),
  kind: z.enum(kinds),
  amountOffCents: cents.min(1).nullable().optional().describe('cash_off: the amount off'),
  percentOffBp: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .optional()
    .describe('percent_off: basis points off the applicable items (1500 = 15% off, 八五折)'),
  maxDiscountCents: cents
    .min(1)
    .nullable()
    .optional()
    .describe('cap on the discount (percent_off, gift, free_shipping)'),
  thresholdCents: cents.optional().describe('spend on applicable items the coupon needs (满 X 减 Y)'),
  giftSku: sku.nullable().optional().describe('gift: the SKU given free (one unit)'),
  stockTotal: z.number().int().min(0).max(100_000_000).nullable().optional().describe('null: unlimited'),
  perMemberLimit: z.number().int().min(1).max(10_000).nullable().optional().describe('null: unlimited'),
  validity: validityInput,
  channels: z.array(channel).max(20).optional().describe('empty: every channel'),
  storeIds: z.array(z.string().max(40)).max(2_000).optional().describe('empty: every store'),
  skus: z.array(sku).max(2_000).optional(),
  categoryPrefixes: z
    .array(categoryPrefix)
    .max(500)
    .optional()
    .describe('category paths (镜架 covers 镜架/金属框); with skus empty too: every product'),
  shareable: z.boolean().optional(),
  claimable: z.boolean().optional().describe('members may claim it through its claim code'),
  businessUnitId: z.string().max(40).nullable().optional(),
};

export const templateInput = z.strictObject({
  ...templateFields,
  status: z.enum(['draft', 'active']).optional(),
});
export type TemplateInput = z.infer<typeof templateInput>;

export const templatePatch = z.strictObject({ ...templateFields, status: z.enum(statuses) }).partial();
export type TemplatePatch = z.infer<typeof templatePatch>;

export const orderContext = z.strictObject({
  channel,
  externalOrderId: externalId,
  storeId: z.string().max(40).optional(),
  totalCents: cents.describe('goods total before this coupon'),
  shippingCents: cents.optional(),
  lines: z
    .array(
      z.strictObject({
        sku,
        categoryPath: z.string().trim().max(200).optional(),
        qty: z.number().int().min(1).max(100_000),
        amountCents: cents.describe('what the line costs before this coupon'),
      }),
    )
    .min(1)
    .max(500),
});
export type OrderContextInput = z.infer<typeof orderContext>;

export const redeemInput = z.strictObject({
  code: z.string().trim().min(1).max(64),
  memberId: z.string().max(40).describe('the member presenting the coupon (mem_…)'),
  order: orderContext,
});
export type RedeemInput = z.infer<typeof redeemInput>;

export const sourceInput = z.strictObject({
  type: z.enum(
    sourceTypes.filter((s) => s !== 'claim_link' && s !== 'share') as [SourceType, ...SourceType[]],
  ),
  id: z.string().trim().min(1).max(100).optional(),
});

/** Field errors collected, thrown at once: a request learns everything wrong with it in one answer. */
export class Problems {
  readonly list: FieldError[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  throwIfAny(): void {
    const first = this.list[0];
    if (first) throw new AppError('VALIDATION', `${first.field}: ${first.message}`, this.list);
  }
}

/** `mem_42` list → ids, or field errors naming each bad entry. */
export function parseIds(kind: 'member' | 'store', values: string[], field: string, p: Problems): string[] {
  const out: string[] = [];
  values.forEach((v, i) => {
    try {
      out.push(parseFieldId(kind, v, `${field}.${i}`));
    } catch (e) {
      if (e instanceof AppError && e.errors) p.list.push(...e.errors);
      else throw e;
    }
  });
  return out;
}
