import { z } from 'zod';
import { AppError, type FieldError } from '../../shared/errors.ts';
import { maxCents } from '../orders/money.ts';

export const itemKinds = ['physical_gift', 'coupon', 'partner_benefit'] as const;
export type ItemKind = (typeof itemKinds)[number];
export const itemStatuses = ['draft', 'active', 'inactive'] as const;
export type ItemStatus = (typeof itemStatuses)[number];
export const exchangeStatuses = ['placed', 'shipped', 'delivered', 'cancelled'] as const;
export type ExchangeStatus = (typeof exchangeStatuses)[number];
export const paymentStatuses = ['none', 'pending', 'paid'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/** Most units of an item in one exchange. */
export const maxQty = 99;
/** Points of one unit: keeps qty × points an exact integer far below 2^53. */
export const maxPoints = 100_000_000;

const cents = z.number().int().min(0).max(maxCents);
const imageUrl = z
  .url({ protocol: /^https?$/ })
  .max(1000)
  .describe('http(s) URL of an image');
const when = z.iso.datetime({ offset: true });

const itemFields = {
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).nullable().optional(),
  kind: z.enum(itemKinds),
  points: z.number().int().min(1).max(maxPoints).describe('price of one unit in points'),
  cashCents: cents.optional().describe('cash part of one unit (physical gifts only)'),
  postageCents: cents.optional().describe('postage per exchange (physical gifts only)'),
  couponTemplateId: z.string().max(40).nullable().optional().describe('coupon: the template issued (cpt_…)'),
  redemptionInstructions: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .optional()
    .describe('partner_benefit: how the member uses it, shown once exchanged'),
  stock: z
    .number()
    .int()
    .min(0)
    .max(100_000_000)
    .nullable()
    .optional()
    .describe('total stock (units ever exchangeable, including those exchanged already); null: unlimited'),
  perMemberLimit: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .nullable()
    .optional()
    .describe('units per member; null: unlimited'),
  minTierRank: z
    .number()
    .int()
    .min(1)
    .max(100)
    .nullable()
    .optional()
    .describe('members at or above this tier rank'),
  tierIds: z
    .array(z.string().max(40))
    .max(50)
    .optional()
    .describe('members holding one of these tiers (tir_…)'),
  startsAt: when.nullable().optional(),
  endsAt: when.nullable().optional(),
  images: z.array(imageUrl).max(9).optional(),
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional().describe('lower first'),
};

export const itemInput = z.strictObject({ ...itemFields, status: z.enum(itemStatuses).optional() });
export type ItemInput = z.infer<typeof itemInput>;
export const itemPatch = z.strictObject({ ...itemFields, status: z.enum(itemStatuses) }).partial();
export type ItemPatch = z.infer<typeof itemPatch>;

export const addressInput = z.strictObject({
  name: z.string().trim().min(1).max(50).describe('recipient'),
  phone: z.string().trim().min(5).max(30),
  province: z.string().trim().min(1).max(50),
  city: z.string().trim().min(1).max(50),
  district: z.string().trim().max(50).optional(),
  line: z.string().trim().min(1).max(200).describe('street, building, room'),
  postcode: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z -]{3,10}$/, 'a postal code')
    .optional(),
});
export type AddressInput = z.infer<typeof addressInput>;

export const placeInput = z.strictObject({
  memberId: z.string().max(40).describe('mem_…'),
  itemId: z.string().max(40).describe('mit_…'),
  qty: z.number().int().min(1).max(maxQty).default(1),
  address: addressInput.optional().describe('required for a physical gift'),
});

/** Collects field errors so a request hears about all of them at once. */
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
