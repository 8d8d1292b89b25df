// The member H5's API client: /api/v1/h5/{tenantCode}/…, the member session cookie, problem+json errors.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[];

  constructor(status: number, body: { code?: string; detail?: string; errors?: FieldError[] }) {
    super(body.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = body.code ?? `HTTP_${status}`;
    this.errors = body.errors ?? [];
  }

  /** The field error's message for `field`, if the server named it. */
  field(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

/** The tenant code is the first path segment after /h5/. */
export function tenantFromPath(pathname = window.location.pathname): string {
  return /^\/h5\/([A-Za-z0-9-]{2,40})(?:\/|$)/.exec(pathname)?.[1]?.toLowerCase() ?? '';
}

let onSignedOut: () => void = () => {};
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

export async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/h5/${tenantFromPath()}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK' });
  }
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}));
    if (res.status === 401 && !path.startsWith('/auth/')) onSignedOut();
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** One key per attempt of a write that must not happen twice (an exchange, a share). */
export const newKey = (): string =>
  typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export interface Brand {
  code: string;
  name: string;
  locale: string;
}

export interface Me {
  id: string;
  name: string | null;
  phone: string | null;
  gender: 'male' | 'female' | 'unknown' | null;
  birthday: string | null;
  joinedAt: string;
  tenant: Brand;
}

export interface Card {
  token: string;
  issuedAt: string;
  expiresAt: string;
  refreshInSeconds: number;
}

export interface Points {
  available: number;
  pending: number;
  held: number;
  debt: number;
  nextExpiry: { points: number; at: string } | null;
  expiringSoon: { points: number; at: string }[];
}

export interface HistoryItem {
  id: string;
  kind: string;
  reason: string | null;
  sourceType: string | null;
  occurredAt: string;
  points: number;
  available: number;
  pending: number;
  debt: number;
}

export interface Benefits {
  pointsMultiplier?: number;
  discountRate?: number;
  freeShipping?: boolean;
  birthdayCouponTemplateId?: string;
  upgradeCouponTemplateId?: string;
  prioritySupport?: boolean;
}

export interface TierRef {
  id: string;
  code: string;
  name: string;
  rank: number;
  threshold: number;
  benefits: Benefits;
}

export interface Tier {
  program: boolean;
  basis: 'paid_12m' | 'growth' | null;
  qualifying: number;
  tier: TierRef | null;
  qualifiesFor: TierRef | null;
  next: (TierRef & { remaining: number }) | null;
  progress: number;
  since: string | null;
  evaluateAt: string | null;
  tiers: TierRef[];
}

export interface WalletCoupon {
  id: string;
  code: string;
  name: string;
  description: string | null;
  kind: 'cash_off' | 'percent_off' | 'gift' | 'free_shipping';
  amountOffCents: number | null;
  percentOffBp: number | null;
  maxDiscountCents: number | null;
  thresholdCents: number;
  giftSku: string | null;
  status: 'available' | 'redeemed' | 'shared' | 'expired';
  shareable: boolean;
  validFrom: string;
  validTo: string;
  redeemedAt: string | null;
  sharedAt: string | null;
  receivedFromFriend: boolean;
}

export interface Wallet {
  available: WalletCoupon[];
  used: WalletCoupon[];
  expired: WalletCoupon[];
}

export interface Address {
  id: string;
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  line: string;
  postcode: string | null;
  isDefault: boolean;
}

export type AddressInput = Omit<Address, 'id' | 'isDefault'> & { isDefault?: boolean };

export interface ShelfItem {
  id: string;
  name: string;
  description: string | null;
  kind: 'physical_gift' | 'coupon' | 'partner_benefit';
  points: number;
  cashCents: number;
  postageCents: number;
  images: string[];
  stockLeft: number | null;
  soldOut: boolean;
  eligible: boolean;
  minTierRank: number | null;
  leftForMember: number | null;
  endsAt: string | null;
}

export interface Exchange {
  id: string;
  itemId: string;
  itemName: string;
  kind: ShelfItem['kind'];
  qty: number;
  points: number;
  cashCents: number;
  postageCents: number;
  paymentStatus: 'none' | 'pending' | 'paid';
  status: 'placed' | 'shipped' | 'delivered' | 'cancelled';
  couponIds: string[];
  redemptionInstructions: string | null;
  address: { name: string; phone: string; province: string; city: string; district: string | null } | null;
  carrier: string | null;
  trackingNo: string | null;
  placedAt: string;
  shippedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export const api = {
  brand: () => call<Brand>('GET', '/brand'),
  sendCode: (phone: string) =>
    call<{ sentTo: string; expiresInSeconds: number; resendInSeconds: number }>('POST', '/auth/code', {
      phone,
    }),
  verify: (phone: string, code: string) =>
    call<{ memberId: string }>('POST', '/auth/verify', { phone, code }),
  logout: () => call<void>('POST', '/auth/logout'),
  me: () => call<Me>('GET', '/me'),
  updateMe: (patch: Partial<Pick<Me, 'name' | 'gender' | 'birthday'>>) => call<Me>('PATCH', '/me', patch),
  card: () => call<Card>('GET', '/card'),
  points: () => call<Points>('GET', '/points'),
  history: (offset: number, limit = 20) =>
    call<{ items: HistoryItem[]; total: number }>('GET', `/points/history?limit=${limit}&offset=${offset}`),
  tier: () => call<Tier>('GET', '/tier'),
  wallet: () => call<Wallet>('GET', '/coupons'),
  share: (couponId: string, phone: string, key: string) =>
    call<{ sharedTo: string }>('POST', `/coupons/${couponId}/share`, { phone }, { 'Idempotency-Key': key }),
  addresses: () => call<{ items: Address[] }>('GET', '/addresses'),
  addAddress: (a: AddressInput) => call<Address>('POST', '/addresses', a),
  updateAddress: (id: string, a: AddressInput) => call<Address>('PUT', `/addresses/${id}`, a),
  deleteAddress: (id: string) => call<void>('DELETE', `/addresses/${id}`),
  shelf: () => call<{ items: ShelfItem[] }>('GET', '/mall/items'),
  item: (id: string) => call<ShelfItem>('GET', `/mall/items/${id}`),
  exchange: (id: string, body: { qty: number; addressId?: string }, key: string) =>
    call<{ exchange: Exchange; replayed: boolean }>('POST', `/mall/items/${id}/exchange`, body, {
      'Idempotency-Key': key,
    }),
  exchanges: (offset = 0) =>
    call<{ items: Exchange[]; total: number }>('GET', `/mall/exchanges?limit=20&offset=${offset}`),
};
