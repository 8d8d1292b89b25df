import type { AppDeps } from '../../http/deps.ts';
import { registerMergeParticipant } from '../members/member-hooks.ts';
import {
  expireAllTenants,
  noticeAllTenants,
  pointsJobs,
  releaseAllTenants,
  sweepAllTenants,
} from './points.jobs.ts';
import { pointsMergeParticipant } from './points.merge.ts';

/** Wires the loyalty module into a runtime: merge participant and scheduled ledger jobs. Call before jobs.start(). */
export function registerLoyalty(deps: AppDeps): void {
  registerMergeParticipant(pointsMergeParticipant);
  const run = {
    release: () => releaseAllTenants(deps.db),
    expire: () => expireAllTenants(deps.db),
    notice: () => noticeAllTenants(deps.db),
    sweep: () => sweepAllTenants(deps.db),
  };
  for (const [name, job] of Object.entries(pointsJobs)) {
    // Runs may overlap (a slow one and the next): each chunk locks its accounts and reads afresh.
    deps.jobs.register(job.queue, () => run[name as keyof typeof run](), { cron: job.cron, retryLimit: 2 });
  }
}
