import type { Permission, Role, Scope } from './permissions.ts';

/** Who is acting: a signed-in staff member, an integration's API key, or Siyu itself. */
export interface Actor {
  type: 'staff' | 'api_key' | 'system';
  id: string | null;
  name: string;
  /** Staff sign-in name; null for keys and the system. */
  username: string | null;
  role: Role | null;
  scope: Scope;
  regionId: string | null;
  storeId: string | null;
  permissions: ReadonlySet<Permission>;
}

/** Everything a service needs to know about the request besides its input. */
export interface Ctx {
  tenantId: string;
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function systemCtx(tenantId: string, allPermissions: ReadonlySet<Permission>, name = 'system'): Ctx {
  return {
    tenantId,
    actor: {
      type: 'system',
      id: null,
      name,
      username: null,
      role: null,
      scope: 'all',
      regionId: null,
      storeId: null,
      permissions: allPermissions,
    },
    ip: null,
    userAgent: null,
    requestId: null,
  };
}
