/**
 * Reviewing a rated (or unrated) assistant answer from /admin/feedback: add it to a dataset as a
 * case (gold articles, reference answer), dismiss it with a reason, or mark it as a content gap
 * (a draft article linked to it). Each action sets the answer's review state.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import type { Db } from '@/db/client';
import { getAnswerRecord, type AnswerRecord } from '@/db/queries/conversations';
import { articleIdsBySlug, findDataset, getArticlesByIds, insertCases } from '@/db/queries/eval-datasets';
import { getAnswerReview, setAnswerReview } from '@/db/queries/review';
import { saveArticle } from '@/lib/content/save';
import { AppError } from '@/lib/errors';
import { createDataset } from './datasets';
import type { EvalCase } from './dataset';

/** Identifies an answer: its conversation and message ids. */
export interface AnswerKey {
  conversationId: string;
  messageId: string;
}

/**
 * The stored answer being reviewed.
 * @throws AppError `not_found:message` when there is no such assistant answer.
 */
async function loadAnswer(db: Db, key: AnswerKey): Promise<AnswerRecord> {
  const rec = await getAnswerRecord(db, key);
  if (!rec) throw new AppError('not_found:message', 'That answer is not stored any more.');
  return rec;
}

/**
 * The user turns up to the rated answer: every user message before it, oldest first, ending with
 * the question it answered.
 */
function userTurnsOf(rec: Pick<AnswerRecord, 'earlierTurns' | 'question'>): string[] {
  const earlier = rec.earlierTurns.filter((t) => t.role === 'user').map((t) => t.text);
  return rec.question ? [...earlier, rec.question] : earlier;
}

/** A case id for an answer, the same in every dataset: `rev-` + 12 hex of sha256(conversation/message). */
export function reviewCaseId(key: AnswerKey): string {
  return `rev-${createHash('sha256').update(`${key.conversationId}/${key.messageId}`).digest('hex').slice(0, 12)}`;
}

/**
 * The case a reviewed answer becomes: turns from the conversation, kind `unanswerable` without
 * gold, `multiturn` with gold and more than one user turn, else `answerable`; collection from the
 * first gold article (else the answer's last scoped search).
 */
export function reviewedCase(
  rec: Pick<AnswerRecord, 'conversationId' | 'messageId' | 'earlierTurns' | 'question' | 'provenance'>,
  gold: { id: string; collection: string }[],
  reference: string,
): EvalCase {
  const turns = userTurnsOf(rec);
  const kind: EvalCase['kind'] = gold.length === 0 ? 'unanswerable' : turns.length > 1 ? 'multiturn' : 'answerable';
  const searched = rec.provenance?.searches.map((s) => s.collection).filter((c): c is string => !!c) ?? [];
  const collection = gold[0]?.collection ?? searched[searched.length - 1];
  const ref = reference.trim();
  return {
    id: reviewCaseId(rec),
    turns,
    gold: gold.map((g) => g.id),
    kind,
    ...(collection ? { collection } : {}),
    ...(kind !== 'unanswerable' && ref ? { reference: ref } : {}),
  };
}

/** What adding a reviewed answer to a dataset did. */
export type AddCaseResult = { ok: true; caseId: string; datasetId: number; datasetName: string; message: string } | { ok: false; message: string };

/**
 * Adds a reviewed answer to a dataset as a case (see `reviewedCase`), with provenance (feedback
 * id, conversation and message ids, who, now) and the ids of the articles the answer cited, and
 * marks the answer `added`. A rated answer is at most one case per dataset: a second add answers
 * `{ ok: false }` saying so, and nothing changes.
 * @param args.goldArticleIds published articles (ids) that answer the question; [] = unanswerable.
 * @param args.dataset an existing dataset's id, or a new dataset's name (created here).
 * @throws AppError `not_found:message`, `not_found:dataset`, `bad_request:dataset` (bad new name),
 *   `conflict:dataset` (new name taken), `bad_request:eval_case` (a gold article is not published).
 */
