import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';
import { signWebhook } from './webhook-sender.ts';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local endpoint that records what it gets and answers with the status it is told to. */
async function receiver(): Promise<{
  url: string;
  got: Received[];
  status: { code: number };
  server: Server;
}> {
  const got: Received[] = [];
  const status = { code: 200 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(status.code).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, got, status, server };
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbox → webhooks', () => {
  let t: TestApp;
  let admin: string;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let tenantId: string;
  const ctx = () => ({ tenantId });
  before(async () => {
    t = await startTestApp({ work: true });
    const tenant = await createTestTenant(t.db, 'hooks');
    tenantId = tenant.id;
    admin = await t.login(tenant.code, 'admin');
    hook = await receiver();
  });
  after(async () => {
    await t.close();
    hook.server.close();
  });

  test('a committed change reaches a subscribed webhook, signed, exactly as logged', async () => {
    const created = await t.request('POST', '/api/v1/webhooks', {
      cookie: admin,
      body: { url: hook.url, events: ['store.created'] },
    });
    assert.equal(created.statusCode, 201);
    const { id, secret } = created.json();
    assert.match(secret, /^whsec_/);
    await t.request('POST', '/api/v1/stores', { cookie: admin, body: { code: 'W1', name: 'Webhooked' } });
    await t.request('POST', '/api/v1/regions', {
      cookie: admin,
      body: { code: 'nohook', name: 'Not subscribed' },
    });
    const r = await until('a delivery', () => hook.got[0]);
    const event = JSON.parse(r.body);
    assert.equal(event.type, 'store.created');
    assert.equal(event.payload.code, 'W1');
    assert.equal(r.headers['siyu-event'], 'store.created');
    const [, t0] = /^t=(\d+),/.exec(r.headers['siyu-signature'] as string)!;
    assert.equal(r.headers['siyu-signature'], signWebhook(secret, Number(t0), r.body), 'signature verifies');
    const log = await until('the delivery log', async () => {
      const res = (await t.request('GET', `/api/v1/webhooks/${id}/deliveries`, { cookie: admin })).json();
      return res.items[0]?.status === 'succeeded' ? res : undefined;
    });
    assert.equal(log.total, 1, 'the unsubscribed event was not delivered');
    assert.equal(log.items[0].attempts, 1);
    assert.equal(log.items[0].lastStatusCode, 200);
  });

  test('a failing endpoint is retried and logged; replay sends it again', async () => {
    hook.status.code = 500;
    hook.got.length = 0;
    const { id } = (
      await t.request('POST', '/api/v1/webhooks', {
        cookie: admin,
        body: { url: hook.url, events: ['region.created'] },
      })
    ).json();
    await t.request('POST', '/api/v1/regions', { cookie: admin, body: { code: 'fail', name: 'Failing' } });
    const failed = await until('a failed attempt', async () => {
      const res = (await t.request('GET', `/api/v1/webhooks/${id}/deliveries`, { cookie: admin })).json();
      return res.items[0]?.status === 'failed' ? res.items[0] : undefined;
    });
    assert.equal(failed.lastStatusCode, 500);
    assert.equal(failed.lastError, 'HTTP 500');
    assert.ok(failed.nextAttemptAt, 'a retry is scheduled');
    hook.status.code = 204;
    const replay = await t.request('POST', `/api/v1/webhooks/deliveries/${failed.id}/replay`, {
      cookie: admin,
    });
    assert.equal(replay.statusCode, 202);
    await until('the replayed delivery to succeed', async () => {
      const res = (await t.request('GET', `/api/v1/webhooks/${id}/deliveries`, { cookie: admin })).json();
      return res.items[0]?.status === 'succeeded' ? true : undefined;
    });
  });

  test('the test button sends a webhook.test event', async () => {
    hook.status.code = 200;
    hook.got.length = 0;
    const { id } = (
      await t.request('POST', '/api/v1/webhooks', {
        cookie: admin,
        body: { url: hook.url, events: ['staff.created'] },
      })
    ).json();
    assert.equal((await t.request('POST', `/api/v1/webhooks/${id}/test`, { cookie: admin })).statusCode, 202);
    const r = await until('the test delivery', () =>
      hook.got.find((g) => g.headers['siyu-event'] === 'webhook.test'),
    );
    assert.equal(JSON.parse(r.body).type, 'webhook.test');
  });

  test('in-process consumers act once per event, however often the job runs', async () => {
    const seen: string[] = [];
    t.runtime.consumers.add({
      name: 'test-counter',
      events: ['business_unit.created'],
      async handle(tx, ctx, event) {
        assert.equal(ctx.actor.type, 'system');
        const rows = await tx.many('SELECT 1 FROM business_units');
        assert.ok(rows.length > 0, 'runs inside the tenant');
        seen.push(event.id);
      },
    });
    await t.request('POST', '/api/v1/business-units', {
      cookie: admin,
      body: { code: 'once', name: 'Once' },
    });
    const eventId = await until('the consumer', () => seen[0]);
    await t.runtime.deps.jobs.send('outbox.consume', {
      tenantId: ctx().tenantId,
      eventId: eventId.slice(4),
      consumer: 'test-counter',
    });
    await new Promise((r) => setTimeout(r, 2_500));
    assert.deepEqual(seen, [eventId]);
  });

  test('batch consumers take a tenant’s events in batches, in order, each once', async () => {
    const batches: string[][] = [];
    t.runtime.consumers.add({
      name: 'test-batch',
      events: ['region.created'],
      batchSize: 7,
      async handleMany(_tx, _ctx, events) {
        batches.push(events.map((e) => e.id));
      },
    });
    await t.runtime.dispatcher.stop();
    for (let i = 0; i < 30; i++)
      await t.request('POST', '/api/v1/regions', { cookie: admin, body: { code: `b${i}`, name: `B${i}` } });
    t.runtime.dispatcher.start(50);
    await until('all 30 events', () => (batches.flat().length >= 30 ? true : undefined));
    const seen = batches.flat();
    assert.ok(
      batches.every((b) => b.length <= 7),
      'no batch over its size',
    );
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))),
      'in outbox order (one dispatch is one job, taken a batch at a time)',
    );
    // A replayed job (a retry after a crash) hands over nothing already consumed.
    await t.runtime.deps.jobs.send('outbox.consume', {
      tenantId: ctx().tenantId,
      eventIds: seen.slice(0, 10).map((id) => id.slice(4)),
      consumer: 'test-batch',
    });
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(batches.flat().length, 30);
    assert.equal(new Set(batches.flat()).size, 30);
  });

  test('the dispatcher publishes each event once, even when run concurrently', async () => {
    await t.runtime.dispatcher.stop();
    for (let i = 0; i < 20; i++)
      await t.request('POST', '/api/v1/regions', { cookie: admin, body: { code: `c${i}`, name: `C${i}` } });
    await Promise.all([
      t.runtime.dispatcher.dispatchOnce(),
      t.runtime.dispatcher.dispatchOnce(),
      t.runtime.dispatcher.dispatchOnce(),
    ]);
    const left = await t.db.system((tx) =>
      tx.one<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL'),
    );
    assert.equal(left.n, 0);
    const deliveries = await t.db.system((tx) =>
      tx.one<{ n: number; d: number }>(
        "SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM webhook_deliveries WHERE event_type = 'region.created'",
      ),
    );
    assert.equal(deliveries.n, deliveries.d, 'no event delivered twice to the same webhook');
  });
});
