// Shapes of the points-mall API (server/src/modules/mall/mall.view.ts and its routes).
import { api } from './client';

export const ITEM_KINDS = ['physical_gift', 'coupon', 'partner_benefit'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_STATUSES = ['draft', 'active', 'inactive'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const EXCHANGE_STATUSES = ['placed', 'shipped', 'delivered', 'cancelled'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];
export const PAYMENT_STATUSES = ['none', 'pending', 'paid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface MallItem {
  id: string;
  name: string;
  description: string | null;
  kind: ItemKind;
  points: number;
  cashCents: number;
  postageCents: number;
  couponTemplateId: string | null;
  redemptionInstructions: string | null;
  /** Total stock; null = unlimited. */
  stock: number | null;
  stockLeft: number | null;
  exchanged: number;
  perMemberLimit: number | null;
  minTierRank: number | null;
  tierIds: string[];
  startsAt: string | null;
  endsAt: string | null;
  images: string[];
  sortOrder: number;
  status: ItemStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type MallItemInput = Omit<
  MallItem,
  'id' | 'stockLeft' | 'exchanged' | 'createdBy' | 'createdAt' | 'updatedAt'
>;

export interface AddressPreview {
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string | null;
}

export interface Exchange {
  id: string;
  memberId: string;
  itemId: string;
  kind: ItemKind;
  itemName: string;
  qty: number;
  points: number;
  cashCents: number;
  postageCents: number;
  paymentStatus: PaymentStatus;
  paidAt: string | null;
  paymentRef: string | null;
  status: ExchangeStatus;
  holdId: string;
  couponIds: string[];
  redemptionInstructions: string | null;
  address: AddressPreview | null;
  carrier: string | null;
  trackingNo: string | null;
  placedAt: string;
  shippedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  placedBy: string;
  updatedAt: string;
}

export interface ExchangeDetail extends Exchange {
  shipTo: {
    name: string;
    phone: string;
    province: string;
    city: string;
    district: string | null;
    line: string;
    postcode: string | null;
  } | null;
}

export interface BulkShipResult {
  lines: number;
  shipped: number;
  unchanged: number;
  failed: number;
  errors: { line: number; exchangeId: string; field: string; message: string }[];
}

/** Tiers as the loyalty programme lists them (GET /loyalty/program). */
export interface ProgramTier {
  id: string;
  rank: number;
  code: string;
  name: string;
}

export const SHIP_CSV_HEADER = 'exchange_id,carrier,tracking_no';

export const mallApi = {
  createItem: (input: Partial<MallItemInput>) => api.post<MallItem>('/mall/items', input),
  updateItem: (id: string, input: Partial<MallItemInput>) => api.patch<MallItem>(`/mall/items/${id}`, input),
  deleteItem: (id: string) => api.delete(`/mall/items/${id}`),
  exchange: (id: string) => api.get<ExchangeDetail>(`/mall/exchanges/${id}`),
  ship: (id: string, body: { carrier: string; trackingNo: string }) =>
    api.post<Exchange>(`/mall/exchanges/${id}/ship`, body),
  deliver: (id: string) => api.post<Exchange>(`/mall/exchanges/${id}/deliver`),
  cancel: (id: string, reason: string) => api.post<Exchange>(`/mall/exchanges/${id}/cancel`, { reason }),
  markPaid: (id: string, reference?: string) =>
    api.post<Exchange>(`/mall/exchanges/${id}/mark-paid`, reference ? { reference } : {}),
  revealPhone: (id: string, reason: string) =>
    api.post<{ phone: string | null }>(`/mall/exchanges/${id}/reveal-phone`, { reason }),
  bulkShip: (content: string, fileName?: string) =>
    api.post<BulkShipResult>('/mall/exchanges/bulk-ship', { content, ...(fileName ? { fileName } : {}) }),
  tiers: () =>
    api
      .get<{ tiers: ProgramTier[] }>('/loyalty/program')
      .then((p) => p.tiers)
      .catch(() => [] as ProgramTier[]),
};
