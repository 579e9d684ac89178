/**
 * Unanswered and thumbs-down questions grouped by meaning: the questions are embedded with the
 * app's embedding model (lib/ai/embeddings.ts) and clustered greedily by cosine similarity.
 */
import 'server-only';
import type { ProblemQuestion } from '@/db/queries/insights';
import { embedTexts } from '@/lib/ai/embeddings';
import { greedyClusters } from './cluster';

/**
 * Cosine similarity a question needs to join a group. Measured with the local GloVe-SIF model:
 * rewordings of one question ("How do I cancel my subscription?" / "cancel subscription plan" /
 * "Can I cancel my subscription plan online?") score 0.74–0.87, "Do you ship to Mars?" /
 * "shipping to Mars" 0.75, while neighbouring topics stay below (cancel vs refund a payment
 * 0.58–0.67, reset password 0.15–0.44).
 */
const GROUP_THRESHOLD = 0.72;

/** A group of similar questions. */
export interface QuestionGroup {
  /** The group's first (oldest) question, as its label. */
  label: string;
  questions: ProblemQuestion[];
  /** Distinct conversations of the group, in order of first appearance. */
  conversationIds: string[];
  refused: number;
  thumbsDown: number;
}

/**
 * Groups questions by similarity.
 * @param questions oldest first (the order decides which question labels a group).
 * @param opts.threshold cosine similarity 0–1 (default GROUP_THRESHOLD); opts.embed replaces the
 *   embedding call (the default embeds with the app's active model).
 * @returns groups, largest first.
 * @throws the embedding provider's error with a hosted model (network, auth, rate limit).
 */
export async function groupQuestions(questions: ProblemQuestion[], opts: { threshold?: number; embed?: (texts: string[]) => Promise<(number[] | null)[]> } = {}): Promise<QuestionGroup[]> {
  if (questions.length === 0) return [];
  const embed = opts.embed ?? (async (texts: string[]) => (await embedTexts(texts)).vectors);
  const vectors = await embed(questions.map((q) => q.question.slice(0, 2000)));
  const clusters = greedyClusters(vectors, opts.threshold ?? GROUP_THRESHOLD);
  return clusters.map((members) => {
    const qs = members.map((i) => questions[i]);
    return {
      label: qs[0].question,
      questions: qs,
      conversationIds: [...new Set(qs.map((q) => q.conversationId))],
      refused: qs.filter((q) => q.refused).length,
      thumbsDown: qs.filter((q) => q.thumbsDown).length,
    };
  });
}
