import type { MergeParticipant } from '../members/member-hooks.ts';

/**
 * Exchanges follow their member through merges, inside the merge's transaction; on undo, those
 * placed by the members coming back (origin_member_id) go back to them. Per-member counters stay
 * with the member who placed, so a merged person's limits are not pooled. The ledger moves the
 * hold of an open exchange with the points (participant `points`): cancelling after an undo voids
 * it into the lots where the ledger left it.
 */
export const mallMergeParticipant: MergeParticipant = {
  name: 'mall',
  async onMerge(tx, _ctx, change) {
    await tx.exec('UPDATE mall_exchanges SET member_id = $2, updated_at = now() WHERE member_id = $1', [
      change.mergedId,
      change.survivorId,
    ]);
  },
  async onUnmerge(tx, _ctx, change) {
    await tx.exec(
      `UPDATE mall_exchanges SET member_id = $2, updated_at = now()
       WHERE member_id = $1 AND origin_member_id = ANY ($3::bigint[])`,
      [change.survivorId, change.mergedId, change.mergedMemberIds],
    );
  },
};
