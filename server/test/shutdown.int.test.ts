import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestTenant, startTestApp } from './harness.ts';

test('graceful shutdown: a running job finishes and its effect commits before the database closes', async () => {
  const t = await startTestApp({ work: true });
  const tenant = await createTestTenant(t.db, 'stop');
  const admin = await t.login(tenant.code, 'admin');
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  let finished = false;
  t.runtime.consumers.add({
    name: 'slow',
    events: ['region.created'],
    async handle(tx) {
      started();
      await new Promise((r) => setTimeout(r, 1_500));
      await tx.exec('SELECT 1');
      finished = true;
    },
  });
  await t.request('POST', '/api/v1/regions', { cookie: admin, body: { code: 'slow', name: 'Slow' } });
  await running;
  assert.equal(finished, false, 'the job is running when shutdown starts');
  await t.runtime.close();
  assert.equal(finished, true, 'close() waited for the job');
  await t.close();
});

test('graceful shutdown: an in-flight request completes; new ones are refused', async () => {
  const t = await startTestApp();
  const tenant = await createTestTenant(t.db, 'stop2');
  const admin = await t.login(tenant.code, 'admin');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as { port: number };
  const base = `http://127.0.0.1:${port}`;
  // A request that takes a while: a password hash (argon2) happens before its transaction.
  const arrived = new Promise((r) => t.app.server.once('request', r));
  const inflight = fetch(`${base}/api/v1/staff`, {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'late',
      name: 'Late',
      role: 'operator',
      scope: 'all',
      password: 'a-long-enough-password',
    }),
  });
  await arrived;
  const closing = t.runtime.close();
  const res = await inflight;
  assert.equal(res.status, 201, 'the in-flight request finished');
  await closing;
  const after = await fetch(`${base}/healthz`).catch((e: Error) => e);
  assert.ok(after instanceof Error, 'no new connections once closed');
  await t.close();
});
