import type { Database, Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { emitMany } from '../events/outbox.ts';

export const expiryQueue = 'coupons.expire';
export const expiryChunk = 1_000;

/**
 * Marks up to `limit` coupons whose validity has ended as expired, oldest first, and writes
 * coupon.expired for each — one set-based statement. Rows another transaction holds (a redeem
 * in flight) are skipped and picked up by the next run. Returns how many expired.
 */
export async function expireDue(tx: Tx, ctx: Ctx, now: Date, limit = expiryChunk): Promise<number> {
  const rows = await tx.many<{ id: string; template_id: string; member_id: string; valid_to: Date }>(
    `WITH due AS (
       SELECT id FROM coupons WHERE status = 'available' AND valid_to <= $1
       ORDER BY valid_to LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED
     )
     UPDATE coupons c SET status = 'expired', expired_at = $1 FROM due WHERE c.id = due.id
     RETURNING c.id, c.template_id, c.member_id, c.valid_to`,
    [now, limit],
  );
  await emitMany(
    tx,
    ctx,
    rows.map((r) => ({
      type: 'coupon.expired' as const,
      aggregateType: 'coupon',
      aggregateId: `cpn_${r.id}`,
      payload: {
        couponId: `cpn_${r.id}`,
        templateId: `cpt_${r.template_id}`,
        memberId: `mem_${r.member_id}`,
        validTo: r.valid_to.toISOString(),
      },
    })),
  );
  return rows.length;
}

/** Tenants with a coupon past its validity: one index probe per tenant. */
export async function tenantsWithDue(db: Database, now: Date): Promise<string[]> {
  const rows = await db.system((tx) =>
    tx.many<{ tenant_id: string }>(
      `SELECT t.tenant_id FROM tenants t WHERE EXISTS (
         SELECT 1 FROM coupons c WHERE c.tenant_id = t.tenant_id AND c.status = 'available' AND c.valid_to <= $1)`,
      [now],
    ),
  );
  return rows.map((r) => r.tenant_id);
}

/** Expires a tenant's due coupons in chunks, one short transaction each, so nothing waits long. */
export async function expireTenant(
  db: Database,
  tenantId: string,
  ctx: Ctx,
  now: Date,
  chunk = expiryChunk,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.tenant(tenantId, (tx) => expireDue(tx, ctx, now, chunk));
    total += n;
    if (n < chunk) return total;
    // Let requests in between chunks (PGlite runs queries on the event loop's thread).
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// The sweep job reschedules itself; the first coupon issued in a process makes sure one is queued
// (the queue keeps at most one waiting). Validity is also checked on every read and redeem, so a
// late sweep delays only the status and the coupon.expired event, never lets a coupon be used.
let kick: ((tenantId: string) => void) | undefined;
let kicked = false;

export function setExpiryKick(fn: ((tenantId: string) => void) | undefined): void {
  kick = fn;
  kicked = false;
}

/** Called when coupons are issued. */
export function expiryNoticed(tenantId: string): void {
  if (kicked || !kick) return;
  kicked = true;
  kick(tenantId);
}
