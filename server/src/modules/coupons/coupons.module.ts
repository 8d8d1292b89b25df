import type { QueueOptions } from 'pg-boss';
import type { AppDeps } from '../../http/deps.ts';
import { systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import type { ConsumerRegistry } from '../events/consumers.ts';
import { registerMergeParticipant } from '../members/member-hooks.ts';
import { couponsMergeParticipant } from './coupons.merge.ts';
import { expireTenant, expiryQueue, setExpiryKick, tenantsWithDue } from './expiry.ts';
import { couponsConsumer } from './order-events.ts';

/** How often the expiry sweep runs. */
export const sweepEverySeconds = 300;
// At most one sweep waiting in the queue, however many processes ask for one.
const oneWaiting = { policy: 'short' } as QueueOptions;

/**
 * Wires the coupons module into a runtime: its merge participant, the consumer of order.paid /
 * order.refunded, and the expiry sweep (a job that requeues itself). Call before jobs.start().
 */
export function registerCoupons(deps: AppDeps, consumers: ConsumerRegistry): void {
  registerMergeParticipant(couponsMergeParticipant);
  consumers.add(couponsConsumer);
  const queueSweep = (startAfter?: Date) =>
    deps.jobs.send(expiryQueue, {}, { singletonKey: 'sweep', ...(startAfter ? { startAfter } : {}) });
  deps.jobs.register(
    expiryQueue,
    async () => {
      const now = new Date();
      for (const tenantId of await tenantsWithDue(deps.db, now)) {
        await expireTenant(deps.db, tenantId, systemCtx(tenantId, allPermissions, 'coupon expiry'), now);
      }
      await queueSweep(new Date(now.getTime() + sweepEverySeconds * 1000));
    },
    { retryLimit: 3, retryDelay: 30, ...oneWaiting },
  );
  // If queueing fails, the next issue tries again.
  const kick = () => {
    queueSweep().catch(() => setExpiryKick(kick));
  };
  setExpiryKick(kick);
}
