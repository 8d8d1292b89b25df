import type { AppDeps } from '../../http/deps.ts';
import { registerMergeParticipant } from '../members/member-hooks.ts';
import { importQueue, runImport } from './imports.service.ts';
import { ordersMergeParticipant } from './orders.merge.ts';

/** Wires the orders module into a runtime: its merge participant and its import queue. Call before jobs.start(). */
export function registerOrders(deps: AppDeps): void {
  registerMergeParticipant(ordersMergeParticipant);
  const pii = { cipher: deps.cipher, hmacKey: deps.config.hmacKey };
  deps.jobs.register<{ tenantId: string; importId: string }>(
    importQueue,
    async (job) => {
      await runImport(deps.db, pii, job.data.tenantId, job.data.importId);
    },
    { retryLimit: 3, retryDelay: 10, retryBackoff: true },
  );
}
