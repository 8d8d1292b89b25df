import type { AppDeps } from '../../http/deps.ts';
import type { ConsumerRegistry } from '../events/consumers.ts';
import { registerMergeParticipant } from '../members/member-hooks.ts';
import { joinConsumer } from './actions.ts';
import {
  eachTenantChunked,
  evaluateDue,
  grantBirthdayGifts,
  programsMergeParticipant,
} from './programs.jobs.ts';
import { settlementConsumer } from './settle.ts';

/**
 * Wires loyalty programmes into a runtime: settlement of orders and refunds and join points as
 * batch consumers, the merge participant (after the orders' and the ledger's), the nightly tier
 * evaluation and the birthday gifts. Call before jobs.start().
 */
export function registerPrograms(deps: AppDeps, consumers: ConsumerRegistry): void {
  registerMergeParticipant(programsMergeParticipant);
  consumers.add(settlementConsumer);
  consumers.add(joinConsumer);
  deps.jobs.register(
    'loyalty.evaluate',
    () => eachTenantChunked(deps.db, (tx, ctx) => evaluateDue(tx, ctx)),
    {
      cron: '23 18 * * *',
      retryLimit: 2,
    },
  );
  deps.jobs.register(
    'loyalty.birthday',
    () =>
      eachTenantChunked(deps.db, async (tx, ctx) => {
        await grantBirthdayGifts(tx, ctx);
        return false;
      }),
    { cron: '7 16 * * *', retryLimit: 2 },
  );
}
