/**
 * The admin editor's verbs on top of lib/content/save.ts: drafts of published articles, refused
 * stale saves kept as `conflict` revisions, restore, discard, schedule and archive.
 *
 * Versions: `articles.version` is the number of the latest accepted revision (live text or pending
 * draft). The editor sends the version it started from (`baseVersion`); a save from any other
 * version is refused and the refused text is stored as a `conflict` revision, so two editors never
 * overwrite each other silently and neither loses text.
 */
import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { getArticleRow, getRevision, hasDueScheduled, listDueScheduled } from '@/db/queries/revisions';
import { articleRevisions, articleSlugHistory, articles, type ArticleStatus } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { revalidatePublicPages } from '@/lib/page-cache';
import { hasVisibleText } from './title';
import { assertCategoryOfProduct, MAX_BODY_BYTES, normalizeLineEnds, saveArticle, setArticleStatus } from './save';

/** Who saves: the signed-in admin. */
export interface EditorAuthor {
  id: number;
  email: string;
}

/** The text fields an edit carries. */
export interface EditorText {
  title: string;
  summary: string;
  body: string;
  categoryId: number | null;
}

/** What the editor shows for an article: the pending draft's text when there is one. */
export interface EditorArticleView extends EditorText {
  id: number;
  slug: string;
  status: ArticleStatus;
  /** The version an edit must start from (`articles.version`). */
  version: number;
  /** The product (collection slug) the article belongs to: only its categories can be chosen. */
  collection: string;
  /** True when a published article has a draft that is not live yet. */
  hasDraft: boolean;
  /** Scheduled publish time (UTC ISO 8601), or null. */
  publishAt: string | null;
  /** When the text shown was saved, ISO 8601, and by whom (null when unknown). */
  savedAt: string;
  savedBy: string | null;
}

/** One save from the editor. */
export interface EditorSaveInput extends EditorText {
  /** Absent for a new article. */
  id?: number;
  /** New slug (lowercase, digits, hyphens); absent keeps the current one. */
  slug?: string;
  /** `save` (a published article → a draft), `publish` (text goes live), `unpublish` (→ draft status). */
  intent: 'save' | 'publish' | 'unpublish';
  /** The version the edit started from; required for an existing article. */
  baseVersion?: number;
  author: EditorAuthor;
}

/** A refused stale save: the current text ("theirs") and the stored refused one ("yours"). */
export interface EditorConflict {
  theirs: EditorArticleView;
  /** The `conflict` revision that holds the refused text. */
  yoursRevisionId: number;
}

/**
 * `movedFrom`: the live address the save replaced (a published article's slug change applies at
 * once, even in a draft save: the old address redirects to the new one).
 */
export type EditorSaveResult = { ok: true; article: EditorArticleView; movedFrom?: string } | { ok: false; conflict: EditorConflict };

/**
 * The article as the editor opens it: a pending draft's text overlays the live one.
 * @returns null for an unknown id.
 */
export async function getEditorArticle(db: Db, args: { id: number }): Promise<EditorArticleView | null> {
  const row = await getArticleRow(db, { id: args.id });
  if (!row) return null;
  const draft = row.draftRevisionId ? await getRevision(db, { articleId: row.id, revisionId: row.draftRevisionId }) : null;
  const [latest] = await db
    .select({ author: articleRevisions.author, createdAt: articleRevisions.createdAt })
    .from(articleRevisions)
    .where(and(eq(articleRevisions.articleId, row.id), eq(articleRevisions.version, row.version)))
    .limit(1);
  const text = draft ?? row;
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    version: row.version,
    title: text.title,
    summary: text.summary,
    body: text.body,
    categoryId: text.categoryId,
    collection: row.collection,
    // An unpublished article has no live text to differ from: its newest text is simply shown.
    hasDraft: Boolean(draft) && row.status === 'published',
    publishAt: row.publishAt ? row.publishAt.toISOString() : null,
    savedAt: (latest?.createdAt ?? row.updatedAt).toISOString(),
    savedBy: latest?.author ?? null,
  };
}

/**
 * Saves one edit. A new article is created (published with `publish`). For an existing one the
 * base version is checked first: a stale one stores the text as a `conflict` revision and answers
 * with the current text. `save` on a published article writes a draft (live text, chunks and search
 * index untouched); `publish` makes the text live and drops the draft; `unpublish` writes the text
 * and sets the status to draft.
 * @returns `{ ok: true, article, movedFrom? }` (the editor view after the save; `movedFrom`, the
 *   old address of a live article whose slug changed) or `{ ok: false, conflict }`.
 * @throws AppError `bad_request:article` (invalid fields, body over 512 KiB, `publish` with an
 *   empty body: EMPTY_BODY_MESSAGE), `not_found:article`,
 *   `conflict:slug` (slug used by another article).
 */
