import type { Database } from '../../db/database.ts';
import type { AppDeps } from '../../http/deps.ts';
import { registerMergeParticipant } from '../members/member-hooks.ts';
import { addressesMergeParticipant } from './addresses.service.ts';

export const cleanupQueue = 'member-h5.cleanup';

/**
 * Drops what has no use left: sign-in codes older than a day (the rate limits look back one day)
 * and sessions that ended more than 30 days ago. Cross-tenant housekeeping, so as the owner.
 */
export async function cleanup(db: Database): Promise<{ codes: number; sessions: number }> {
  return db.system(async (tx) => ({
    codes: await tx.exec(`DELETE FROM member_otp_codes WHERE created_at < now() - interval '1 day'`),
    sessions: await tx.exec(
      `DELETE FROM member_sessions WHERE coalesce(revoked_at, expires_at) < now() - interval '30 days'`,
    ),
  }));
}

/** Wires the member H5 into a runtime: addresses follow merges; a nightly clean-up. Call before jobs.start(). */
export function registerMemberH5(deps: AppDeps): void {
  registerMergeParticipant(addressesMergeParticipant);
  deps.jobs.register(
    cleanupQueue,
    async () => {
      await cleanup(deps.db);
    },
    { cron: '17 3 * * *', retryLimit: 2 },
  );
}
