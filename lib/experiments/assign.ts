/**
 * Sticky assignment of visitors to an experiment's arms: a deterministic hash of (experiment id,
 * visitor id) → a bucket in [0, 1); buckets below the traffic share get the variant, the rest the
 * control. The same visitor gets the same arm on every call and every server instance, with no
 * stored state; a different experiment id reshuffles visitors independently.
 */
import { createHash } from 'node:crypto';
import type { ExperimentArm } from '@/db/schema';

/**
 * The visitor's bucket for an experiment: the first 48 bits of sha256(`<experimentId>:<visitorId>`)
 * as a fraction.
 * @returns a number in [0, 1).
 */
export function assignmentBucket(experimentId: number, visitorId: string): number {
  const hex = createHash('sha256').update(`${experimentId}:${visitorId}`).digest('hex').slice(0, 12);
  return parseInt(hex, 16) / 2 ** 48;
}

/**
 * The arm of a visitor.
 * @param trafficShare share of visitors in the variant arm, 0–1 (values outside are clamped).
 * @returns `variant` when the visitor's bucket is below the share, else `control`.
 */
export function assignArm(args: { experimentId: number; visitorId: string; trafficShare: number }): ExperimentArm {
  const share = Math.min(Math.max(args.trafficShare, 0), 1);
  return assignmentBucket(args.experimentId, args.visitorId) < share ? 'variant' : 'control';
}
