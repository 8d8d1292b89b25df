// Shapes of the /api/v1 resources the console uses (mirrors the server contract).

export const ROLES = ['admin', 'operator', 'store_manager', 'guide'] as const;
export type Role = (typeof ROLES)[number];

export const SCOPES = ['all', 'region', 'store', 'own'] as const;
export type Scope = (typeof SCOPES)[number];

export const BU_KINDS = ['retail', 'dining', 'hotel', 'other'] as const;
export type BusinessUnitKind = (typeof BU_KINDS)[number];

export const MEMBER_SHARING = ['group', 'unit'] as const;
export type MemberSharing = (typeof MEMBER_SHARING)[number];

export const STORE_KINDS = ['physical', 'livestream', 'mini_mall', 'marketplace_shop'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const STORE_STATUSES = ['active', 'closed'] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];

export const STAFF_STATUSES = ['active', 'disabled'] as const;
export type StaffStatus = (typeof STAFF_STATUSES)[number];

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export type ActorType = 'staff' | 'api_key' | 'system';
export type Locale = 'zh-CN' | 'en';

export interface SessionStaff {
  id: string;
  username: string;
  name: string;
  role: Role;
  scope: Scope;
  storeId: string | null;
  regionId: string | null;
}

export interface SessionTenant {
  id: string;
  code: string;
  name: string;
  locale: Locale;
  timezone: string;
}

export interface Session {
  staff: SessionStaff;
  tenant: SessionTenant;
  permissions?: string[];
}

export interface Tenant extends SessionTenant {
  currency: string;
  createdAt: string;
}

export interface BusinessUnit {
  id: string;
  code: string;
  name: string;
  kind: BusinessUnitKind;
  memberSharing: MemberSharing;
  createdAt?: string;
}

export interface Region {
  id: string;
  code: string;
  name: string;
  createdAt?: string;
}

export interface Store {
  id: string;
  code: string;
  name: string;
  kind: StoreKind;
  businessUnitId: string | null;
  regionId: string | null;
  city: string | null;
  address: string | null;
  status: StoreStatus;
  createdAt?: string;
}

export interface Staff extends SessionStaff {
  status: StaffStatus;
  createdAt?: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: string;
}

export interface WebhookDelivery {
  id: string;
  eventType: string;
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  actorType: ActorType;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  requestId: string | null;
}