export async function addReviewedCase(
  db: Db,
  args: AnswerKey & { feedbackId: number | null; goldArticleIds: number[]; reference: string; dataset: { id: number } | { name: string }; by: string },
): Promise<AddCaseResult> {
  const rec = await loadAnswer(db, args);
  if (!rec.question) return { ok: false, message: 'This answer has no question before it, so it cannot become a case.' };
  const picked = await getArticlesByIds(db, { ids: [...new Set(args.goldArticleIds)] });
  const notPublished = picked.filter((a) => a.status !== 'published');
  if (picked.length !== new Set(args.goldArticleIds).size || notPublished.length) {
    throw new AppError('bad_request:eval_case', 'Gold articles must be published articles; pick them again.');
  }
  const order = new Map(args.goldArticleIds.map((id, i) => [id, i]));
  picked.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const c = reviewedCase(
    rec,
    picked.map((a) => ({ id: a.sourceId ?? a.slug, collection: a.collection })),
    args.reference,
  );
  let datasetId: number;
  let datasetName: string;
  if ('id' in args.dataset) {
    const d = await findDataset(db, { id: args.dataset.id });
    if (!d) throw new AppError('not_found:dataset', 'That dataset no longer exists.');
    datasetId = d.id;
    datasetName = d.name;
  } else {
    datasetId = await createDataset(db, { name: args.dataset.name, by: args.by });
    datasetName = args.dataset.name.trim();
  }
  const cited = await articleIdsBySlug(db, { slugs: rec.citations.map((x) => x.sourceId) });
  const res = await insertCases(db, {
    datasetId,
    cases: [
      {
        caseId: c.id,
        turns: c.turns,
        gold: c.gold,
        kind: c.kind,
        collection: c.collection ?? null,
        reference: c.reference ?? null,
        origin: 'review',
        feedbackId: args.feedbackId,
        conversationId: rec.conversationId,
        messageId: rec.messageId,
        citedArticleIds: cited,
        createdBy: args.by,
      },
    ],
  });
  if ('duplicate' in res) {
    return { ok: false, message: `This answer is already case ${res.duplicate.existing} of “${datasetName}”; a rated answer is one case per dataset. Edit that case instead.` };
  }
  await setAnswerReview(db, { conversationId: rec.conversationId, messageId: rec.messageId, state: 'added', reviewedBy: args.by });
  return { ok: true, caseId: c.id, datasetId, datasetName, message: `Added as ${c.kind} case ${c.id} to “${datasetName}”.` };
}

/**
 * Dismisses an answer from the queue with a reason.
 * @throws AppError `not_found:message`.
 */
export async function dismissAnswer(db: Db, args: AnswerKey & { reason: string; by: string }): Promise<void> {
  await loadAnswer(db, args);
  await setAnswerReview(db, { conversationId: args.conversationId, messageId: args.messageId, state: 'dismissed', reason: args.reason.trim(), reviewedBy: args.by });
}

/**
 * Marks an answer as a content gap: creates a draft article titled after the question (in the
 * collection the answer searched, else the sample's), linked to the answer's review; a second
 * call returns the draft made the first time.
 * @returns the draft article's id and slug.
 * @throws AppError `not_found:message`, and saveArticle's errors.
 */
export async function markContentGap(db: Db, args: AnswerKey & { note?: string; by: string }): Promise<{ articleId: number; created: boolean }> {
  const rec = await loadAnswer(db, args);
  const prior = await getAnswerReview(db, args);
  if (prior?.draftArticleId) {
    await setAnswerReview(db, { ...args, state: 'gap', reason: args.note?.trim() || prior.reason, reviewedBy: args.by });
    return { articleId: prior.draftArticleId, created: false };
  }
  const question = (rec.question ?? 'Untitled question').replace(/\s+/g, ' ').trim();
  const title = question.length > 120 ? `${question.slice(0, 119).trimEnd()}…` : question;
  const searched = rec.provenance?.searches.map((s) => s.collection).filter((c): c is string => !!c) ?? [];
  const note = args.note?.trim();
  const body = [`> Content gap found in the review queue: the assistant could not answer “${question}”.`, ...(note ? ['>', `> Reviewer's note: ${note}`] : []), '', 'Write the answer here.', ''].join(
    '\n',
  );
  const saved = await saveArticle(db, { title, body, status: 'draft', collection: searched[searched.length - 1], author: args.by });
  await setAnswerReview(db, { ...args, state: 'gap', reason: note || null, draftArticleId: saved.id, reviewedBy: args.by });
  return { articleId: saved.id, created: true };
}
