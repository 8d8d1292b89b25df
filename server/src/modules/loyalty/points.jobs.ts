import type { Database, Tx } from '../../db/database.ts';
import { type Ctx, systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import { releasePendingPoints } from './points.earn.ts';
import { expirePoints, type NoticeCursor, noticeExpiringPoints } from './points.expire.ts';
import { sweepExpiredHolds } from './points.holds.ts';

/** The ledger's scheduled work: each runs over every tenant, chunk by chunk, a transaction per chunk. */
export const pointsJobs = {
  release: { queue: 'points.release', cron: '*/5 * * * *' },
  expire: { queue: 'points.expire', cron: '7 * * * *' },
  notice: { queue: 'points.expiry-notice', cron: '17 1 * * *' },
  sweep: { queue: 'points.hold-sweep', cron: '* * * * *' },
} as const;

async function eachTenant(db: Database, fn: (tenantId: string, ctx: Ctx) => Promise<void>): Promise<void> {
  const tenants = await db.system((tx) =>
    tx.many<{ tenant_id: string }>('SELECT tenant_id FROM tenants ORDER BY tenant_id'),
  );
  for (const { tenant_id } of tenants) await fn(tenant_id, systemCtx(tenant_id, allPermissions, 'points'));
}

/** Runs `step` in its own tenant transaction until it reports nothing more, yielding between chunks. */
async function chunks(db: Database, tenantId: string, step: (tx: Tx) => Promise<boolean>): Promise<void> {
  for (;;) {
    const more = await db.tenant(tenantId, step);
    if (!more) return;
    // PGlite runs queries on this thread: let requests in between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function releaseAllTenants(db: Database, now = new Date(), limit = 2000): Promise<void> {
  await eachTenant(db, (tenantId, ctx) =>
    chunks(db, tenantId, async (tx) => (await releasePendingPoints(tx, ctx, { now, limit })).lots >= limit),
  );
}

export async function expireAllTenants(db: Database, now = new Date(), limit = 5000): Promise<void> {
  await eachTenant(db, (tenantId, ctx) =>
    chunks(db, tenantId, async (tx) => (await expirePoints(tx, ctx, { now, limit })).more),
  );
}

export async function noticeAllTenants(db: Database, now = new Date(), windowsDays = [30, 7]): Promise<void> {
  await eachTenant(db, async (tenantId, ctx) => {
    let after: NoticeCursor | null = null;
    await chunks(db, tenantId, async (tx) => {
      after = (await noticeExpiringPoints(tx, ctx, { now, windowsDays, after })).next;
      return after !== null;
    });
  });
}

export async function sweepAllTenants(db: Database, now = new Date(), limit = 1000): Promise<void> {
  await eachTenant(db, (tenantId, ctx) =>
    chunks(db, tenantId, async (tx) => (await sweepExpiredHolds(tx, ctx, { now, limit })) >= limit),
  );
}
