import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';

export interface MergeChange {
  mergeId: string;
  survivorId: string;
  mergedId: string;
  /** Identities that moved from the merged member to the survivor (and move back on undo). */
  identityIds: string[];
  /** The merged member and every member merged into it before: whose rows move back on undo. */
  mergedMemberIds: string[];
}

/**
 * Modules that attach rows to members (orders, points accounts, bindings…) take part in merges
 * inside the merge's own transaction, so a member's history moves atomically with them. The
 * member.merged / member.unmerged events follow for anything that can react later.
 */
export interface MergeParticipant {
  name: string;
  onMerge(tx: Tx, ctx: Ctx, change: MergeChange): Promise<void>;
  onUnmerge(tx: Tx, ctx: Ctx, change: MergeChange): Promise<void>;
  /** After every participant's onUnmerge: for rows that follow another module's rows back. */
  afterUnmerge?(tx: Tx, ctx: Ctx, change: MergeChange): Promise<void>;
}

const participants: MergeParticipant[] = [];

export function registerMergeParticipant(p: MergeParticipant): void {
  if (participants.some((q) => q.name === p.name)) return;
  participants.push(p);
}

export const mergeParticipants = (): readonly MergeParticipant[] => participants;
