import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { articleChunks, articles } from '@/db/schema';
import { getArticleBySlug, listSameTitleArticles } from '@/db/queries/articles';
import { findSlugRedirect, getRevision, listRevisions } from '@/db/queries/revisions';
import { createStaffUser } from '@/lib/auth/users';
import { diffText, diffWords } from '@/lib/content/diff';
import { discardDraft, EMPTY_BODY_MESSAGE, getEditorArticle, publishDueArticles, restoreRevision, saveFromEditor, scheduleArticle, setArchived, type EditorAuthor } from '@/lib/content/editor';
import { importBundle, saveArticle, setArticleStatus } from '@/lib/content/save';
import { EMPTY_PUBLISH_MESSAGE } from '@/lib/content/title';
import { createCategory, listCategoriesForAdmin, moveCategory, renameCategory } from '@/db/queries/categories';
import { articleFormSchema, bodyBytes } from '@/app/(admin)/admin/articles/schema';
import { searchArticles } from '@/lib/search/hybrid';
import type { ImportBundle } from '@/lib/content/types';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
let alice: EditorAuthor;
let bob: EditorAuthor;
beforeAll(async () => {
  t = await createTestDatabase();
  alice = (await createStaffUser(t.db, { email: 'alice@example.com', role: 'editor', password: 'correct horse battery' })).user;
  bob = (await createStaffUser(t.db, { email: 'bob@example.com', role: 'editor', password: 'correct horse battery' })).user;
});
afterAll(async () => {
  await t?.close();
});

async function slugsFor(query: string): Promise<string[]> {
  return (await searchArticles(t.db, { query, limit: 10 })).results.map((r) => r.slug);
}

