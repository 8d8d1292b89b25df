// Shapes of the orders, products and imports API (server/src/modules/orders/*.view.ts and routes).

export const CHANNELS = [
  'store_pos',
  'brand_mall',
  'wechat_mall',
  'points_mall',
  'distribution_mall',
  'livestream',
] as const;
export type KnownChannel = (typeof CHANNELS)[number];

/** A known channel, or marketplace:<name>. */
export const isChannel = (c: string): boolean =>
  (CHANNELS as readonly string[]).includes(c) || /^marketplace:[a-z0-9_]{1,40}$/.test(c);

export const ORDER_STATUSES = ['paid', 'partially_refunded', 'refunded', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const REFUND_STATUSES = ['held', 'applied', 'rejected'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export interface Order {
  id: string;
  channel: string;
  externalId: string;
  storeId: string | null;
  guideId: string | null;
  memberId: string | null;
  status: OrderStatus;
  totalCents: number;
  discountCents: number;
  paidCents: number;
  refundedCents: number;
  units: number;
  couponCodes: string[];
  paidAt: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrderLine {
  lineNo: number;
  sku: string;
  productId: string | null;
  qty: number;
  unitPriceCents: number;
  paidCents: number;
  refundedQty: number;
  refundedCents: number;
}

export interface Refund {
  id: string;
  channel: string;
  externalId: string;
  externalOrderId: string;
  orderId: string | null;
  status: RefundStatus;
  full: boolean;
  amountCents: number | null;
  lines: { lineNo?: number; sku?: string; qty: number; amountCents: number }[];
  reason: string | null;
  rejection: string | null;
  refundedAt: string;
  createdAt: string;
  appliedAt: string | null;
}

export interface OrderRevision {
  revision: number;
  payload: unknown;
  receivedAt: string;
}

export interface OrderDetail extends Order {
  lines: OrderLine[];
  revisions: OrderRevision[];
  refunds: Refund[];
}

export type TimelineItem =
  | { type: 'order'; at: string; order: Order }
  | { type: 'refund'; at: string; refund: Refund; orderId: string };

export const PRODUCT_STATUSES = ['active', 'inactive'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

export interface Product {
  id: string;
  sku: string;
  name: string;
  categoryPath: string;
  brand: string | null;
  priceCents: number;
  status: ProductStatus;
  createdAt: string;
  updatedAt: string;
}

export const IMPORT_KINDS = ['orders', 'products'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface LineError {
  line: number;
  externalId?: string;
  field?: string;
  message: string;
}

export interface ImportJob {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  totalLines: number;
  processed: number;
  succeeded: number;
  failed: number;
  errors: LineError[];
  error: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportPreview {
  totalLines: number;
  records: number;
  validLines: number;
  invalidLines: number;
  errors: LineError[];
}

/** Header rows of the CSV formats (server/src/modules/orders/README.md). */
export const CSV_HEADERS: Record<ImportKind, string> = {
  orders:
    'channel,external_id,paid_at,store_code,guide_username,member_phone,sku,qty,unit_price,paid_amount,discount,coupon_codes',
  products: 'sku,name,category_path,brand,price',
};
