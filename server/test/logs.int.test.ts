import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestTenant, startTestApp, type TestApp, testPassword } from './harness.ts';

// Logs are structured (pino) and never carry passwords, session cookies, API keys or phones.
let t: TestApp;
const lines: string[] = [];
before(async () => {
  t = await startTestApp({
    config: { logLevel: 'trace' },
    logStream: { write: (line) => void lines.push(line) },
  });
});
after(() => t.close());

test('no secret, token or phone number reaches the log', async () => {
  const tenant = await createTestTenant(t.db, 'logs');
  const login = await t.request('POST', '/api/v1/auth/login', {
    body: { tenant: tenant.code, username: 'admin', password: testPassword },
  });
  const cookieValue = login.cookies.find((c) => c.name === 'siyu_session')!.value;
  const cookie = `siyu_session=${cookieValue}`;
  const key = (
    await t.request('POST', '/api/v1/api-keys', {
      cookie,
      body: { name: 'k', permissions: ['members:read'] },
    })
  ).json().key;
  await t.request('POST', '/api/v1/members', {
    cookie,
    body: { profile: { name: 'Log Test', phone: '13912345678' } },
  });
  await t.request('GET', '/api/v1/members?q=13912345678', { headers: { authorization: `Bearer ${key}` } });
  await t.request('POST', '/api/v1/auth/login', {
    body: { tenant: tenant.code, username: 'admin', password: 'wrong-password-123' },
  });
  const hook = (
    await t.request('POST', '/api/v1/webhooks', {
      cookie,
      body: { url: 'https://example.com/h', events: ['member.created'] },
    })
  ).json();
  const text = lines.join('\n');
  assert.ok(lines.length > 5, 'requests were logged');
  assert.ok(JSON.parse(lines[0]!).level !== undefined, 'structured JSON lines');
  for (const secret of [
    testPassword,
    'wrong-password-123',
    cookieValue,
    key,
    hook.secret,
    '13912345678',
    '139****5678'.replace('****', '1234'),
  ]) {
    assert.ok(!text.includes(secret), `log contains ${secret.slice(0, 6)}…`);
  }
});