export async function saveFromEditor(db: Db, input: EditorSaveInput): Promise<EditorSaveResult> {
  const text = cleanText(input);
  // A reader would open an empty page; a draft may be empty while it is being written.
  if (input.intent === 'publish' && !hasVisibleText(text.body)) throw new AppError('bad_request:article', EMPTY_BODY_MESSAGE);
  const who = { author: input.author.email, authorId: input.author.id };
  if (!input.id) {
    const publish = input.intent === 'publish';
    const created = await saveArticle(db, { ...text, ...who, slug: input.slug, status: publish ? 'published' : 'draft', revisionKind: publish ? 'publish' : 'save' });
    return { ok: true, article: (await getEditorArticle(db, { id: created.id }))! };
  }
  const id = input.id;
  const current = await getArticleRow(db, { id });
  if (!current) throw new AppError('not_found:article', 'Article not found');
  if (input.baseVersion === undefined) throw new AppError('bad_request:article', 'The version the edit started from is missing. Reload the editor.');
  if (input.baseVersion !== current.version) return conflict(db, id, input, text);
  try {
    if (input.intent === 'save' && current.status === 'published') {
      await writeDraft(db, { id, text, slug: input.slug, baseVersion: input.baseVersion, kind: 'draft', who });
    } else {
      const status = input.intent === 'publish' ? 'published' : input.intent === 'unpublish' ? 'draft' : undefined;
      await saveArticle(db, {
        ...text,
        ...who,
        id,
        slug: input.slug,
        status,
        expectedVersion: input.baseVersion,
        revisionKind: input.intent === 'publish' ? 'publish' : 'save',
        clearDraft: true,
      });
    }
  } catch (err) {
    // Another save committed between the check above and the row lock.
    if (err instanceof AppError && err.code === 'conflict:article') return conflict(db, id, input, text);
    throw err;
  }
  const article = (await getEditorArticle(db, { id }))!;
  return current.status === 'published' && article.slug !== current.slug ? { ok: true, article, movedFrom: current.slug } : { ok: true, article };
}

/** What the editor says when Publish is pressed on an article with nothing in its body. */
export const EMPTY_BODY_MESSAGE = 'The article body is empty. Write the article before publishing it, or Save draft.';

function cleanText(t: EditorText): EditorText {
  const body = normalizeLineEnds(t.body.replaceAll('\u0000', ''));
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    throw new AppError('bad_request:article', `The article body is larger than ${MAX_BODY_BYTES / 1024} KB. Split it into several articles.`);
  }
  return { title: t.title, summary: t.summary, body, categoryId: t.categoryId };
}

/** Stores a refused edit as a `conflict` revision (nothing lost) and answers with the current text. */
async function conflict(db: Db, id: number, input: EditorSaveInput, text: EditorText): Promise<EditorSaveResult> {
  const current = await getArticleRow(db, { id });
  if (!current) throw new AppError('not_found:article', 'Article not found');
  const [row] = await db
    .insert(articleRevisions)
    .values({
      articleId: id,
      version: input.baseVersion ?? current.version,
      baseVersion: input.baseVersion ?? null,
      kind: 'conflict',
      status: current.status,
      title: text.title.trim(),
      summary: text.summary.trim(),
      body: text.body,
      categoryId: text.categoryId,
      author: input.author.email,
      authorId: input.author.id,
    })
    .returning({ id: articleRevisions.id });
  return { ok: false, conflict: { theirs: (await getEditorArticle(db, { id }))!, yoursRevisionId: row.id } };
}

/**
 * A draft of a published article: a new revision the article points at; the live text, chunks and
 * search index stay as they are. A slug change applies at once (the old address redirects). A
 * draft identical to what the editor already shows (the pending draft, else the live text) is
 * not written.
 */
