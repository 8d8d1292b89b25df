import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { Cipher } from './crypto.ts';

const k1 = randomBytes(32);
const k2 = randomBytes(32);

test('AES-256-GCM round-trips any text and carries its key id', () => {
  const cipher = new Cipher(new Map([['k1', k1]]), 'k1');
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      const sealed = cipher.encrypt(text);
      assert.ok(sealed.startsWith('v1.k1.'));
      assert.equal(cipher.decrypt(sealed), text);
    }),
    { seed: 1 },
  );
  assert.notEqual(cipher.encrypt('13800000001'), cipher.encrypt('13800000001'), 'random IV per message');
});

test('rotation: a new current key still reads what the old one wrote', () => {
  const old = new Cipher(new Map([['k1', k1]]), 'k1');
  const rotated = new Cipher(
    new Map([
      ['k1', k1],
      ['k2', k2],
    ]),
    'k2',
  );
  const sealed = old.encrypt('secret');
  assert.equal(rotated.decrypt(sealed), 'secret');
  assert.ok(rotated.encrypt('x').startsWith('v1.k2.'));
});

test('tampering and unknown keys are refused', () => {
  const cipher = new Cipher(new Map([['k1', k1]]), 'k1');
  const sealed = cipher.encrypt('secret');
  const parts = sealed.split('.');
  parts[4] = Buffer.from('tampered').toString('base64url');
  assert.throws(() => cipher.decrypt(parts.join('.')));
  assert.throws(() => new Cipher(new Map([['k9', k2]]), 'k9').decrypt(sealed), /unknown format or key/);
  assert.throws(() => new Cipher(new Map([['k1', randomBytes(16)]]), 'k1'), /32 bytes/);
});
