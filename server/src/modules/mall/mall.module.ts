import { registerMergeParticipant } from '../members/member-hooks.ts';
import { mallMergeParticipant } from './mall.merge.ts';

/** Wires the points mall into a runtime: its merge participant. Call before jobs.start(). */
export function registerMall(): void {
  registerMergeParticipant(mallMergeParticipant);
}