async function writeDraft(
  db: Db,
  args: { id: number; text: EditorText; slug?: string; baseVersion: number; kind: 'draft' | 'restore'; restoredVersion?: number; who: { author: string; authorId: number } },
): Promise<void> {
  const title = args.text.title.trim();
  if (!title) throw new AppError('bad_request:article', 'Title is required');
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [current] = await tx.select().from(articles).where(eq(articles.id, args.id)).for('update').limit(1);
    if (!current) throw new AppError('not_found:article', 'Article not found');
    if (current.version !== args.baseVersion) throw new AppError('conflict:article', 'This article was changed by someone else.');
    // The same rule as a save (saveArticle): a draft that could never be published is not written.
    if (args.text.categoryId !== null) await assertCategoryOfProduct(tx, args.text.categoryId, current.collection);
    // Saving the text that is already there (the live text with no draft pending, or the pending
    // draft itself) and the same slug changes nothing: no revision, same version.
    if (args.kind === 'draft' && (!args.slug || args.slug === current.slug)) {
      const [pending] = current.draftRevisionId ? await tx.select().from(articleRevisions).where(eq(articleRevisions.id, current.draftRevisionId)).limit(1) : [];
      const shown = pending ?? current;
      if (shown.title === title && shown.summary === args.text.summary.trim() && shown.body === args.text.body && shown.categoryId === args.text.categoryId) return;
    }
    const version = current.version + 1;
    const [rev] = await tx
      .insert(articleRevisions)
      .values({
        articleId: args.id,
        version,
        kind: args.kind,
        status: current.status,
        title,
        summary: args.text.summary.trim(),
        body: args.text.body,
        categoryId: args.text.categoryId,
        baseVersion: args.restoredVersion ?? null,
        ...args.who,
      })
      .returning({ id: articleRevisions.id });
    let slug = current.slug;
    if (args.slug && args.slug !== current.slug) {
      const [other] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, args.slug)).limit(1);
      if (other) throw new AppError('conflict:slug', `The slug "${args.slug}" is already used by another article`);
      slug = args.slug;
      await tx.delete(articleSlugHistory).where(eq(articleSlugHistory.slug, slug));
      await tx
        .insert(articleSlugHistory)
        .values({ slug: current.slug, articleId: args.id })
        .onConflictDoUpdate({ target: articleSlugHistory.slug, set: { articleId: args.id } });
    }
    await tx.update(articles).set({ version, draftRevisionId: rev.id, slug }).where(eq(articles.id, args.id));
  });
  // A slug change applies at once: the old address now redirects.
  revalidatePublicPages();
}

/**
 * Drops a published article's pending draft: the editor shows the live text again. The draft stays
 * in the history, and a `discard` revision (holding the live text) records the step.
 * @throws AppError `not_found:article`, `conflict:article` (stale base version),
 *   `bad_request:article` (no draft to discard).
 */
export async function discardDraft(db: Db, args: { id: number; baseVersion: number; author: EditorAuthor }): Promise<EditorArticleView> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [current] = await tx.select().from(articles).where(eq(articles.id, args.id)).for('update').limit(1);
    if (!current) throw new AppError('not_found:article', 'Article not found');
    if (current.version !== args.baseVersion) throw new AppError('conflict:article', 'This article was changed by someone else. Reload to see their changes.');
    if (!current.draftRevisionId) throw new AppError('bad_request:article', 'There is no draft to discard.');
    const version = current.version + 1;
    await tx.insert(articleRevisions).values({
      articleId: args.id,
      version,
      kind: 'discard',
      status: current.status,
      title: current.title,
      summary: current.summary,
      body: current.body,
      categoryId: current.categoryId,
      author: args.author.email,
      authorId: args.author.id,
    });
    await tx.update(articles).set({ version, draftRevisionId: null }).where(eq(articles.id, args.id));
  });
  return (await getEditorArticle(db, { id: args.id }))!;
}

/**
 * Brings back an older revision's text as a new revision (`restore`; nothing in between is lost).
 * A published article gets it as a draft (Publish makes it live); any other is written directly.
 * @throws AppError `not_found:revision`, `not_found:article`, `conflict:article` (stale base version).
 */
export async function restoreRevision(db: Db, args: { id: number; revisionId: number; baseVersion: number; author: EditorAuthor }): Promise<EditorArticleView> {
  const rev = await getRevision(db, { articleId: args.id, revisionId: args.revisionId });
  if (!rev) throw new AppError('not_found:revision', 'That revision does not exist.');
  const current = await getArticleRow(db, { id: args.id });
  if (!current) throw new AppError('not_found:article', 'Article not found');
  if (current.version !== args.baseVersion) throw new AppError('conflict:article', 'This article was changed since you opened its history. Reload and try again.');
  const text = { title: rev.title, summary: rev.summary, body: rev.body, categoryId: rev.categoryId };
  const who = { author: args.author.email, authorId: args.author.id };
  if (current.status === 'published') {
    await writeDraft(db, { id: args.id, text, baseVersion: args.baseVersion, kind: 'restore', restoredVersion: rev.version, who });
  } else {
    await saveArticle(db, { ...text, ...who, id: args.id, expectedVersion: args.baseVersion, revisionKind: 'restore', baseVersion: rev.version, clearDraft: true });
  }
  return (await getEditorArticle(db, { id: args.id }))!;
}

