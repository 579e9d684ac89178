'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getAppDb } from '@/lib/startup';
import type { StaffIdentity } from '@/lib/auth/session';
import { discardDraft, restoreRevision, saveFromEditor, scheduleArticle, setArchived, type EditorArticleView } from '@/lib/content/editor';
import { AppError } from '@/lib/errors';
import { runAction } from '@/lib/route';
import { articleFormSchema, articleRefSchema, CONFLICT_MESSAGE, fieldErrorsOf, scheduleSchema, type SaveArticleResult } from './schema';

const SIGNED_OUT: SaveArticleResult = {
  ok: false,
  signedOut: true,
  message: 'Your session has expired. Sign in again in another tab, then save — your text is kept here.',
};

const NOT_A_FORM: SaveArticleResult = { ok: false, message: 'The form could not be read. Reload and try again.' };

function revalidateArticle(slug: string) {
  revalidatePath('/admin');
  revalidatePath(`/articles/${slug}`);
}

/**
 * Saves the editor form: Save keeps the status (a published article gets a draft that is not live
 * until Publish), Publish makes the text live, Unpublish → draft. The form carries the version the
 * edit started from; a stale one is refused with both texts (`conflict`) and the refused text is
 * kept as a revision. Never throws for user input: every failure becomes a message for the editor.
 * Rate-limited with the admin limits (lib/route.ts `runAction`).
 * @param formData the editor's fields (`articleFormSchema`).
 */
export async function saveArticleAction(formData: FormData): Promise<SaveArticleResult> {
  return runAction({ name: 'admin.saveArticle', rateLimit: 'admin', role: 'editor', onError: saveErrorResult }, ({ user }) => saveArticle_(formData, user));
}

async function saveArticle_(formData: FormData, admin: StaffIdentity): Promise<SaveArticleResult> {
  if (!(formData instanceof FormData)) return NOT_A_FORM;
  const parsed = articleFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return { ok: false, message: 'Please fix the highlighted fields.', fieldErrors: fieldErrorsOf(parsed.error) };
  }
  const f = parsed.data;
  const res = await saveFromEditor(await getAppDb(), {
    id: f.id,
    baseVersion: f.expectedVersion,
    slug: f.slug,
    title: f.title,
    summary: f.summary,
    body: f.body,
    categoryId: f.categoryId,
    intent: f.intent,
    author: authorOf(admin),
  });
  if (!res.ok) return { ok: false, conflict: res.conflict, message: CONFLICT_MESSAGE };
  const a = res.article;
  revalidateArticle(a.slug);
  let message: string;
  if (f.intent === 'publish') message = `Published — version ${a.version} is live`;
  else if (f.intent === 'unpublish') message = `Saved — version ${a.version} · unpublished (draft)`;
  else if (a.hasDraft && res.movedFrom)
    message = `${f.autosave ? 'Autosaved' : 'Saved'} draft — version ${a.version}, text not published yet. The new address /articles/${a.slug} is live now; /articles/${res.movedFrom} redirects to it`;
  else if (a.hasDraft) message = `${f.autosave ? 'Autosaved' : 'Saved'} draft — version ${a.version}, not published yet`;
  else message = `${f.autosave ? 'Autosaved' : 'Saved'} — version ${a.version}`;
  return { ok: true, article: a, message };
}

function authorOf(admin: StaffIdentity) {
  return { id: admin.userId, email: admin.email };
}

/** An AppError as the editor's message; null (an unexpected error, already logged) as a generic one. */
function saveErrorResult(err: AppError | null): SaveArticleResult {
  if (err) {
    if (err.code === 'unauthorized:session') return SIGNED_OUT;
    if (err.kind === 'forbidden') return { ok: false, message: err.message };
    switch (err.code) {
      case 'conflict:article':
        return { ok: false, conflict: null, message: `${err.message} Reload to see the current version; your text is still here.` };
      case 'conflict:slug':
        return { ok: false, message: err.message, fieldErrors: { slug: err.message } };
      case 'conflict:category': {
        const message = "That category belongs to another product. Pick one of this article's product's categories, or No category; to publish in another product, create the article there.";
        return { ok: false, message, fieldErrors: { categoryId: message } };
      }
      case 'not_found:article':
        return { ok: false, message: 'This article no longer exists. Copy your text and create a new article.' };
      case 'not_found:revision':
        return { ok: false, message: err.message };
      case 'bad_request:article':
        return { ok: false, message: err.message, fieldErrors: /body/i.test(err.message) ? { body: err.message } : undefined };
    }
    if (err.kind === 'unavailable') {
      return { ok: false, message: 'The database is not available right now. Your text is kept — try again shortly.' };
    }
    if (err.kind === 'bad_request' || err.kind === 'payload_too_large' || err.kind === 'rate_limited') return { ok: false, message: err.message };
  }
  return { ok: false, message: 'Something went wrong while saving. Your text is kept — try again.' };
}

