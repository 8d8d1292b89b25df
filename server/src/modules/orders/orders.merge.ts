import type { MergeParticipant } from '../members/member-hooks.ts';

/**
 * Orders follow their member through merges, inside the merge's transaction. On undo, an order
 * goes back if the identity that resolved it went back, or — tied to no identity — if it was
 * first tied to one of the members coming back.
 */
export const ordersMergeParticipant: MergeParticipant = {
  name: 'orders',
  async onMerge(tx, _ctx, change) {
    await tx.exec('UPDATE orders SET member_id = $2, updated_at = now() WHERE member_id = $1', [
      change.mergedId,
      change.survivorId,
    ]);
  },
  async onUnmerge(tx, _ctx, change) {
    await tx.exec(
      `UPDATE orders SET member_id = $2, updated_at = now()
       WHERE member_id = $1 AND (identity_id = ANY ($3::bigint[]) OR (identity_id IS NULL AND origin_member_id = ANY ($4::bigint[])))`,
      [change.survivorId, change.mergedId, change.identityIds, change.mergedMemberIds],
    );
  },
};
