// Shapes of the members API (server/src/modules/members/members.view.ts and routes).

export const IDENTITY_KINDS = [
  'phone',
  'unionid',
  'oa_openid',
  'mp_openid',
  'wecom_external_userid',
  'store_card',
  'email',
  'marketplace',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** Kinds whose value only means something within a namespace (an app id, a marketplace). */
export const NAMESPACED_KINDS: ReadonlySet<IdentityKind> = new Set(['oa_openid', 'mp_openid', 'marketplace']);

export const CONSENT_PURPOSES = ['marketing_sms', 'oa_template', 'wecom_message', 'profiling'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const MEMBER_STATUSES = ['active', 'merged'] as const;
export type MemberStatus = 'active' | 'merged' | 'erased';

/** Where a field's current value came from. */
export interface Provenance {
  source: string;
  at: string;
}

export interface Consent {
  granted: boolean;
  at: string;
  source: string;
}

export interface Member {
  id: string;
  status: MemberStatus;
  mergedInto: string | null;
  name: string | null;
  gender: Gender | null;
  birthday: string | null;
  city: string | null;
  homeStoreId: string | null;
  email: string | null;
  /** Masked, e.g. 138****0001. */
  phone: string | null;
  joinedAt: string;
  join: {
    channel: string | null;
    storeId: string | null;
    guideId: string | null;
    campaign: string | null;
    scene: string | null;
  };
  consents: Partial<Record<string, Consent>>;
  attributes: Record<string, unknown>;
  /** Keyed by column: name, gender, birthday, city, home_store_id, email, phone. */
  provenance: Partial<Record<string, Provenance>>;
  createdAt: string;
  updatedAt: string;
}

export interface MemberIdentity {
  id: string;
  kind: IdentityKind;
  namespace: string | null;
  /** Masked for phones. */
  value: string;
  source: string;
  linkedAt: string;
  originMemberId: string;
}

export interface MemberMerge {
  id: string;
  survivorId: string;
  mergedId: string;
  reason: string;
  mergedAt: string;
  mergedBy: string;
  undoneAt: string | null;
  undoneBy: string | null;
  identityIds: string[];
}

export interface MemberDetail extends Member {
  identities: MemberIdentity[];
  merges: MemberMerge[];
}

export interface ConsentLogEntry {
  purpose: string;
  granted: boolean;
  source: string;
  recordedAt: string;
}

export interface MemberSettings {
  attributeSchema: Record<string, unknown>;
  mergeRules: { survivor: string; fields: string; sourcePriority: string[] };
}

/** The editable profile fields, as PATCH /members/:id takes them. */
export interface ProfilePatch {
  name?: string | null;
  gender?: Gender | null;
  birthday?: string | null;
  city?: string | null;
  homeStoreId?: string | null;
  email?: string | null;
  phone?: string | null;
  attributes?: Record<string, unknown>;
  consents?: Partial<Record<ConsentPurpose, boolean>>;
}
