import { z } from 'zod';
import { invalid } from '../../shared/errors.ts';
import { type Phone, parsePhone } from './phone.ts';

export const identityKinds = [
  'phone',
  'unionid',
  'oa_openid',
  'mp_openid',
  'wecom_external_userid',
  'store_card',
  'email',
  'marketplace',
] as const;
export type IdentityKind = (typeof identityKinds)[number];

/** Kinds whose key only means something within a namespace: the app id, or the marketplace. */
const namespaced: ReadonlySet<IdentityKind> = new Set(['oa_openid', 'mp_openid', 'marketplace']);

export const identityInput = z.strictObject({
  kind: z.enum(identityKinds),
  value: z.string().trim().min(1).max(128),
  namespace: z
    .string()
    .trim()
    .max(64)
    .optional()
    .describe('appid for oa_openid / mp_openid; platform (tmall, jd, douyin…) for marketplace'),
});
export type IdentityInput = z.infer<typeof identityInput>;

/** An identity as stored: phones as their keyed hash, emails lower-cased, namespaces required where they matter. */
export interface Identity {
  kind: IdentityKind;
  namespace: string;
  value: string;
  phone?: Phone;
}

export function normalizeIdentity(input: IdentityInput, hmacKey: Buffer, field = 'identity'): Identity {
  const namespace = input.namespace ?? '';
  if (namespaced.has(input.kind) && !namespace)
    throw invalid(`${field}.namespace`, `required for ${input.kind}`);
  if (!namespaced.has(input.kind) && namespace)
    throw invalid(`${field}.namespace`, `not used for ${input.kind}`);
  switch (input.kind) {
    case 'phone': {
      const phone = parsePhone(input.value, hmacKey, `${field}.value`);
      return { kind: 'phone', namespace: '', value: phone.hash, phone };
    }
    case 'email': {
      const email = input.value.toLowerCase();
      if (!z.email().safeParse(email).success) throw invalid(`${field}.value`, 'not a valid email address');
      return { kind: 'email', namespace: '', value: email };
    }
    default:
      return { kind: input.kind, namespace, value: input.value };
  }
}
