'use server';

import { revalidatePath } from 'next/cache';
import { getAppDb } from '@/lib/startup';
import { getCurrentAdmin } from '@/lib/auth/session';
import { saveArticle } from '@/lib/content/save';
import type { AppError } from '@/lib/errors';
import { runAction } from '@/lib/route';
import { articleFormSchema, CONFLICT_MESSAGE, fieldErrorsOf, type SaveArticleResult } from './schema';

/**
 * Saves the editor form (Save keeps the status, Publish → published, Unpublish → draft) as one
 * versioned write. Never throws for user input: every failure becomes a message for the editor.
 * Rate-limited with the admin limits (lib/route.ts `runAction`).
 */
export async function saveArticleAction(formData: FormData): Promise<SaveArticleResult> {
  return runAction({ name: 'admin.saveArticle', rateLimit: 'admin', onError: saveErrorResult }, () => saveArticle_(formData));
}

async function saveArticle_(formData: FormData): Promise<SaveArticleResult> {
  const admin = await getCurrentAdmin();
  if (!admin) {
    return {
      ok: false,
      signedOut: true,
      message: 'Your session has expired. Sign in again in another tab, then save — your text is kept here.',
    };
  }
  if (!(formData instanceof FormData)) return { ok: false, message: 'The form could not be read. Reload and try again.' };
  const parsed = articleFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { ok: false, message: 'Please fix the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const f = parsed.data;
  const status = f.intent === 'publish' ? 'published' : f.intent === 'unpublish' ? 'draft' : undefined;
  const saved = await saveArticle(await getAppDb(), {
    id: f.id,
    title: f.title,
    summary: f.summary,
    body: f.body,
    categoryId: f.categoryId,
    status,
    expectedVersion: f.expectedVersion,
    author: admin.email,
  });
  revalidatePath('/admin');
  revalidatePath(`/articles/${saved.slug}`);
  const suffix = f.intent === 'publish' ? ' · published' : f.intent === 'unpublish' ? ' · unpublished (draft)' : '';
  return { ok: true, ...saved, message: `Saved — version ${saved.version}${suffix}` };
}

/** An AppError as the editor's message; null (an unexpected error, already logged) as a generic one. */
function saveErrorResult(err: AppError | null): SaveArticleResult {
  if (err) {
    switch (err.code) {
      case 'conflict:article':
        return { ok: false, conflict: true, message: CONFLICT_MESSAGE };
      case 'conflict:slug':
        return { ok: false, message: err.message };
      case 'not_found:article':
        return { ok: false, message: 'This article no longer exists. Copy your text and create a new article.' };
      case 'bad_request:article':
        return { ok: false, message: err.message };
    }
    if (err.kind === 'unavailable') {
      return { ok: false, message: 'The database is not available right now. Your text is kept — try again shortly.' };
    }
    if (err.kind === 'bad_request' || err.kind === 'payload_too_large' || err.kind === 'rate_limited') return { ok: false, message: err.message };
  }
  return { ok: false, message: 'Something went wrong while saving. Your text is kept — try again.' };
}