/**
 * Sets or clears the time an article (or its pending draft) goes live.
 * @param args.publishAt a UTC instant, or null to cancel.
 * @throws AppError `not_found:article`, `conflict:article` (stale base version),
 *   `bad_request:article` (archived, already published without a draft, or the text that would go
 *   live has an empty body).
 */
export async function scheduleArticle(db: Db, args: { id: number; baseVersion: number; publishAt: Date | null }): Promise<EditorArticleView> {
  const current = await getArticleRow(db, { id: args.id });
  if (!current) throw new AppError('not_found:article', 'Article not found');
  if (current.version !== args.baseVersion) throw new AppError('conflict:article', 'This article was changed by someone else. Reload to see their changes.');
  if (args.publishAt && current.status === 'archived') throw new AppError('bad_request:article', 'Unarchive the article before scheduling it.');
  if (args.publishAt && current.status === 'published' && !current.draftRevisionId) {
    throw new AppError('bad_request:article', 'This article is already live; save a draft to schedule its changes.');
  }
  // The text that would go live: the pending draft, else the article's own.
  if (args.publishAt && !hasVisibleText((await getEditorArticle(db, { id: args.id }))?.body ?? '')) {
    throw new AppError('bad_request:article', 'The article body is empty. Write the article before scheduling it.');
  }
  const updated = await db
    .update(articles)
    .set({ publishAt: args.publishAt })
    .where(and(eq(articles.id, args.id), eq(articles.version, args.baseVersion)))
    .returning({ id: articles.id });
  if (updated.length === 0) throw new AppError('conflict:article', 'This article was changed by someone else. Reload to see their changes.');
  return (await getEditorArticle(db, { id: args.id }))!;
}

/**
 * Archives (`archived`) or unarchives (back to `draft`) an article.
 * @throws AppError `not_found:article`, `conflict:article` (stale base version).
 */
export async function setArchived(db: Db, args: { id: number; archived: boolean; baseVersion?: number; author: EditorAuthor }): Promise<EditorArticleView> {
  await setArticleStatus(db, {
    id: args.id,
    status: args.archived ? 'archived' : 'draft',
    expectedVersion: args.baseVersion,
    author: args.author.email,
    authorId: args.author.id,
  });
  return (await getEditorArticle(db, { id: args.id }))!;
}

/**
 * Publishes every article whose scheduled time has come: a pending draft's text goes live, an
 * unpublished article is published. Each article is its own transaction; one that fails is logged
 * and tried again on the next run (its `publish_at` stays). One whose text to publish has an empty
 * body is not published and its schedule is cleared (logged).
 * @param args.now the moment to compare with (default: now).
 * @returns how many articles went live.
 */
export async function publishDueArticles(db: Db, args: { now?: Date } = {}): Promise<number> {
  const due = await listDueScheduled(db, { now: args.now ?? new Date() });
  let published = 0;
  for (const d of due) {
    try {
      const view = await getEditorArticle(db, { id: d.id });
      if (!view) continue;
      if (view.status === 'published' && !view.hasDraft) {
        await db.update(articles).set({ publishAt: null }).where(eq(articles.id, d.id));
        continue;
      }
      // Emptied after it was scheduled: it does not go live as an empty page, and the schedule is
      // dropped (the editor then shows it unscheduled) rather than retried every run.
      if (!hasVisibleText(view.body)) {
        console.warn(`[resolve] scheduled publish of article ${d.id} skipped: its body is empty; the schedule is cancelled`);
        await db.update(articles).set({ publishAt: null }).where(eq(articles.id, d.id));
        continue;
      }
      await saveArticle(db, {
        id: d.id,
        title: view.title,
        summary: view.summary,
        body: view.body,
        categoryId: view.categoryId,
        status: 'published',
        expectedVersion: d.version,
        revisionKind: 'publish',
        author: 'schedule',
        clearDraft: true,
      });
      published++;
    } catch (err) {
      console.error(`[resolve] scheduled publish of article ${d.id} failed; trying again on the next run`, err);
    }
  }
  return published;
}

/**
 * `publishDueArticles` behind a cheap check, for the start-up interval and the admin list: one
 * indexed query when nothing is due. Publishing revalidates the static pages (lib/page-cache.ts).
 * @returns how many articles went live (0 when none was due).
 */
export async function publishDueArticlesIfAny(db: Db, args: { now?: Date } = {}): Promise<number> {
  const now = args.now ?? new Date();
  if (!(await hasDueScheduled(db, { now }))) return 0;
  return publishDueArticles(db, { now });
}

/** How often the start-up interval looks for due articles, ms. */
export const SCHEDULE_INTERVAL_MS = 30_000;
