'use server';

import { revalidatePath } from 'next/cache';
import { searchArticleTitles } from '@/db/queries/eval-datasets';
import type { AppError } from '@/lib/errors';
import { addReviewedCase, dismissAnswer, markContentGap } from '@/lib/evals/review';
import { runAction } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { addCaseSchema, articleSearchSchema, dismissSchema, fieldErrorsOf, gapSchema, type PickableArticle, type ReviewResult } from './schema';

/** An AppError as the form's message; null (unexpected, already logged) as a generic one. */
function reviewError(err: AppError | null): ReviewResult {
  if (err && err.kind !== 'unavailable') return { ok: false, message: err.message };
  return { ok: false, message: 'Something went wrong on our side. Nothing was changed — try again.' };
}

function refresh() {
  revalidatePath('/admin/feedback');
  revalidatePath('/admin/evals');
}

/**
 * Adds the reviewed answer to a dataset as a case (form fields `conversationId`, `messageId`,
 * `feedbackId`, `gold` (article ids, repeated), `reference`, `datasetId` (an id or `new`),
 * `newDataset`). A second add of the same answer to the same dataset answers with a message.
 * Never throws for user input. Rate-limited with the admin limits.
 */
export async function addCaseAction(_prev: ReviewResult | null, formData: FormData): Promise<ReviewResult> {
  return runAction<ReviewResult>({ name: 'admin.addEvalCase', rateLimit: 'admin', role: 'editor', onError: reviewError }, async ({ user: admin }) => {
    const parsed = addCaseSchema.safeParse({
      conversationId: formData.get('conversationId') ?? '',
      messageId: formData.get('messageId') ?? '',
      feedbackId: formData.get('feedbackId') ?? '',
      gold: formData.getAll('gold').map(String),
      reference: formData.get('reference') ?? '',
      datasetId: formData.get('datasetId') ?? '',
      newDataset: formData.get('newDataset') ?? '',
    });
    if (!parsed.success) return { ok: false, message: 'Please fix the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
    const f = parsed.data;
    const res = await addReviewedCase(await getAppDb(), {
      conversationId: f.conversationId,
      messageId: f.messageId,
      feedbackId: f.feedbackId,
      goldArticleIds: f.gold,
      reference: f.reference,
      dataset: f.datasetId === 'new' ? { name: f.newDataset } : { id: Number(f.datasetId) },
      by: admin.email,
    });
    if (!res.ok) return res;
    refresh();
    return { ok: true, message: res.message, href: `/admin/evals/datasets/${res.datasetId}` };
  });
}

/** Dismisses the answer from the queue (fields `conversationId`, `messageId`, `reason`). Never throws for user input. */
export async function dismissAction(_prev: ReviewResult | null, formData: FormData): Promise<ReviewResult> {
  return runAction<ReviewResult>({ name: 'admin.dismissAnswer', rateLimit: 'admin', role: 'editor', onError: reviewError }, async ({ user: admin }) => {
    const parsed = dismissSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, message: 'Please fix the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
    await dismissAnswer(await getAppDb(), { ...parsed.data, by: admin.email });
    refresh();
    return { ok: true, message: 'Dismissed.' };
  });
}

/**
 * Marks the answer as a content gap (fields `conversationId`, `messageId`, `note`): a draft article
 * titled after the question is made (once) and linked. Never throws for user input.
 */
export async function contentGapAction(_prev: ReviewResult | null, formData: FormData): Promise<ReviewResult> {
  return runAction<ReviewResult>({ name: 'admin.contentGap', rateLimit: 'admin', role: 'editor', onError: reviewError }, async ({ user: admin }) => {
    const parsed = gapSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, message: 'Please fix the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
    const gap = await markContentGap(await getAppDb(), { ...parsed.data, by: admin.email });
    refresh();
    revalidatePath('/admin');
    return {
      ok: true,
      message: gap.created ? 'Marked as a content gap; a draft article was created.' : 'Marked as a content gap; its draft article already exists.',
      href: `/admin/articles/${gap.articleId}`,
    };
  });
}

/**
 * Published articles whose title or slug contains `query`, for the gold picker.
 * @returns at most 20 articles; [] for an empty or too long query, or when signed out.
 */
export async function searchGoldArticlesAction(query: string): Promise<PickableArticle[]> {
  return runAction<PickableArticle[]>({ name: 'admin.searchGold', rateLimit: 'admin', role: 'editor', onError: () => [] }, async () => {
    const q = articleSearchSchema.safeParse(typeof query === 'string' ? query : '');
    if (!q.success) return [];
    const list = await searchArticleTitles(await getAppDb(), { q: q.data });
    return list.map((a) => ({ id: Number(a.id), title: a.title, collection: a.collection, goldId: a.sourceId ?? a.slug }));
  });
}
