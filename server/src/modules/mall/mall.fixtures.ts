// Test fixtures for the mall's integration tests (not loaded by the application).
import { createTestTenant, startTestApp, type TestApp } from '../../../test/harness.ts';
import type { Tx } from '../../db/database.ts';
import { type Ctx, systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { checkLedger } from '../loyalty/ledger.check.ts';
import { earnPoints } from '../loyalty/points.earn.ts';
import type { PlaceExchangeRequest } from './exchanges.place.ts';
import { placeExchange } from './exchanges.place.ts';
import type { ItemRow } from './items.repo.ts';
import { createItem } from './items.service.ts';
import type { ItemInput } from './mall.schema.ts';

export interface LotFact {
  id: string;
  remaining: number;
  held: number;
  expiresAt: string | null;
}

export interface MallWorld {
  t: TestApp;
  tenantId: string;
  ctx: Ctx;
  cookie: string;
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** `n` bare members in pool 0 (internal ids). */
  members(n: number): Promise<string[]>;
  /** Credits lots (points, days until expiry or null) to a member, one earn journal each. */
  grant(memberId: string, lots: { points: number; expiresAt: Date | null }[]): Promise<void>;
  item(input: Partial<ItemInput>): Promise<ItemRow>;
  place(
    req: Omit<PlaceExchangeRequest, 'idempotencyKey'> & { idempotencyKey?: string },
    now?: Date,
  ): ReturnType<typeof placeExchange>;
  /** The member's lots by id. */
  lots(memberId: string): Promise<LotFact[]>;
  balances(memberId: string): Promise<{ available: number; held: number }>;
  /** The ledger checks itself (postings sum to zero, balances = lots). */
  ledgerProblems(): Promise<unknown[]>;
  close(): Promise<void>;
}

let keys = 0;

export async function mallWorld(code: string): Promise<MallWorld> {
  const t = await startTestApp();
  const tenant = await createTestTenant(t.db, code);
  const ctx = systemCtx(tenant.id, allPermissions, 'mall test');
  const cookie = await t.login(code, 'admin');
  const tx = <T>(fn: (tx: Tx) => Promise<T>) => t.db.tenant(tenant.id, fn);
  const cipher = t.runtime.deps.cipher;
  return {
    t,
    tenantId: tenant.id,
    ctx,
    cookie,
    tx,
    async members(n) {
      const rows = await tx((x) =>
        x.many<{ id: string }>(
          'INSERT INTO members (tenant_id) SELECT $1 FROM generate_series(1, $2) RETURNING id',
          [tenant.id, n],
        ),
      );
      return rows.map((r) => r.id);
    },
    async grant(memberId, lots) {
      await tx((x) =>
        earnPoints(
          x,
          ctx,
          lots.map((l) => ({
            key: `grant:${memberId}:${++keys}`,
            account: { memberId },
            points: l.points,
            expiresAt: l.expiresAt,
          })),
          { now: new Date(Date.now() - 86_400_000) },
        ),
      );
    },
    item: (input) =>
      tx((x) =>
        createItem(x, ctx, {
          name: 'Gift',
          kind: 'physical_gift',
          points: 100,
          status: 'active',
          ...input,
        } as ItemInput),
      ),
    place: (req, now) =>
      tx((x) =>
        placeExchange(x, ctx, { idempotencyKey: `k${++keys}`, ...req }, { cipher, ...(now ? { now } : {}) }),
      ),
    async lots(memberId) {
      const rows = await tx((x) =>
        x.many<{ id: string; remaining: string; held: string; expires_at: Date | null }>(
          `SELECT l.id, l.remaining, l.held, l.expires_at FROM ledger_lots l JOIN ledger_accounts a ON a.id = l.account_id
           WHERE a.member_id = $1 ORDER BY l.id`,
          [memberId],
        ),
      );
      return rows.map((r) => ({
        id: r.id,
        remaining: Number(r.remaining),
        held: Number(r.held),
        expiresAt: r.expires_at?.toISOString() ?? null,
      }));
    },
    async balances(memberId) {
      const r = await tx((x) =>
        x.maybeOne<{ available: string; held: string }>(
          `SELECT available, held FROM ledger_accounts WHERE member_id = $1 AND kind = 'points'`,
          [memberId],
        ),
      );
      return { available: Number(r?.available ?? 0), held: Number(r?.held ?? 0) };
    },
    async ledgerProblems() {
      return (await tx((x) => checkLedger(x))).problems;
    },
    close: () => t.close(),
  };
}

export const address = {
  name: '张三',
  phone: '13800000001',
  province: '上海市',
  city: '上海市',
  district: '浦东新区',
  line: '世纪大道 100 号 8 楼',
  postcode: '200120',
};

export const days = (n: number, from = new Date()) => new Date(from.getTime() + n * 86_400_000);
