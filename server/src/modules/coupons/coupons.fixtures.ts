// Test fixtures for the coupons module's integration tests (not loaded by the application).
import assert from 'node:assert/strict';
import { addStaff, createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';
import { systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';

export interface CouponsWorld {
  t: TestApp;
  tenantId: string;
  admin: string;
  storeId: string;
  otherStoreId: string;
  regionId: string;
  guideId: string;
  guide: string;
  ctx: ReturnType<typeof systemCtx>;
  req(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
    cookie?: string,
  ): ReturnType<TestApp['request']>;
  /** Creates a template (active, ¥20 off ¥100, 30 days) with overrides; returns its public id. */
  template(overrides?: Record<string, unknown>): Promise<{ id: string; claimCode: string | null }>;
  /** Members inserted directly (fast), optionally recruited by the guide; public ids. */
  members(n: number, options?: { byGuide?: boolean }): Promise<string[]>;
  issue(templateId: string, memberIds: string[], key?: string): ReturnType<TestApp['request']>;
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
}

let keys = 0;
export const newKey = () => `key-${process.pid}-${++keys}`;

export async function couponsWorld(code: string, options: { work?: boolean } = {}): Promise<CouponsWorld> {
  const t = await startTestApp({ work: options.work ?? false });
  const tenant = await createTestTenant(t.db, code);
  const admin = await t.login(tenant.code, 'admin');
  const req: CouponsWorld['req'] = (method, url, body, headers, cookie = admin) =>
    t.request(method, url, {
      cookie,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
  const region = (await req('POST', '/api/v1/regions', { code: 'east', name: '华东' })).json();
  const store = await req('POST', '/api/v1/stores', { code: 'SH01', name: '上海一店', regionId: region.id });
  assert.equal(store.statusCode, 201, store.body);
  const other = await req('POST', '/api/v1/stores', { code: 'BJ01', name: '北京一店' });
  const guideId = await addStaff(t.db, tenant.id, {
    username: 'guide1',
    role: 'guide',
    scope: 'own',
    storeId: store.json().id.slice(4),
  });
  const guide = await t.login(tenant.code, 'guide1');
  const world: CouponsWorld = {
    t,
    tenantId: tenant.id,
    admin,
    storeId: store.json().id,
    otherStoreId: other.json().id,
    regionId: region.id,
    guideId: `stf_${guideId}`,
    guide,
    ctx: systemCtx(tenant.id, allPermissions),
    req,
    async template(overrides = {}) {
      const res = await req('POST', '/api/v1/coupon-templates', {
        name: '满100减20',
        kind: 'cash_off',
        amountOffCents: 2000,
        thresholdCents: 10000,
        validity: { kind: 'relative', days: 30 },
        status: 'active',
        ...overrides,
      });
      assert.equal(res.statusCode, 201, res.body);
      return { id: res.json().id, claimCode: res.json().claimCode };
    },
    async members(n, o = {}) {
      const rows = await t.db.system((tx) =>
        tx.many<{ id: string }>(
          `INSERT INTO members (tenant_id, name, join_guide_id)
           SELECT $1, 'm' || g, $3 FROM generate_series(1, $2) g RETURNING id`,
          [tenant.id, n, o.byGuide ? guideId : null],
        ),
      );
      return rows.map((r) => `mem_${r.id}`);
    },
    issue: (templateId, memberIds, key = newKey()) =>
      req('POST', `/api/v1/coupon-templates/${templateId}/issue`, { memberIds }, { 'idempotency-key': key }),
    count: (table, where = 'true', params = []) =>
      t.db
        .system((tx) =>
          tx.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1 AND ${where}`, [
            tenant.id,
            ...params,
          ]),
        )
        .then((r) => r.n),
  };
  return world;
}

/** Polls until `probe` returns something (the outbox and job queue deliver asynchronously). */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
