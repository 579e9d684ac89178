/**
 * Ranking holes found in trials, each pinned by the ranked results it must give: on the bundled
 * sample content (a fictional payments company, plus a few articles saved here) and on the three
 * real corpora (Polar, Spree and BTCPay docs from ../shared/corpus, imported once into a scratch
 * database: PGlite, or the server in DATABASE_URL).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@/db/client';
import { rewriteChunkSearch } from '@/db/queries/search-index';
import { readDocsFolder } from '@/lib/content/import';
import { seedIfEmpty } from '@/lib/content/sample';
import { importBundle, saveArticle } from '@/lib/content/save';
import { searchArticles } from '@/lib/search/hybrid';
import { ANALYZER_VERSION, reindexStaleChunks } from '@/lib/search/indexing';
import { makeSnippet } from '@/lib/search/snippet';
import { indexText } from '@/lib/search/tokens';
import { createTestDatabase, type TestDb } from './helpers/db';

const corpusDir = process.env.RESOLVE_CORPUS_DIR ?? path.resolve(process.cwd(), '../shared/corpus');

const slugs = (res: { results: { slug: string }[] }) => res.results.map((r) => r.slug);
const sources = (res: { results: { source: { sourceId: string | null } }[] }) => res.results.map((r) => r.source.sourceId);

let sample: TestDb;
let corpora: TestDb;
beforeAll(async () => {
  sample = await createTestDatabase();
  await seedIfEmpty(sample.db);
  corpora = await createTestDatabase();
  for (const name of ['polar-docs', 'spree-user-docs', 'btcpay-docs']) {
    const report = await importBundle(corpora.db, await readDocsFolder(path.join(corpusDir, name)));
    expect(report.failed).toEqual([]);
  }
});
afterAll(async () => {
  await sample?.close();
  await corpora?.close();
});

describe('a typo inside a longer query ranks by the corrected words', () => {
  it('sample: "how do i refnud an order" ranks refund articles first, as "how do i refund an order" does', async () => {
    const typo = await searchArticles(sample.db, { query: 'how do i refnud an order', limit: 5 });
    const fixed = await searchArticles(sample.db, { query: 'how do i refund an order', limit: 5 });
    expect(typo.didYouMean).toBe('how do i refund an order');
    expect(slugs(typo)[0]).toBe(slugs(fixed)[0]);
    for (const r of typo.results.slice(0, 2)) expect(r.title).toMatch(/refund/i);
    expect(slugs(typo).slice(0, 3)).not.toContain('dispute-evidence');
  });

  it('sample, while typing: the palette gets "did you mean" and the same first result', async () => {
    const typing = await searchArticles(sample.db, { query: 'how do i refnud an order', prefix: true, limit: 5 });
    expect(typing.didYouMean).toBe('how do i refund an order');
    expect(typing.results[0]?.title).toMatch(/refund/i);
    const lastWord = await searchArticles(sample.db, { query: 'how do i refnud', prefix: true, limit: 5 });
    expect(lastWord.didYouMean).toBe('how do i refund');
    expect(lastWord.results[0]?.title).toMatch(/refund/i);
  });

  it('Spree: "how do i refnud an order" → Refunding Orders first, not Creating Orders', async () => {
    const res = await searchArticles(corpora.db, { query: 'how do i refnud an order', collection: 'spree-user-docs', limit: 5 });
    expect(res.didYouMean).toBe('how do i refund an order');
    expect(sources(res)[0]).toBe('spree-user-docs/docs/user/orders/refunding-orders.mdx');
  });

  it('sample: "subscripton cancel" → the subscription article (which says how to cancel one) first, not "Cancel a refund"', async () => {
    const res = await searchArticles(sample.db, { query: 'subscripton cancel', limit: 5 });
    expect(res.didYouMean).toBe('subscription cancel');
    expect(slugs(res)[0]).toBe('subscription-billing');
  });

  it('a word only a title or summary uses is known, not "corrected" to a word of the texts', async () => {
    // "notifications" stands in a summary; the texts say "notification" (one edit away).
    const res = await searchArticles(sample.db, { query: 'notifications', limit: 3 });
    expect(res.didYouMean).toBeNull();
    expect(res.results.length).toBeGreaterThan(0);
  });
});

describe('an exact title ranks first; "next.js", "nextjs" and "next js" are one term', () => {
  const nextjs = 'polar-docs/docs/integrate/sdk/adapters/nextjs.mdx';

  it.each(['next.js', 'nextjs', 'next js', 'Next.js'])('Polar: %j → the article titled "Next.js" first', async (query) => {
    const res = await searchArticles(corpora.db, { query, collection: 'polar-docs', limit: 5 });
    expect(res.results[0]?.title).toBe('Next.js');
    expect(sources(res)[0]).toBe(nextjs);
    expect(res.didYouMean).toBeNull();
  });

  it('all products: "nextjs adapter" → the Next.js adapter first, no Raspberry Pi page', async () => {
    const res = await searchArticles(corpora.db, { query: 'nextjs adapter', limit: 5 });
    expect(sources(res)[0]).toBe(nextjs);
    expect(res.results.map((r) => r.title).join(' / ')).not.toMatch(/raspberry/i);
    expect(res.didYouMean).toBeNull();
  });

  it('the index and the query read "next.js" the same way, whole and by its parts', () => {
    expect(indexText('Use Next.js')).toBe('Use Next js Nextjs');
  });
});

describe('symptom wording and queries with nothing to search by', () => {
  it('sample: "payout never arrived" → "My payout is delayed or failed" first', async () => {
    const res = await searchArticles(sample.db, { query: 'payout never arrived', limit: 5 });
    expect(slugs(res)[0]).toBe('payout-delayed-or-failed');
  });

  it.each(['a & b', 'x', 'how to r', 'the and of'])('%j lists nothing, like "foo" (sample and corpora)', async (query) => {
    for (const db of [sample.db, corpora.db]) {
      const res = await searchArticles(db, { query });
      expect(res.results).toEqual([]);
      expect(res.keywordEmpty).toBe(true);
    }
    expect((await searchArticles(sample.db, { query: 'foo' })).results).toEqual([]);
  });

  it('a single letter still counts beside real words ("tee in s m l xl")', async () => {
    const res = await searchArticles(corpora.db, { query: 'tee comes in s m l xl', collection: 'spree-user-docs', limit: 10 });
    expect(res.keywordEmpty).toBe(false);
    expect(res.results.length).toBeGreaterThan(0);
  });
});

describe('a real English word the index lacks is corrected to an indexed one when it reads as a misspelling', () => {
  it('BTCPay: "lightening" → did you mean "lightning", with Lightning articles', async () => {
    const res = await searchArticles(corpora.db, { query: 'lightening', collection: 'btcpay-docs', limit: 5 });
    expect(res.didYouMean).toBe('lightning');
    expect(res.results.length).toBeGreaterThan(0);
    expect(res.results[0].title).toMatch(/lightning/i);
  });

  it('but real words that only look alike are left alone', async () => {
    for (const query of ['candle', 'closet', 'scent']) {
      expect((await searchArticles(corpora.db, { query, collection: 'btcpay-docs' })).didYouMean, query).toBeNull();
    }
  });
});

describe('codes, CJK text and snippets (articles saved here into the sample)', () => {
  let codes: { slug: string };
  let invoice: { slug: string };
  let chinese: { slug: string };
  let html: { slug: string };
  beforeAll(async () => {
    codes = await saveArticle(sample.db, {
      title: 'Card reader error codes',
      body: '## When the reader shows an error\nIf the screen shows ERR-4012, the reader lost its pairing. Pair it again from the app.\n\nERR-5100 means the battery is too low.',
      status: 'published',
    });
    invoice = await saveArticle(sample.db, {
      title: 'An invoice was paid twice',
      body: 'Invoice INV-2024-0042 was paid by card and by bank transfer. Refund one of the two payments from the invoice page.',
      status: 'published',
    });
    chinese = await saveArticle(sample.db, { title: '安装指南', body: '安装简单，没有复杂的配置', status: 'published' });
    html = await saveArticle(sample.db, {
      title: 'Receipt emails',
      body: 'Each receipt email lists the items.<br>To resend a <b>receipt</b>, open the payment and click <span class="ui">Send receipt</span>.\n\n## See also\n\n- [Refund a payment](/articles/refund-a-payment)\n- [Receipt settings](/articles/receipt-settings)',
      status: 'published',
    });
  });

  it.each([
    ['4012', 'codes'],
    ['ERR-4012', 'codes'],
    ['err4012', 'codes'],
    ['INV-2024-0042', 'invoice'],
    ['inv 2024 0042', 'invoice'],
    ['0042', 'invoice'],
  ] as const)('%j finds the article naming the code first', async (query, which) => {
    const res = await searchArticles(sample.db, { query, limit: 3 });
    expect(slugs(res)[0]).toBe({ codes, invoice }[which].slug);
  });

  it.each(['简单', '配置', '安装简单'])('CJK: %j finds the article whose body is 安装简单，没有复杂的配置, and highlights the word', async (query) => {
    const res = await searchArticles(sample.db, { query, limit: 3 });
    expect(slugs(res)[0]).toBe(chinese.slug);
    const top = res.results[0];
    expect(top.highlights.length).toBeGreaterThan(0);
    for (const [a, b] of top.highlights) expect(query).toContain(top.snippet.slice(a, b));
  });

  it('snippets come from the text, not from a "Related" / "Next steps" link list, and show no list dashes', async () => {
    for (const query of ['refund', 'refund status', 'how to refund a payment', 'cancel a refund']) {
      const res = await searchArticles(sample.db, { query, limit: 8 });
      for (const r of res.results) {
        expect(r.headingPath, `${query} → ${r.slug}`).not.toMatch(/^(related|next steps|see also)$/i);
        expect(r.snippet, `${query} → ${r.slug}`).not.toMatch(/(^|\s)- /);
      }
      const status = res.results.find((r) => r.slug === 'refund-status-and-timing');
      if (status) expect(status.snippet).not.toContain('How to refund a payment · Cancel a refund');
    }
  });

  it("a query that is the article's subject shows and links to where the article starts on it, not a short subsection", async () => {
    // "refund" → Polar's "Manage Refunds": its best chunk was the three-line "Reason" subsection.
    const res = await searchArticles(corpora.db, { query: 'refund', limit: 5, collection: 'polar-docs' });
    const hit = res.results.find((r) => r.source.sourceId === 'polar-docs/docs/features/refunds.mdx')!;
    expect(hit).toBeDefined();
    expect(hit.anchor).toBe('');
    expect(hit.snippet).toMatch(/^No matter what refund policy you offer to customers/);
    expect(hit.snippet).not.toContain('Select the reason');
    // A query the title does not hold in full keeps the section that matches it.
    const reason = await searchArticles(corpora.db, { query: 'refund reason', limit: 5, collection: 'polar-docs' });
    expect(reason.results.find((r) => r.source.sourceId === 'polar-docs/docs/features/refunds.mdx')?.anchor).toBe('reason');
  });

  it('raw inline HTML in an article never shows as text in a snippet', async () => {
    const res = await searchArticles(sample.db, { query: 'resend receipt', limit: 3 });
    const hit = res.results.find((r) => r.slug === html.slug)!;
    expect(hit).toBeDefined();
    expect(hit.snippet).not.toMatch(/<|>|class=/);
    expect(hit.snippet).toContain('To resend a receipt, open the payment and click Send receipt.');
    expect(hit.highlights.map(([a, b]) => hit.snippet.slice(a, b).toLowerCase())).toContain('resend');
  });

  it('a snippet shows the query words together: the chunk and the window that hold the most of them', async () => {
    const filler = 'Terminals sync their settings overnight and keep a copy of the catalogue for offline sales. '.repeat(4);
    const timer = await saveArticle(sample.db, {
      title: 'Terminal invoices',
      body: `## Printing\nEach terminal invoice prints on the receipt roll. Reprint an invoice from the history. ${filler}\n\n## Timer\n${filler}A terminal invoice is expired once its timer runs out; create a new one.`,
      status: 'published',
    });
    const res = await searchArticles(sample.db, { query: 'terminal invoice expired', limit: 5 });
    const hit = res.results.find((r) => r.slug === timer.slug)!;
    expect(hit).toBeDefined();
    expect(hit.snippet).toContain('is expired once its timer runs out');
    expect(makeSnippet(`An invoice is a request for payment. ${filler}An invoice that is not paid in time has expired.`, 'invoice expired').text).toMatch(
      /^… .*invoice that is not paid in time has expired\.$/,
    );
  });

  it('makeSnippet reads list items and inline HTML as a reader sees them', () => {
    expect(makeSnippet('- How to refund a payment\n- Cancel a refund', 'refund').text).toBe('How to refund a payment · Cancel a refund');
    expect(makeSnippet('- Subscriptions\n  The recurring relationship.\n- Refunds\n  How to refund an order.', 'refund').text).toBe(
      'Subscriptions — The recurring relationship. Refunds — How to refund an order.',
    );
    expect(makeSnippet('Click <b>Re</b>fund<br>then <img src="a.png" alt="x"> confirm.', 'refund').text).toBe('Click Refund then confirm.');
    expect(makeSnippet('Use a < b or Array<string> here.', 'array').text).toBe('Use a < b or Array<string> here.');
  });
});

describe('chunks indexed by an older text analysis are rebuilt (start-up)', () => {
  it('an article indexed the old way is found by "7731" only after reindexStaleChunks, with postings and statistics in step', async () => {
    const db = sample.db;
    const article = await saveArticle(db, {
      title: 'Terminal fault codes',
      body: '## Faults\nFault ERR-7731 means the terminal needs an update.\n\n## Next steps\n\n- [Update the terminal](/articles/terminal-update)',
      status: 'published',
    });
    const chunks = await rows<{ id: number; position: number; heading_path: string; content: string }>(
      db,
      sql`select id, position, heading_path, content from article_chunks where article_id = ${article.id}`,
    );
    // The analysis before versions existed: Postgres' parser on the raw texts ("-7731" a negative number).
    await rewriteChunkSearch(db, {
      analyzer: 0,
      chunks: chunks.map((c) => ({
        chunkId: c.id,
        articleId: article.id,
        texts: { title: 'Terminal fault codes', headings: c.heading_path, content: c.content },
      })),
    });
    expect(slugs(await searchArticles(db, { query: '7731', limit: 3 }))).not.toContain(article.slug);

    expect(await reindexStaleChunks(db)).toBe(chunks.length);
    expect(await reindexStaleChunks(db)).toBe(0);
    expect(slugs(await searchArticles(db, { query: '7731', limit: 3 }))[0]).toBe(article.slug);
    const [state] = await rows<{ stale: number; postings: number; lexemes: number; termsOff: number; wordsOff: number }>(
      db,
      sql`select (select count(*)::int from article_chunks where analyzer < ${ANALYZER_VERSION}) as stale,
                 (select count(*)::int from chunk_terms) as postings,
                 (select coalesce(sum(length(search)), 0)::int from article_chunks) as lexemes,
                 (select count(*)::int from ((select lexeme, df from search_terms where df > 0 and lexeme <> '')
                    except (select word, ndoc from ts_stat('select search from article_chunks'))) x) as "termsOff",
                 (select count(*)::int from ((select word, df from search_words where df > 0)
                    except (select word, ndoc from ts_stat('select to_tsvector(''simple'', unaccent(heading_path || '' '' || content)) from article_chunks')
                            where word ~ '^[a-z][a-z0-9]{2,}$')) y) as "wordsOff"`,
    );
    expect(state).toEqual({ stale: 0, postings: state.lexemes, lexemes: state.lexemes, termsOff: 0, wordsOff: 0 });
  });
});