describe('editor saves: drafts, conflicts, history', () => {
  it('a save that changes nothing writes no revision and keeps the version (draft or live)', async () => {
    const created = await saveFromEditor(t.db, { title: 'Unchanged save', summary: '', body: 'Same text\n', categoryId: null, intent: 'publish', author: alice });
    if (!created.ok) throw new Error('create failed');
    const { id, version } = created.article;
    const before = (await listRevisions(t.db, { articleId: id })).length;
    const same = { id, title: 'Unchanged save', summary: '', body: 'Same text\n', categoryId: null, author: alice };
    for (const intent of ['save', 'publish'] as const) {
      const r = await saveFromEditor(t.db, { ...same, baseVersion: version, intent });
      expect(r.ok && r.article.version, intent).toBe(version);
    }
    expect((await listRevisions(t.db, { articleId: id })).length).toBe(before);
    // A real draft, then the same draft again: one revision.
    const draft = await saveFromEditor(t.db, { ...same, body: 'New text\n', baseVersion: version, intent: 'save' });
    if (!draft.ok) throw new Error('draft failed');
    const again = await saveFromEditor(t.db, { ...same, body: 'New text\n', baseVersion: draft.article.version, intent: 'save' });
    expect(again.ok && again.article.version).toBe(draft.article.version);
    expect((await listRevisions(t.db, { articleId: id })).length).toBe(before + 1);
  });

  it('Publish with an empty body is refused with a message naming the body; Save draft keeps it; publishing after writing works', async () => {
    const refusedNew = saveFromEditor(t.db, { title: 'Empty at first', summary: '', body: ' \n\u200B\n', categoryId: null, intent: 'publish', author: alice });
    await expect(refusedNew).rejects.toMatchObject({ code: 'bad_request:article', message: EMPTY_BODY_MESSAGE });
    const draft = await saveFromEditor(t.db, { title: 'Empty at first', summary: '', body: '', categoryId: null, intent: 'save', author: alice });
    if (!draft.ok) throw new Error('draft failed');
    expect(draft.article.status).toBe('draft');
    const { id, version } = draft.article;
    await expect(saveFromEditor(t.db, { id, baseVersion: version, title: 'Empty at first', summary: '', body: '', categoryId: null, intent: 'publish', author: alice })).rejects.toMatchObject({
      code: 'bad_request:article',
    });
    expect((await getEditorArticle(t.db, { id }))?.status).toBe('draft');
    const written = await saveFromEditor(t.db, {
      id,
      baseVersion: version,
      title: 'Empty at first',
      summary: '',
      body: 'Now it says something.\n',
      categoryId: null,
      intent: 'publish',
      author: alice,
    });
    expect(written.ok && written.article.status).toBe('published');
  });

  it('two saves from the same stale version: exactly one conflict, both texts in the history', async () => {
    const created = await saveFromEditor(t.db, { title: 'Shared article', summary: '', body: 'Original line\n', categoryId: null, intent: 'save', author: alice });
    if (!created.ok) throw new Error('create failed');
    const id = created.article.id;
    const base = created.article.version;
    const a = await saveFromEditor(t.db, { id, baseVersion: base, title: 'Shared article', summary: '', body: 'Alice wrote this\n', categoryId: null, intent: 'save', author: alice });
    const b = await saveFromEditor(t.db, { id, baseVersion: base, title: 'Shared article', summary: '', body: 'Bob wrote that\n', categoryId: null, intent: 'save', author: bob });
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(false);
    if (b.ok) return;
    // The conflict answers with their (Alice's) text, and Bob's text is kept as a revision.
    expect(b.conflict.theirs.body).toBe('Alice wrote this\n');
    expect(b.conflict.theirs.version).toBe(base + 1);
    const refused = await getRevision(t.db, { articleId: id, revisionId: b.conflict.yoursRevisionId });
    expect(refused).toMatchObject({ kind: 'conflict', body: 'Bob wrote that\n', author: 'bob@example.com', baseVersion: base });
    const history = await listRevisions(t.db, { articleId: id });
    expect(history.map((h) => [h.kind, h.author])).toEqual([
      ['conflict', 'bob@example.com'],
      ['save', 'alice@example.com'],
      ['save', 'alice@example.com'],
    ]);
    const [row] = await t.db.select().from(articles).where(eq(articles.id, id));
    expect(row.body).toBe('Alice wrote this\n');
    // Resolving: Bob saves again from the current version and both texts are in the article.
    const resolved = await saveFromEditor(t.db, {
      id,
      baseVersion: b.conflict.theirs.version,
      title: 'Shared article',
      summary: '',
      body: 'Alice wrote this\nBob wrote that\n',
      categoryId: null,
      intent: 'save',
      author: bob,
    });
    expect(resolved.ok).toBe(true);
  });

  it('concurrent stale saves (same moment): one wins, one conflict, no text lost', async () => {
    const created = await saveFromEditor(t.db, { title: 'Race article', summary: '', body: 'start', categoryId: null, intent: 'save', author: alice });
    if (!created.ok) throw new Error('create failed');
    const { id, version } = created.article;
    const results = await Promise.all([
      saveFromEditor(t.db, { id, baseVersion: version, title: 'Race article', summary: '', body: 'from alice', categoryId: null, intent: 'save', author: alice }),
      saveFromEditor(t.db, { id, baseVersion: version, title: 'Race article', summary: '', body: 'from bob', categoryId: null, intent: 'save', author: bob }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toHaveLength(1);
    const bodies = (await Promise.all((await listRevisions(t.db, { articleId: id })).map((h) => getRevision(t.db, { articleId: id, revisionId: h.id })))).map((r) => r?.body);
    expect(bodies).toContain('from alice');
    expect(bodies).toContain('from bob');
  });

  it('a draft of a published article changes neither the live page nor search until Publish', async () => {
    const created = await saveFromEditor(t.db, {
      title: 'Configure webhooks',
      summary: 'Send events',
      body: '## Endpoint\n\nPoint the webhook at your endpoint URL.\n',
      categoryId: null,
      intent: 'publish',
      author: alice,
    });
    if (!created.ok) throw new Error('create failed');
    const { id, slug } = created.article;
    expect(await slugsFor('webhook endpoint')).toContain(slug);
    expect(await slugsFor('zanzibar')).not.toContain(slug);
    const chunksBefore = await t.db.select({ content: articleChunks.content }).from(articleChunks).where(eq(articleChunks.articleId, id));

    const draft = await saveFromEditor(t.db, {
      id,
      baseVersion: created.article.version,
      title: 'Configure webhooks',
      summary: 'Send events',
      body: '## Endpoint\n\nZanzibar signing secrets rotate daily.\n',
      categoryId: null,
      intent: 'save',
      author: bob,
    });
    expect(draft.ok && draft.article.hasDraft).toBe(true);
    // Live text, chunks and search: unchanged.
    expect((await getArticleBySlug(t.db, { slug }))?.body).toContain('Point the webhook');
    expect(await t.db.select({ content: articleChunks.content }).from(articleChunks).where(eq(articleChunks.articleId, id))).toEqual(chunksBefore);
    expect(await slugsFor('zanzibar')).not.toContain(slug);
    // The editor opens the draft.
    const view = await getEditorArticle(t.db, { id });
    expect(view).toMatchObject({ hasDraft: true, status: 'published' });
    expect(view?.body).toContain('Zanzibar');

    // Provenance names the live text's revision, not the draft's.
    const hit = (await searchArticles(t.db, { query: 'webhook endpoint', limit: 10 })).results.find((r) => r.slug === slug);
    expect(hit?.articleVersion).toBe(created.article.version);
    expect(view?.version).toBe(created.article.version + 1);
    const published = await saveFromEditor(t.db, { id, baseVersion: view!.version, title: view!.title, summary: view!.summary, body: view!.body, categoryId: null, intent: 'publish', author: bob });
    expect(published.ok && published.article.hasDraft).toBe(false);
    expect((await getArticleBySlug(t.db, { slug }))?.body).toContain('Zanzibar');
    expect(await slugsFor('zanzibar')).toContain(slug);
    const after = (await searchArticles(t.db, { query: 'zanzibar', limit: 10 })).results.find((r) => r.slug === slug);
    expect(after?.articleVersion).toBe(view!.version + 1);
    expect((await getRevision(t.db, { articleId: id, revisionId: (await listRevisions(t.db, { articleId: id }))[0].id }))?.body).toContain('Zanzibar');
  });

  it("refuses another product's category for a draft of a published article as for a save: no draft that could never be published", async () => {
    const home = await createCategory(t.db, { name: 'Home', slug: 'home-move', collection: 'movedocs' });
    const away = await createCategory(t.db, { name: 'Away', slug: 'away-move', collection: 'otherdocs' });
    const created = await saveFromEditor(t.db, { title: 'Mover', summary: '', body: 'Text\n', categoryId: home.id, intent: 'publish', author: alice });
    if (!created.ok) throw new Error('create failed');
    const { id, version } = created.article;
    expect(created.article.collection).toBe('movedocs');
    const before = (await listRevisions(t.db, { articleId: id })).length;
    const move = { id, baseVersion: version, title: 'Mover', summary: '', body: 'Text\n', categoryId: away.id, author: alice };
    for (const intent of ['save', 'publish'] as const) await expect(saveFromEditor(t.db, { ...move, intent })).rejects.toMatchObject({ code: 'conflict:category' });
    const now = (await getEditorArticle(t.db, { id }))!;
    expect([now.version, now.hasDraft, now.categoryId, (await listRevisions(t.db, { articleId: id })).length]).toEqual([version, false, home.id, before]);
    // Within the product, or to no category, a draft is written.
    const ok = await saveFromEditor(t.db, { ...move, categoryId: null, intent: 'save' });
    expect(ok.ok && ok.article.hasDraft).toBe(true);
  });

  it('discarding a draft brings back the live text and keeps the draft in the history', async () => {
    const created = await saveFromEditor(t.db, { title: 'Discard me', summary: '', body: 'live text', categoryId: null, intent: 'publish', author: alice });
    if (!created.ok) throw new Error('create failed');
    const d = await saveFromEditor(t.db, {
      id: created.article.id,
      baseVersion: created.article.version,
      title: 'Discard me',
      summary: '',
      body: 'draft text',
      categoryId: null,
      intent: 'save',
      author: alice,
    });
    if (!d.ok) throw new Error('draft failed');
    const after = await discardDraft(t.db, { id: d.article.id, baseVersion: d.article.version, author: alice });
    expect(after).toMatchObject({ hasDraft: false, body: 'live text' });
    const kinds = (await listRevisions(t.db, { articleId: after.id })).map((r) => r.kind);
    expect(kinds).toEqual(['discard', 'draft', 'publish']);
  });

  it('diffs two revisions and restores an older one as a new revision', async () => {
    const created = await saveFromEditor(t.db, { title: 'Restore test', summary: '', body: 'one\ntwo\nthree\n', categoryId: null, intent: 'save', author: alice });
    if (!created.ok) throw new Error('create failed');
    const id = created.article.id;
    const v2 = await saveFromEditor(t.db, { id, baseVersion: 1, title: 'Restore test', summary: '', body: 'one\n2\nthree\nfour\n', categoryId: null, intent: 'save', author: bob });
    if (!v2.ok) throw new Error('save failed');
    const [second, first] = await listRevisions(t.db, { articleId: id });
    const a = await getRevision(t.db, { articleId: id, revisionId: first.id });
    const b = await getRevision(t.db, { articleId: id, revisionId: second.id });
    const diff = diffText(a!.body, b!.body);
    expect(diff.added).toBe(2);
    expect(diff.removed).toBe(1);
    const lines = diff.blocks.flatMap((bl) => (bl.kind === 'lines' ? bl.lines : []));
    expect(lines.map((l) => [l.type, l.text])).toEqual([
      ['same', 'one'],
      ['removed', 'two'],
      ['added', '2'],
      ['same', 'three'],
      ['added', 'four'],
    ]);
    expect(lines[2].words).toEqual([{ type: 'added', text: '2' }]);
    expect(diffWords('Reset password', 'Reset your password')).toEqual([
      { type: 'same', text: 'Reset ' },
      { type: 'added', text: 'your ' },
      { type: 'same', text: 'password' },
    ]);

    const restored = await restoreRevision(t.db, { id, revisionId: first.id, baseVersion: 2, author: alice });
    expect(restored).toMatchObject({ version: 3, body: 'one\ntwo\nthree\n' });
    const history = await listRevisions(t.db, { articleId: id });
    expect(history.map((h) => [h.version, h.kind, h.baseVersion])).toEqual([
      [3, 'restore', 1],
      [2, 'save', null],
      [1, 'save', null],
    ]);
    // Nothing lost: version 2's text is still there.
    expect((await getRevision(t.db, { articleId: id, revisionId: second.id }))?.body).toBe('one\n2\nthree\nfour\n');
    // A stale restore is refused.
    await expect(restoreRevision(t.db, { id, revisionId: second.id, baseVersion: 2, author: alice })).rejects.toMatchObject({ code: 'conflict:article' });
  });

  it('stores CRLF and CR bodies with LF line ends, so a reload compares equal', async () => {
    const created = await saveFromEditor(t.db, { title: 'Line ends', summary: '', body: 'a\r\nb\rc\n', categoryId: null, intent: 'save', author: alice });
    if (!created.ok) throw new Error('create failed');
    expect(created.article.body).toBe('a\nb\nc\n');
    const direct = await saveArticle(t.db, { title: 'Line ends 2', body: 'x\r\ny' });
    expect((await getArticleBySlug(t.db, { slug: direct.slug, includeDrafts: true }))?.body).toBe('x\ny');
  });

  it('measures the body limit on the stored (LF) text and refuses over it with a clear message', async () => {
    // 512 KiB exactly with LF line ends; the same text with CRLF would be larger.
    const line = `${'x'.repeat(1023)}\n`;
    const atLimit = line.repeat(512);
    expect(Buffer.byteLength(atLimit)).toBe(512 * 1024);
    const ok = await saveFromEditor(t.db, { title: 'At the limit', summary: '', body: atLimit.replace(/\n/g, '\r\n'), categoryId: null, intent: 'save', author: alice });
    expect(ok.ok).toBe(true);
    await expect(saveFromEditor(t.db, { title: 'Too large', summary: '', body: `${atLimit}y`, categoryId: null, intent: 'save', author: alice })).rejects.toMatchObject({
      code: 'bad_request:article',
      message: 'The article body is larger than 512 KB. Split it into several articles.',
    });
    await expect(saveFromEditor(t.db, { title: 'Far too large', summary: '', body: 'é'.repeat(800 * 1024), categoryId: null, intent: 'save', author: alice })).rejects.toMatchObject({
      code: 'bad_request:article',
    });
  });
});

describe('schedule, archive, slug history', () => {
  it('publishes a scheduled article when its time comes, not before', async () => {
    const created = await saveFromEditor(t.db, { title: 'Launch notes', summary: '', body: 'Quasar launch checklist.', categoryId: null, intent: 'save', author: alice });
    if (!created.ok) throw new Error('create failed');
    const when = new Date('2030-01-02T09:30:00Z');
    const scheduled = await scheduleArticle(t.db, { id: created.article.id, baseVersion: created.article.version, publishAt: when });
    expect(scheduled.publishAt).toBe('2030-01-02T09:30:00.000Z');
    expect(await publishDueArticles(t.db, { now: new Date('2030-01-02T09:29:59Z') })).toBe(0);
    expect((await getEditorArticle(t.db, { id: created.article.id }))?.status).toBe('draft');
    expect(await slugsFor('quasar')).not.toContain(created.article.slug);
    expect(await publishDueArticles(t.db, { now: new Date('2030-01-02T09:30:00Z') })).toBe(1);
    const after = await getEditorArticle(t.db, { id: created.article.id });
    expect(after).toMatchObject({ status: 'published', publishAt: null });
    expect(await slugsFor('quasar')).toContain(created.article.slug);
  });

  it('a scheduled draft of a published article goes live at its time', async () => {
    const created = await saveFromEditor(t.db, { title: 'Pricing page', summary: '', body: 'Old prices.', categoryId: null, intent: 'publish', author: alice });
    if (!created.ok) throw new Error('create failed');
    await expect(scheduleArticle(t.db, { id: created.article.id, baseVersion: created.article.version, publishAt: new Date('2030-01-01T00:00:00Z') })).rejects.toMatchObject({
      code: 'bad_request:article',
    });
    const draft = await saveFromEditor(t.db, {
      id: created.article.id,
      baseVersion: created.article.version,
      title: 'Pricing page',
      summary: '',
      body: 'New prices.',
      categoryId: null,
      intent: 'save',
      author: alice,
    });
    if (!draft.ok) throw new Error('draft failed');
    await scheduleArticle(t.db, { id: draft.article.id, baseVersion: draft.article.version, publishAt: new Date('2030-01-01T00:00:00Z') });
    expect((await getArticleBySlug(t.db, { slug: created.article.slug }))?.body).toBe('Old prices.');
    expect(await publishDueArticles(t.db, { now: new Date('2030-01-01T00:00:01Z') })).toBe(1);
    expect((await getArticleBySlug(t.db, { slug: created.article.slug }))?.body).toBe('New prices.');
    expect((await getEditorArticle(t.db, { id: created.article.id }))?.hasDraft).toBe(false);
  });

  it('an empty body is not scheduled, and one emptied after scheduling does not go live: its schedule is dropped', async () => {
    const empty = await saveFromEditor(t.db, { title: 'Nothing yet', summary: '', body: '\u200B\n', categoryId: null, intent: 'save', author: alice });
    if (!empty.ok) throw new Error('create failed');
    await expect(scheduleArticle(t.db, { id: empty.article.id, baseVersion: empty.article.version, publishAt: new Date('2030-03-01T00:00:00Z') })).rejects.toMatchObject({
      code: 'bad_request:article',
      message: 'The article body is empty. Write the article before scheduling it.',
    });
    const created = await saveFromEditor(t.db, { title: 'Emptied later', summary: '', body: 'Zephyr release notes.', categoryId: null, intent: 'save', author: alice });
    if (!created.ok) throw new Error('create failed');
    const scheduled = await scheduleArticle(t.db, { id: created.article.id, baseVersion: created.article.version, publishAt: new Date('2030-03-01T00:00:00Z') });
    const emptied = await saveFromEditor(t.db, {
      id: created.article.id,
      baseVersion: scheduled.version,
      title: 'Emptied later',
      summary: '',
      body: '  \n',
      categoryId: null,
      intent: 'save',
      author: alice,
    });
    if (!emptied.ok) throw new Error('save failed');
    expect(emptied.article.publishAt).toBe('2030-03-01T00:00:00.000Z');
    expect(await publishDueArticles(t.db, { now: new Date('2030-03-01T00:00:01Z') })).toBe(0);
    expect(await getEditorArticle(t.db, { id: created.article.id })).toMatchObject({ status: 'draft', publishAt: null });
  });

  it('archiving a published article with a draft keeps the draft text for the editor', async () => {
    const created = await saveFromEditor(t.db, { title: 'Archive with draft', summary: '', body: 'live', categoryId: null, intent: 'publish', author: alice });
    if (!created.ok) throw new Error('create failed');
    const d = await saveFromEditor(t.db, {
      id: created.article.id,
      baseVersion: created.article.version,
      title: 'Archive with draft',
      summary: '',
      body: 'newer work',
      categoryId: null,
      intent: 'save',
      author: alice,
    });
    if (!d.ok) throw new Error('draft failed');
    const archived = await setArchived(t.db, { id: d.article.id, archived: true, baseVersion: d.article.version, author: alice });
    expect(archived).toMatchObject({ status: 'archived', hasDraft: false, body: 'newer work' });
  });

  it('archives and unarchives', async () => {
    const created = await saveFromEditor(t.db, { title: 'Old feature', summary: '', body: 'Gone.', categoryId: null, intent: 'publish', author: alice });
    if (!created.ok) throw new Error('create failed');
    const archived = await setArchived(t.db, { id: created.article.id, archived: true, baseVersion: created.article.version, author: alice });
    expect(archived.status).toBe('archived');
    expect(await getArticleBySlug(t.db, { slug: created.article.slug })).toBeNull();
    const back = await setArchived(t.db, { id: created.article.id, archived: false, baseVersion: archived.version, author: bob });
    expect(back.status).toBe('draft');
    expect((await listRevisions(t.db, { articleId: created.article.id }))[0]).toMatchObject({ kind: 'status', status: 'draft', author: 'bob@example.com' });
  });

  it('a renamed slug redirects until a new article takes the old slug', async () => {
    const created = await saveFromEditor(t.db, { title: 'Billing basics', summary: '', body: 'About billing.', categoryId: null, intent: 'publish', author: alice });
    if (!created.ok) throw new Error('create failed');
    expect(created.article.slug).toBe('billing-basics');
    const renamed = await saveFromEditor(t.db, {
      id: created.article.id,
      baseVersion: created.article.version,
      slug: 'billing-guide',
      title: 'Billing basics',
      summary: '',
      body: 'About billing.',
      categoryId: null,
      intent: 'publish',
      author: alice,
    });
    expect(renamed.ok && renamed.article.slug).toBe('billing-guide');
    expect(await findSlugRedirect(t.db, { slug: 'billing-basics', publishedOnly: true })).toBe('billing-guide');
    expect(await findSlugRedirect(t.db, { slug: 'billing-guide' })).toBeNull();
    // Renamed again: the first slug follows to the newest.
    if (!renamed.ok) return;
    const again = await saveFromEditor(t.db, {
      id: renamed.article.id,
      baseVersion: renamed.article.version,
      slug: 'billing-handbook',
      title: 'Billing basics',
      summary: '',
      body: 'About billing.',
      categoryId: null,
      intent: 'save',
      author: alice,
    });
    expect(again.ok).toBe(true);
    // A draft save of a live article still moves its address at once, and says from where.
    expect(again.ok && again.movedFrom).toBe('billing-guide');
    expect(renamed.movedFrom).toBe('billing-basics');
    expect(await findSlugRedirect(t.db, { slug: 'billing-basics' })).toBe('billing-handbook');
    expect(await findSlugRedirect(t.db, { slug: 'billing-guide' })).toBe('billing-handbook');
    // A new article named like the old one takes the slug: no more redirect.
    const newer = await saveFromEditor(t.db, { title: 'Billing basics', summary: '', body: 'A new article.', categoryId: null, intent: 'publish', author: bob });
    expect(newer.ok && newer.article.slug).toBe('billing-basics');
    expect(await findSlugRedirect(t.db, { slug: 'billing-basics' })).toBeNull();
    expect(await findSlugRedirect(t.db, { slug: 'billing-guide' })).toBe('billing-handbook');
  });
});

describe('editor form and categories', () => {
  it('the form measures the body as the server does: LF-normalized UTF-8 bytes', () => {
    const lf = `${'é'.repeat(511)}x\n`.repeat(512); // 1,024 bytes a line
    const crlf = lf.replace(/\n/g, '\r\n');
    expect(bodyBytes(crlf)).toBe(512 * 1024);
    const ok = articleFormSchema.safeParse({ title: 'x', body: crlf, categoryId: '' });
    expect(ok.success && ok.data.body).toBe(lf);
    const over = articleFormSchema.safeParse({ title: 'x', body: `${crlf}!`, categoryId: '' });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0].message).toBe('The article body is larger than 512 KB. Split it into several articles.');
    expect(articleFormSchema.safeParse({ title: 'x', body: '', categoryId: '', slug: 'Bad Slug' }).success).toBe(false);
  });

  it('the save layer itself keeps an empty body from going live: save, status change and import', async () => {
    await expect(saveArticle(t.db, { title: 'Blank by the save path', body: ' \n\u200B', status: 'published' })).rejects.toMatchObject({
      code: 'bad_request:article',
      message: EMPTY_PUBLISH_MESSAGE,
    });
    const draft = await saveArticle(t.db, { title: 'Blank draft by the save path', body: '' });
    expect(draft.status).toBe('draft');
    await expect(setArticleStatus(t.db, { id: draft.id, status: 'published' })).rejects.toMatchObject({ code: 'bad_request:article', message: EMPTY_PUBLISH_MESSAGE });
    const live = await saveArticle(t.db, { title: 'Live by the save path', body: 'Words.', status: 'published' });
    await expect(saveArticle(t.db, { id: live.id, title: 'Live by the save path', body: '' })).rejects.toMatchObject({ message: /unpublish it first/ });
    // Unpublished first, it may be emptied.
    await setArticleStatus(t.db, { id: live.id, status: 'draft' });
    expect((await saveArticle(t.db, { id: live.id, title: 'Live by the save path', body: '' })).status).toBe('draft');
    // An upstream page with a title and nothing under it is reported, not published empty; the rest imports.
    const report = await importBundle(
      t.db,
      {
        collection: 'blank-docs',
        license: null,
        attribution: null,
        categories: [],
        articles: [
          { sourceId: 'blank-docs/title-only.md', slug: 'blank-title-only', title: 'Title only', summary: '', body: '\n', categorySlug: null, sourceUrl: null, position: 0 },
          { sourceId: 'blank-docs/real.md', slug: 'blank-real', title: 'Real page', summary: '', body: 'Real text.', categorySlug: null, sourceUrl: null, position: 1 },
        ],
        failures: [],
      },
      { keepSample: true },
    );
    expect(report.imported).toBe(1);
    expect(report.failed).toEqual([{ sourceId: 'blank-docs/title-only.md', reason: EMPTY_PUBLISH_MESSAGE }]);
    expect(await t.db.select({ id: articles.id }).from(articles).where(eq(articles.slug, 'blank-title-only'))).toEqual([]);
  });

  it("names the other articles of the same product with the same title (case and spaces aside), not archived ones or another product's", async () => {
    const first = await saveArticle(t.db, { title: 'Refund a payment', body: 'One.', status: 'published', collection: 'dupdocs' });
    const second = await saveArticle(t.db, { title: '  refund   a PAYMENT ', body: 'Two.', collection: 'dupdocs' });
    const archived = await saveArticle(t.db, { title: 'Refund a payment', body: 'Three.', status: 'published', collection: 'dupdocs' });
    await setArticleStatus(t.db, { id: archived.id, status: 'archived' });
    await saveArticle(t.db, { title: 'Refund a payment', body: 'Elsewhere.', status: 'published', collection: 'otherdupdocs' });
    await saveArticle(t.db, { title: 'Refund a payment later', body: 'Not the same.', status: 'published', collection: 'dupdocs' });
    expect(await listSameTitleArticles(t.db, { title: 'Refund a payment', collection: 'dupdocs', excludeId: second.id })).toEqual([{ id: first.id, title: 'Refund a payment', status: 'published' }]);
    expect(await listSameTitleArticles(t.db, { title: 'Refund a payment', collection: 'dupdocs', excludeId: first.id })).toEqual([{ id: second.id, title: 'refund   a PAYMENT', status: 'draft' }]);
    expect(await listSameTitleArticles(t.db, { title: 'Refund a payment later', collection: 'dupdocs', excludeId: first.id })).toHaveLength(1);
    expect(await listSameTitleArticles(t.db, { title: '   ', collection: 'dupdocs', excludeId: first.id })).toEqual([]);
  });

  it('re-importing an unchanged CRLF file skips it (hash of the stored LF text)', async () => {
    const bundle: ImportBundle = {
      collection: 'crlf-docs',
      license: null,
      attribution: null,
      categories: [],
      articles: [{ sourceId: 'crlf-docs/a.md', slug: 'crlf-a', title: 'CRLF file', summary: '', body: 'one\r\ntwo\r\n', categorySlug: null, sourceUrl: null, position: 0 }],
      failures: [],
    };
    expect((await importBundle(t.db, bundle, { keepSample: true })).imported).toBe(1);
    expect((await importBundle(t.db, bundle, { keepSample: true })).skipped).toBe(1);
  });

  it('creates, renames and reorders categories within a product', async () => {
    const a = await createCategory(t.db, { name: 'Alpha', slug: 'alpha', collection: 'catdocs' });
    const b = await createCategory(t.db, { name: 'Beta', slug: 'beta', collection: 'catdocs' });
    const c = await createCategory(t.db, { name: 'Gamma', slug: 'alpha', collection: 'catdocs' });
    expect(c.slug).toBe('alpha-2');
    const names = async () => (await listCategoriesForAdmin(t.db)).filter((x) => x.collection === 'catdocs').map((x) => x.name);
    expect(await names()).toEqual(['Alpha', 'Beta', 'Gamma']);
    await renameCategory(t.db, { id: b.id, name: 'Beta two' });
    await moveCategory(t.db, { id: c.id, direction: 'up' });
    expect(await names()).toEqual(['Alpha', 'Gamma', 'Beta two']);
    await moveCategory(t.db, { id: a.id, direction: 'up' }); // already first: no change
    await moveCategory(t.db, { id: a.id, direction: 'down' });
    expect(await names()).toEqual(['Gamma', 'Alpha', 'Beta two']);
    await expect(renameCategory(t.db, { id: 999_999, name: 'x' })).rejects.toMatchObject({ code: 'not_found:category' });
    // One product, one category per name; another product may have its own.
    await expect(createCategory(t.db, { name: ' alpha ', slug: 'alpha', collection: 'catdocs' })).rejects.toMatchObject({ code: 'conflict:category' });
    expect((await createCategory(t.db, { name: 'Alpha', slug: 'alpha', collection: 'otherdocs' })).slug).toBe('alpha-3');
  });

  it('counts each category’s own articles', async () => {
    const x = await createCategory(t.db, { name: 'Counted', slug: 'counted', collection: 'countdocs' });
    const y = await createCategory(t.db, { name: 'Empty', slug: 'empty', collection: 'countdocs' });
    for (const title of ['One', 'Two', 'Three']) await saveArticle(t.db, { title: `Counted ${title}`, body: 'Text.', categoryId: x.id, status: 'published' });
    const counts = (await listCategoriesForAdmin(t.db)).filter((c) => c.collection === 'countdocs').map((c) => [c.name, c.articleCount]);
    expect(counts).toEqual([
      ['Counted', 3],
      ['Empty', 0],
    ]);
    expect(y.slug).toBe('empty');
  });
});
