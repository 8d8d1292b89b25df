/**
 * Permissions, and what each role holds. Modules add their permissions here; API keys are
 * scoped to a subset of them.
 */
export const permissions = [
  'tenant:read',
  'tenant:write',
  'org:read',
  'org:write',
  'staff:read',
  'staff:write',
  'api_keys:manage',
  'webhooks:manage',
  'audit:read',
  'members:read',
  'members:write',
  'members:merge',
  'members:unmask',
  'products:read',
  'products:write',
  'orders:read',
  'orders:write',
  'coupons:read',
  'coupons:write',
  'coupons:issue',
  'coupons:redeem',
  'points:read',
  'points:redeem',
  'points:adjust',
  'loyalty:read',
  'loyalty:write',
  'mall:read',
  'mall:write',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = ['admin', 'operator', 'store_manager', 'guide'] as const;
export type Role = (typeof roles)[number];

/** How much of the tenant's data a staff member sees: everything, a region, a store, own customers. */
export const scopes = ['all', 'region', 'store', 'own'] as const;
export type Scope = (typeof scopes)[number];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  operator: [
    'tenant:read',
    'org:read',
    'staff:read',
    'audit:read',
    'members:read',
    'members:write',
    'members:merge',
    'products:read',
    'products:write',
    'orders:read',
    'orders:write',
    'coupons:read',
    'coupons:write',
    'coupons:issue',
    'coupons:redeem',
    'points:read',
    'points:redeem',
    'points:adjust',
    'loyalty:read',
    'loyalty:write',
    'mall:read',
    'mall:write',
  ],
  store_manager: [
    'tenant:read',
    'org:read',
    'staff:read',
    'members:read',
    'members:write',
    'products:read',
    'orders:read',
    'coupons:read',
    'coupons:issue',
    'coupons:redeem',
    'points:read',
    'points:redeem',
    'loyalty:read',
    'mall:read',
  ],
  guide: [
    'tenant:read',
    'org:read',
    'members:read',
    'products:read',
    'orders:read',
    'points:read',
    'coupons:read',
    'coupons:issue',
    'coupons:redeem',
    'loyalty:read',
  ],
};

export const defaultScope: Record<Role, Scope> = {
  admin: 'all',
  operator: 'all',
  store_manager: 'store',
  guide: 'own',
};

export const allPermissions: ReadonlySet<Permission> = new Set(permissions);

export const isPermission = (value: string): value is Permission =>
  (permissions as readonly string[]).includes(value);
