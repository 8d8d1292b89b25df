import type { MergeParticipant } from '../members/member-hooks.ts';

/**
 * Coupons follow their member through merges, inside the merge's transaction; on undo, a coupon
 * goes back if it was issued or shared to one of the members coming back (origin_member_id).
 * Redemptions keep the member who redeemed; per-member claim counters stay with the member who
 * claimed, so a merged person's limits are not pooled.
 */
export const couponsMergeParticipant: MergeParticipant = {
  name: 'coupons',
  async onMerge(tx, _ctx, change) {
    await tx.exec('UPDATE coupons SET member_id = $2 WHERE member_id = $1', [
      change.mergedId,
      change.survivorId,
    ]);
  },
  async onUnmerge(tx, _ctx, change) {
    await tx.exec(
      'UPDATE coupons SET member_id = $2 WHERE member_id = $1 AND origin_member_id = ANY ($3::bigint[])',
      [change.survivorId, change.mergedId, change.mergedMemberIds],
    );
  },
};