/** Runs one of the small editor actions: editor role (runAction), parse, verb, message. */
async function editorAction<S extends typeof articleRefSchema | typeof scheduleSchema>(
  name: string,
  formData: FormData,
  schema: S,
  verb: (args: ReturnType<S['parse']>, author: { id: number; email: string }) => Promise<{ article: EditorArticleView; message: string }>,
): Promise<SaveArticleResult> {
  return runAction({ name, rateLimit: 'admin', role: 'editor', onError: saveErrorResult }, async ({ user: admin }) => {
    if (!(formData instanceof FormData)) return NOT_A_FORM;
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'The form could not be read.' };
    const { article, message } = await verb(parsed.data as ReturnType<S['parse']>, authorOf(admin));
    revalidateArticle(article.slug);
    return { ok: true, article, message };
  });
}

/**
 * Discards a published article's pending draft (it stays in the history).
 * @param formData `id`, `expectedVersion`.
 */
export async function discardDraftAction(formData: FormData): Promise<SaveArticleResult> {
  return editorAction('admin.discardDraft', formData, articleRefSchema, async (a, author) => ({
    article: await discardDraft(await getAppDb(), { id: a.id, baseVersion: a.expectedVersion, author }),
    message: 'Draft discarded — the editor shows the live version again',
  }));
}

/**
 * Schedules (or, with an empty `publishAt`, cancels) the publish of the saved text.
 * @param formData `id`, `expectedVersion`, `publishAt` (ISO 8601 with offset, or '').
 */
export async function scheduleArticleAction(formData: FormData): Promise<SaveArticleResult> {
  return editorAction('admin.scheduleArticle', formData, scheduleSchema, async (a) => {
    const when = a.publishAt ? new Date(a.publishAt) : null;
    if (when && when.getTime() <= Date.now()) throw new AppError('bad_request:article', 'Pick a time in the future, or Publish now.');
    const article = await scheduleArticle(await getAppDb(), { id: a.id, baseVersion: a.expectedVersion, publishAt: when });
    return { article, message: when ? 'Scheduled — it goes live at the time shown' : 'Schedule cancelled' };
  });
}

/**
 * Archives or unarchives (→ draft) from the editor.
 * @param formData `id`, `expectedVersion`, `archived` ('1' archive, '0' unarchive).
 */
export async function setArchivedAction(formData: FormData): Promise<SaveArticleResult> {
  const archived = formData instanceof FormData && formData.get('archived') === '1';
  return editorAction('admin.setArchived', formData, articleRefSchema, async (a, author) => ({
    article: await setArchived(await getAppDb(), { id: a.id, archived, baseVersion: a.expectedVersion, author }),
    message: archived ? 'Archived — readers no longer see it' : 'Unarchived — it is a draft again',
  }));
}

/**
 * Archive / unarchive from the article list (a plain form, works without JavaScript); a stale
 * version or a missing article just reloads the list, which shows the current state.
 * @param formData `id`, `expectedVersion`, `archived` ('1' | '0'), `back` (the list's query string).
 */
export async function archiveFromListAction(formData: FormData): Promise<void> {
  const back = typeof formData?.get?.('back') === 'string' ? String(formData.get('back')) : '';
  await setArchivedAction(formData);
  redirect(`/admin${/^\?[\w=&%.+-]*$/.test(back) ? back : ''}`);
}

/**
 * Restores a revision from the history page (a new revision; a published article gets it as a
 * draft), then opens the editor; a failure returns to the history with its message.
 * @param formData `id`, `revisionId`, `expectedVersion`.
 */
export async function restoreRevisionAction(formData: FormData): Promise<void> {
  const revisionId = Number(formData instanceof FormData ? formData.get('revisionId') : NaN);
  const res = await editorAction('admin.restoreRevision', formData, articleRefSchema, async (a, author) => {
    if (!Number.isInteger(revisionId) || revisionId < 1) {
      throw new AppError('bad_request:revision', 'Pick a revision to restore.');
    }
    const article = await restoreRevision(await getAppDb(), { id: a.id, revisionId, baseVersion: a.expectedVersion, author });
    return { article, message: '' };
  });
  const id = Number(formData.get('id'));
  const base = Number.isInteger(id) && id > 0 ? `/admin/articles/${id}` : '/admin';
  if (res.ok) redirect(`${base}?restored=${res.article.version}`);
  redirect(`${base}/history?error=${encodeURIComponent(res.message.slice(0, 300))}`);
}
