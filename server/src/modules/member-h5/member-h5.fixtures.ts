// The member H5's test world: an app with logs captured, two tenants, and helpers to call the H5
// as a member (from a fresh client address) and the staff API as an admin.
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestTenant, startTestApp, type TestApp, type TestTenant } from '../../../test/harness.ts';
import { lastDevSms } from './sms.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface H5World {
  t: TestApp;
  tenant: TestTenant;
  other: TestTenant;
  admin: string;
  logs: string[];
  /** A fresh client address per caller, so one test's limits do not spill into another's. */
  freshIp(): string;
  h5(
    method: Method,
    path: string,
    opts?: { cookie?: string; body?: unknown; ip?: string; code?: string; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  staff(method: Method, url: string, body?: unknown, cookie?: string): Promise<LightMyRequestResponse>;
  codeFor(national: string): string;
  signIn(national: string, code?: string): Promise<string>;
}

export async function h5World(): Promise<H5World> {
  const logs: string[] = [];
  const t = await startTestApp({
    config: { logLevel: 'info' },
    logStream: { write: (l) => void logs.push(l) },
  });
  const tenant = await createTestTenant(t.db, 'h5-main');
  const other = await createTestTenant(t.db, 'h5-other');
  const admin = await t.login(tenant.code, 'admin');
  let nextIp = 1;
  const freshIp = () => `10.9.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;
  const h5: H5World['h5'] = (method, path, opts = {}) =>
    t.app.inject({
      method,
      url: `/api/v1/h5/${opts.code ?? tenant.code}${path}`,
      remoteAddress: opts.ip ?? '10.0.0.1',
      headers: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...opts.headers },
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    });
  const staff: H5World['staff'] = (method, url, body, cookie = admin) =>
    t.request(method, url, { cookie, ...(body !== undefined ? { body } : {}) });
  const codeFor = (national: string): string => {
    const text = lastDevSms(`+86${national}`);
    assert.ok(text, `no SMS to ${national}`);
    return /(\d{6})/.exec(text)![1]!;
  };
  async function signIn(national: string, code = tenant.code): Promise<string> {
    const ip = freshIp();
    const sent = await h5('POST', '/auth/code', { body: { phone: national }, ip, code });
    assert.equal(sent.statusCode, 202, sent.body);
    const res = await h5('POST', '/auth/verify', {
      body: { phone: national, code: codeFor(national) },
      ip,
      code,
    });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.cookies.find((x) => x.name === 'siyu_member')!;
    return `siyu_member=${c.value}`;
  }
  return { t, tenant, other, admin, logs, freshIp, h5, staff, codeFor, signIn };
}
