import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

export const sha256 = (data: string | Buffer): Buffer => createHash('sha256').update(data).digest();

// Buffer keys are turned into KeyObjects once: rebuilding one per call dominated bulk hashing.
const keyObjects = new WeakMap<Buffer, KeyObject>();
const keyObject = (key: Buffer): KeyObject => {
  let k = keyObjects.get(key);
  if (!k) {
    k = createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
};

export const hmacSha256 = (key: Buffer | string, data: string | Buffer): Buffer =>
  createHmac('sha256', typeof key === 'string' ? key : keyObject(key))
    .update(data)
    .digest();

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * AES-256-GCM with a key id, for personal data and secrets at rest. The output is
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts) so keys can rotate.
 */
export class Cipher {
  readonly keys: Map<string, Buffer>;
  readonly currentKeyId: string;

  constructor(keys: Map<string, Buffer>, currentKeyId: string) {
    for (const [id, key] of keys) {
      if (key.length !== 32) throw new Error(`encryption key ${id} must be 32 bytes`);
    }
    if (!keys.has(currentKeyId)) throw new Error(`encryption key ${currentKeyId} is not configured`);
    this.keys = keys;
    this.currentKeyId = currentKeyId;
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyObject(this.keys.get(this.currentKeyId)!), iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return ['v1', this.currentKeyId, ...parts].join('.');
  }

  decrypt(sealed: string): string {
    const [version, keyId, iv, tag, body] = sealed.split('.');
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (version !== 'v1' || !key || !iv || !tag || body === undefined) {
      throw new Error('cannot decrypt: unknown format or key');
    }
    const decipher = createDecipheriv('aes-256-gcm', keyObject(key), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}
