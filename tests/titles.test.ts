/**
 * Title rules (issue 11): a title of only whitespace / zero-width characters is refused in the
 * editor form, the save pipeline and the import; new articles get readable slugs from titles in
 * emoji and non-Latin scripts; existing slugs stay; NUL characters are stripped. Real database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { articleFormSchema, fieldErrorsOf } from '@/app/(admin)/admin/articles/schema';
import { articles } from '@/db/schema';
import { readDocsFolder } from '@/lib/content/import';
import { importBundle, saveArticle } from '@/lib/content/save';
import { slugify } from '@/lib/content/slug';
import { INVISIBLE_TITLE_MESSAGE, slugFieldValue } from '@/lib/content/title';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const ZW_ONLY = ['\u200B\u200B\u200B', ' \u200C \u200D ', '\uFEFF', '\u2060\u00A0\u200B', '   '];

describe('titles with nothing visible', () => {
  it.each(ZW_ONLY.map((s) => [JSON.stringify(s), s]))('the editor form refuses %s with a clear message', (_label, title) => {
    const parsed = articleFormSchema.safeParse({ title, body: 'Text', categoryId: '' });
    expect(parsed.success).toBe(false);
    expect(fieldErrorsOf(parsed.error!).title).toMatch(/Title is required|no visible characters/);
  });

  it('the save pipeline refuses a zero-width title as a bad request naming the problem', async () => {
    await expect(saveArticle(t.db, { title: '\u200B\u200B\u200B', body: 'Some text.' })).rejects.toMatchObject({
      code: 'bad_request:article',
      message: INVISIBLE_TITLE_MESSAGE,
    });
  });

  it('an import lists a file whose title is only zero-width characters as failed, with the reason', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-titles-'));
    try {
      const root = path.join(base, 'zw-docs');
      fs.mkdirSync(root);
      fs.writeFileSync(path.join(root, 'ghost.md'), '---\ntitle: "\u200B\u200B"\n---\n\nBody text.\n');
      fs.writeFileSync(path.join(root, 'real.md'), '# Real page\n\nBody.\n');
      const report = await importBundle(t.db, await readDocsFolder(root));
      expect(report.imported).toBe(1);
      expect(report.failed).toEqual([{ sourceId: 'zw-docs/ghost.md', reason: INVISIBLE_TITLE_MESSAGE }]);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe('slugs from titles', () => {
  it.each([
    ['How do I refund?', 'how-do-i-refund'],
    ['🚀 Launch day', 'rocket-launch-day'],
    ['Привет мир', 'privet-mir'],
    ['如何退款', 'ru-he-tui-kuan'],
    ['Ελληνικά', 'ellinika'],
    ['Crème brûlée', 'creme-brulee'],
    ['!!!', 'article'],
    ['<script>alert(1)</script> Refunds', 'script-alert-1-refunds'],
    ['<span class="x">Payouts</span> <br/>FAQ', 'payouts-faq'],
    ['Use Array<string> types', 'use-array-string-types'],
    ['<b>Bold</b> payouts', 'bold-payouts'],
    ['Why is 2 < 3 and 5 > 4', 'why-is-2-3-and-5-4'],
    [`${'refund '.repeat(11)}customers`, 'refund-'.repeat(11).slice(0, -1)],
    ['a'.repeat(90), 'a'.repeat(80)],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('new articles get readable slugs; an existing article keeps its slug when its title changes', async () => {
    const rocket = await saveArticle(t.db, { title: '🚀 Launch day', body: 'We launch.' });
    const russian = await saveArticle(t.db, { title: 'Привет мир', body: 'Текст.' });
    const again = await saveArticle(t.db, { title: 'Привет мир', body: 'Ещё.' });
    const nothing = await saveArticle(t.db, { title: '???', body: 'x' });
    expect([rocket.slug, russian.slug, again.slug, nothing.slug]).toEqual(['rocket-launch-day', 'privet-mir', 'privet-mir-2', 'article']);
    const renamed = await saveArticle(t.db, { id: rocket.id, title: '如何退款', body: 'We launch.' });
    expect(renamed.slug).toBe('rocket-launch-day');
  });

  it('NUL characters are stripped from titles, summaries and bodies', async () => {
    const saved = await saveArticle(t.db, { title: 'Nul\u0000 title', summary: 'S\u0000um', body: 'Bo\u0000dy' });
    const [row] = await t.db.select().from(articles).where(eq(articles.id, saved.id));
    expect([row.title, row.summary, row.body]).toEqual(['Nul title', 'Sum', 'Body']);
    expect(saved.slug).toBe('nul-title');
  });
});

describe('the editor address field (slugFieldValue)', () => {
  it('lowercases and turns spaces and underscores into hyphens as you type, and tidies the ends when the field is left', () => {
    expect(slugFieldValue('UPPER Case  spaces')).toBe('upper-case-spaces');
    expect(slugFieldValue('refund ')).toBe('refund-');
    expect(slugFieldValue('refund ', true)).toBe('refund');
    expect(slugFieldValue(' -my__page--two- ', true)).toBe('my-page-two');
    // Characters a slug may not hold are left for the save's message.
    expect(slugFieldValue('Café', true)).toBe('café');
  });
});
