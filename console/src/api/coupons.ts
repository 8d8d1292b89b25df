// Shapes of the coupons API: templates, issuing, the funnel, coupons and a member's wallet
// (server/src/modules/coupons/templates.routes.ts, coupons.routes.ts, coupons.view.ts).
import { api, request } from './client';

export const COUPON_KINDS = ['cash_off', 'percent_off', 'gift', 'free_shipping'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

export const TEMPLATE_STATUSES = ['draft', 'active', 'paused', 'ended'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export const COUPON_STATUSES = ['available', 'redeemed', 'shared', 'expired'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];

export type Validity = { kind: 'fixed'; from: string; to: string } | { kind: 'relative'; days: number };

export interface TemplateFields {
  name: string;
  description?: string | null;
  kind: CouponKind;
  amountOffCents?: number | null;
  /** Basis points off: 1500 = 15% off (八五折). */
  percentOffBp?: number | null;
  maxDiscountCents?: number | null;
  thresholdCents?: number;
  giftSku?: string | null;
  stockTotal?: number | null;
  perMemberLimit?: number | null;
  validity: Validity;
  channels?: string[];
  storeIds?: string[];
  skus?: string[];
  categoryPrefixes?: string[];
  shareable?: boolean;
  claimable?: boolean;
}

export interface CouponTemplate extends Required<Omit<TemplateFields, 'description'>> {
  id: string;
  description: string | null;
  stockLeft: number | null;
  claimCode: string | null;
  status: TemplateStatus;
  businessUnitId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface Coupon {
  id: string;
  code: string;
  templateId: string;
  templateName: string;
  kind: CouponKind;
  memberId: string;
  status: CouponStatus;
  source: { type: string; id: string | null };
  issuedAt: string;
  claimedAt: string | null;
  validFrom: string;
  validTo: string;
  sharedFrom: string | null;
  sharedAt: string | null;
  redeemedAt: string | null;
  redemptionId: string | null;
  redeemedOrder: { channel: string; externalOrderId: string; orderId: string | null } | null;
  redeemedStoreId: string | null;
  redeemedRegionId: string | null;
  expiredAt: string | null;
}

export interface Wallet {
  available: Coupon[];
  used: Coupon[];
  expired: Coupon[];
}

export type SkipReason = 'member_not_found' | 'duplicate' | 'limit_reached' | 'out_of_stock';

export interface IssueResult {
  templateId: string;
  issued: { couponId: string; memberId: string; code: string; validFrom: string; validTo: string }[];
  skipped: { memberId: string; reason: SkipReason }[];
}

export interface FunnelDay {
  day: string;
  issued: number;
  claimed: number;
  redeemed: number;
  salesCents: number;
}

export interface Funnel {
  issued: number;
  claimed: number;
  shared: number;
  redeemed: number;
  expired: number;
  available: number;
  /** redeemed ÷ issued, 0–1. */
  conversionRate: number;
  salesDrivenCents: number;
  discountCents: number;
  from: string;
  to: string;
  series: FunnelDay[];
}

/** Most members one issue request takes (issue.service.ts: maxIssue). */
export const MAX_ISSUE = 10_000;

export const couponsApi = {
  template: (id: string) => api.get<CouponTemplate>(`/coupon-templates/${id}`),
  create: (input: TemplateFields & { status?: 'draft' | 'active' }) =>
    api.post<CouponTemplate>('/coupon-templates', input),
  update: (id: string, patch: Partial<TemplateFields> & { status?: TemplateStatus }) =>
    api.patch<CouponTemplate>(`/coupon-templates/${id}`, patch),
  remove: (id: string) => api.delete(`/coupon-templates/${id}`),
  issue: (id: string, memberIds: string[], key: string) =>
    request<IssueResult>('POST', `/coupon-templates/${id}/issue`, { memberIds }, undefined, {
      'Idempotency-Key': key,
    }),
  funnel: (id: string, range?: { from?: string; to?: string }) =>
    api.get<Funnel>(`/coupon-templates/${id}/funnel`, range),
  wallet: (memberId: string) => api.get<Wallet>(`/members/${memberId}/coupons`),
};
