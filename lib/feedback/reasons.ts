/**
 * The one reason taxonomy of feedback, for answers and articles alike: the client's reason picker
 * (components/help/Thumbs.tsx, used under articles and assistant answers) and the server's
 * validation (lib/feedback/schema.ts) read this list, and the database stores the `id`.
 * Plain data, no server imports: it is bundled into the client.
 */

export type FeedbackRating = 'up' | 'down';

export interface FeedbackReason {
  /** Stored in `feedback.reason`; stable (evaluation data and dashboards group by it). */
  id: string;
  /** Shown in the picker and the admin. */
  label: string;
  /** The thumbs it may go with. */
  ratings: readonly FeedbackRating[];
  /** Labels earlier clients sent for it (accepted, stored as `id`). */
  legacyLabels?: readonly string[];
}

export const FEEDBACK_REASONS = [
  { id: 'not_answered', label: "Didn't answer my question", ratings: ['down'] },
  { id: 'incorrect', label: 'Incorrect or misleading', ratings: ['down'], legacyLabels: ['Incorrect'] },
  { id: 'out_of_date', label: 'Out of date', ratings: ['down'] },
  { id: 'hard_to_understand', label: 'Hard to understand', ratings: ['down'] },
  { id: 'missing_steps', label: 'Missing steps or details', ratings: ['down'] },
  { id: 'solved', label: 'Solved my problem', ratings: ['up'] },
  { id: 'clear', label: 'Clear and easy to follow', ratings: ['up'] },
  { id: 'other', label: 'Something else', ratings: ['up', 'down'] },
] as const satisfies readonly FeedbackReason[];

export type FeedbackReasonId = (typeof FEEDBACK_REASONS)[number]['id'];

/** Reason ids, for zod enums and SQL checks. */
export const FEEDBACK_REASON_IDS = FEEDBACK_REASONS.map((r) => r.id) as [FeedbackReasonId, ...FeedbackReasonId[]];

/**
 * The reasons offered with one thumb, in display order.
 * @param rating `up` or `down`.
 */
export function reasonsFor(rating: FeedbackRating): FeedbackReason[] {
  return FEEDBACK_REASONS.filter((r) => (r.ratings as readonly FeedbackRating[]).includes(rating));
}

/**
 * Resolves what a client sent as a reason: an id, or (from older clients) a label or legacy label,
 * compared case-insensitively with surrounding white space ignored.
 * @returns the reason, or undefined when it is not in the taxonomy.
 */
export function findReason(value: string): FeedbackReason | undefined {
  const v = value.trim().toLowerCase();
  if (!v) return undefined;
  return FEEDBACK_REASONS.find((r: FeedbackReason) => r.id === v || r.label.toLowerCase() === v || (r.legacyLabels ?? []).some((l) => l.toLowerCase() === v));
}

/**
 * The label of a stored reason id.
 * @returns the label, or the stored value itself when it is not a known id (rows older than the taxonomy).
 */
export function reasonLabel(id: string): string {
  return FEEDBACK_REASONS.find((r) => r.id === id)?.label ?? id;
}
