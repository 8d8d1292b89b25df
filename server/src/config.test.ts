import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { appUrlFrom, loadConfig } from './config.ts';

const key = () => randomBytes(32).toString('base64');

test('the app role URL is the owner URL with user siyu_app', () => {
  assert.equal(appUrlFrom('postgres://root:pw@db:5432/siyu', undefined), 'postgres://siyu_app@db:5432/siyu');
  assert.equal(appUrlFrom('postgres://root@db/siyu', 's3cret'), 'postgres://siyu_app:s3cret@db/siyu');
});

test('production requires secrets; bad values are named', () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production' }),
    /SIYU_ENCRYPTION_KEY and SIYU_HMAC_KEY are required/,
  );
  assert.throws(
    () => loadConfig({ SIYU_ENCRYPTION_KEY: 'short', SIYU_HMAC_KEY: key() }),
    /SIYU_ENCRYPTION_KEY must be 32 bytes/,
  );
  assert.throws(
    () => loadConfig({ PORT: 'eighty', SIYU_ENCRYPTION_KEY: key(), SIYU_HMAC_KEY: key() }),
    /PORT/,
  );
  const c = loadConfig({
    NODE_ENV: 'production',
    SIYU_ENCRYPTION_KEY: key(),
    SIYU_HMAC_KEY: key(),
    SIYU_OLD_ENCRYPTION_KEYS: `k0:${key()}`,
  });
  assert.deepEqual([...c.encryptionKeys.keys()], ['k1', 'k0']);
});
