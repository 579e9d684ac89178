/**
 * npm run bench:search -- [--size small|large|both] [--queries 200] [--json]
 *
 * Generates a synthetic corpus (small: 1k articles / 10k chunks; large: 10k articles / 100k
 * chunks) from the word distribution of the bundled sample articles, loads it into PGlite and —
 * when DATABASE_URL is set — into a fresh database on that server, builds the HNSW index, then
 * prints per leg and for the whole hybrid query (query embedding included) p50/p95/p99 latency,
 * HNSW recall@10 against exact search, filtered-search fill (rows returned of k with a 10%
 * collection filter), index build time and peak RSS; with both engines, the server/PGlite ratio.
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rows, type Db, type DbHandle } from '@/db/client';
import { openScratchDatabase } from '@/db/scratch';
import { readSampleContent } from '@/db/seed';
import { ensureEmbeddingIndex } from '@/db/queries/embeddings';
import { rebuildSearchStats } from '@/db/queries/search-stats';
import { embedLocal, LOCAL_EMBEDDING_MODEL_ID, wordTokens } from '@/lib/ai/local-embedding';
import { applyCorrections, keywordLeg, searchArticles, semanticLeg, typoLeg } from '@/lib/search/hybrid';
import { queryWords } from '@/lib/search/query';
import { correctWords } from '@/lib/search/typo';
import { percentile } from '@/lib/evals/metrics';

const SIZES = { small: { articles: 1_000, chunksPer: 10 }, large: { articles: 10_000, chunksPer: 10 } } as const;
type SizeName = keyof typeof SIZES;

/** Deterministic PRNG (mulberry32) so every run builds the same corpus. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Distribution {
  words: string[];
  cumulative: number[];
}

function distribution(texts: string[]): Distribution {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of wordTokens(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  let acc = 0;
  return { words: words.map(([w]) => w), cumulative: words.map(([, c]) => (acc += c)) };
}

/**
 * Word sampler. Real help-center text is topical, so each synthetic article draws 70% of its
 * words from one of the sample articles (its "topic") and 30% from the whole sample corpus; text
 * from one global distribution would make every embedding nearly the same and understate HNSW
 * recall.
 */
function sampler(seed: number) {
  const articles = readSampleContent().articles;
  const global = distribution(articles.map((a) => `${a.title} ${a.body}`));
  const topics = articles.map((a) => distribution([`${a.title} ${a.body}`]));
  const r = rng(seed);
  const pick = (d: Distribution) => {
    const x = r() * d.cumulative[d.cumulative.length - 1];
    let lo = 0;
    let hi = d.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d.cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return d.words[lo];
  };
  const word = (topic = -1) => (topic >= 0 && r() < 0.7 ? pick(topics[topic]) : pick(global));
  return {
    word,
    topics: topics.length,
    text: (n: number, topic = -1) => Array.from({ length: n }, () => word(topic)).join(' '),
    r,
    words: global.words,
  };
}

async function load(db: Db, size: SizeName, log: (s: string) => void): Promise<{ loadMs: number; indexMs: number }> {
  const { articles: nArticles, chunksPer } = SIZES[size];
  const s = sampler(42);
  const t0 = performance.now();
  const batch = 200;
  for (let start = 0; start < nArticles; start += batch) {
    const ids = Array.from({ length: Math.min(batch, nArticles - start) }, (_, i) => start + i);
    const arts = ids.map((i) => {
      const topic = Math.floor(s.r() * s.topics);
      return { i, topic, title: s.text(3 + Math.floor(s.r() * 5), topic), collection: `c${i % 10}` };
    });
    const inserted = await rows<{ id: number }>(
      db,
      sql`insert into articles (slug, title, summary, body, content_hash, status, collection)
          values ${sql.join(arts.map((a) => sql`(${`bench-${a.i}`}, ${a.title}, '', '', '', 'published', ${a.collection})`), sql`, `)}
          returning id`,
    );
    const chunkRows: { articleId: number; title: string; pos: number; text: string }[] = [];
    inserted.forEach((row, j) => {
      for (let p = 0; p < chunksPer; p++) chunkRows.push({ articleId: Number(row.id), title: arts[j].title, pos: p, text: s.text(60 + Math.floor(s.r() * 60), arts[j].topic) });
    });
    const chunkIds = await rows<{ id: number }>(
      db,
      sql`insert into article_chunks (article_id, position, heading_path, content, token_count, search)
          values ${sql.join(
            chunkRows.map(
              (c) => sql`(${c.articleId}, ${c.pos}, '', ${c.text}, 0, setweight(to_tsvector('english', ${c.title}), 'A') || setweight(to_tsvector('english', ${c.text}), 'C'))`,
            ),
            sql`, `,
          )}
          returning id`,
    );
    await db.execute(
      sql`insert into chunk_embeddings (chunk_id, model, dims, embedding) values ${sql.join(
        chunkIds.map((c, j) => sql`(${Number(c.id)}, ${LOCAL_EMBEDDING_MODEL_ID}, 100, ${`[${embedLocal(`${chunkRows[j].title}\n${chunkRows[j].text}`).join(',')}]`}::vector)`),
        sql`, `,
      )}`,
    );
    if ((start / batch) % 10 === 0) log(`  loaded ${start + ids.length}/${nArticles} articles`);
  }
  await rebuildSearchStats(db);
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  await ensureEmbeddingIndex(db, { model: LOCAL_EMBEDDING_MODEL_ID, dims: 100 });
  await db.execute(sql`analyze`);
  return { loadMs, indexMs: performance.now() - t1 };
}

/** Swaps two inner letters of the longest word in a third of the queries ("refund" → "refnud"). */
function misspell(q: string, r: () => number): string {
  if (r() > 1 / 3) return q;
  const words = q.split(' ');
  const i = words.reduce((best, w, j) => (w.length > words[best].length ? j : best), 0);
  const w = words[i];
  if (w.length < 5) return q;
  const k = 1 + Math.floor(r() * (w.length - 3));
  words[i] = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
  return words.join(' ');
}

function stats(values: number[]) {
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(values, 50)), p95: r(percentile(values, 95)), p99: r(percentile(values, 99)) };
}

async function measure(db: Db, nQueries: number) {
  const s = sampler(7);
  // Queries: 1–4 words from the same distribution, so common words ("the", "payment") appear as often as users type them.
  const queries = Array.from({ length: nQueries }, () => s.text(1 + Math.floor(s.r() * 4), Math.floor(s.r() * s.topics)));
  // The most frequent non-stop words of the corpus: the worst case for the keyword leg.
  const frequent = s.words.filter((w) => w.length > 3).slice(0, 10);
  const common = Array.from({ length: Math.min(50, nQueries) }, (_, i) => frequent[i % frequent.length]);
  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  for (const q of queries.slice(0, 10)) await searchArticles(db, { query: q }); // warm caches
  const out: Record<string, ReturnType<typeof stats>> = {};
  const lat = { keyword: [] as number[], keyword_common: [] as number[], typo: [] as number[], semantic: [] as number[], hybrid: [] as number[] };
  for (const q of queries) {
    lat.keyword.push(await time(() => keywordLeg(db, { query: q })));
    // Typo leg = vocabulary correction + keyword leg on the corrected text; a third of the queries carry a typo.
    const typed = misspell(q, s.r);
    lat.typo.push(await time(async () => typoLeg(db, { correctedQuery: applyCorrections(typed, await correctWords(db, queryWords(typed))) })));
    lat.semantic.push(await time(() => semanticLeg(db, { query: q })));
    lat.hybrid.push(await time(() => searchArticles(db, { query: q })));
  }
  for (const q of common) lat.keyword_common.push(await time(() => keywordLeg(db, { query: q })));
  for (const [k, v] of Object.entries(lat)) out[k] = stats(v);

  // HNSW recall@10 against exact search (index scans off) over the same query vectors.
  let hits = 0;
  let total = 0;
  let filteredFill = 0;
  const probe = queries.slice(0, 50);
  for (const q of probe) {
    const v = `[${embedLocal(q).join(',')}]`;
    const ann = await rows<{ chunk_id: number }>(
      db,
      sql`select chunk_id from chunk_embeddings where model = ${LOCAL_EMBEDDING_MODEL_ID} order by (embedding::vector(100)) <=> ${v}::vector(100) limit 10`,
    );
    const exact = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_indexscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      return rows<{ chunk_id: number }>(
        tx as unknown as Db,
        sql`select chunk_id from chunk_embeddings where model = ${LOCAL_EMBEDDING_MODEL_ID} order by (embedding::vector(100)) <=> ${v}::vector(100) limit 10`,
      );
    });
    const truth = new Set(exact.map((r) => Number(r.chunk_id)));
    hits += ann.filter((r) => truth.has(Number(r.chunk_id))).length;
    total += truth.size;
    const filtered = await semanticLeg(db, { query: q, collection: 'c3', depth: 10 });
    filteredFill += filtered.length;
  }
  return { latency_ms: out, hnsw_recall_at_10: Math.round((hits / total) * 1000) / 1000, filtered_fill_of_10: Math.round((filteredFill / probe.length) * 10) / 10 };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { size: { type: 'string', default: 'small' }, queries: { type: 'string', default: '200' }, json: { type: 'boolean', default: false } },
  });
  const sizes: SizeName[] = values.size === 'both' ? ['small', 'large'] : values.size === 'large' ? ['large'] : values.size === 'small' ? ['small'] : [];
  const nQueries = Number(values.queries);
  if (sizes.length === 0 || !Number.isInteger(nQueries) || nQueries < 10) {
    console.error('usage: npm run bench:search -- [--size small|large|both] [--queries 200] [--json]');
    return 2;
  }
  const log = (m: string) => (values.json ? process.stderr : process.stdout).write(`${m}\n`);
  const report: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const engines: [string, () => Promise<DbHandle>][] = [['pglite', () => openScratchDatabase()]];
    if (process.env.DATABASE_URL) engines.push(['postgres', () => openScratchDatabase({ serverUrl: process.env.DATABASE_URL, prefix: 'resolve_bench' })]);
    for (const [engine, open] of engines) {
      log(`== ${size} (${SIZES[size].articles} articles, ${SIZES[size].articles * SIZES[size].chunksPer} chunks) on ${engine}`);
      const h = await open();
      try {
        const { loadMs, indexMs } = await load(h.db, size, log);
        const m = await measure(h.db, nQueries);
        const row = {
          size,
          engine,
          chunks: SIZES[size].articles * SIZES[size].chunksPer,
          load_s: Math.round(loadMs / 100) / 10,
          hnsw_build_s: Math.round(indexMs / 100) / 10,
          ...m,
          peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
        };
        report.push(row);
        log(JSON.stringify(row, null, 1).replace(/\n\s*/g, ' '));
      } finally {
        await h.close();
      }
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    log('\n| size | engine | leg | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|');
    for (const r of report) {
      for (const [leg, s] of Object.entries(r.latency_ms as Record<string, { p50: number; p95: number; p99: number }>)) {
        log(`| ${r.size} | ${r.engine} | ${leg} | ${s.p50} | ${s.p95} | ${s.p99} |`);
      }
    }
    log('\n| size | engine | HNSW recall@10 | filtered fill (of 10) | HNSW build s | load s | peak RSS MB |\n|---|---|---|---|---|---|---|');
    for (const r of report) log(`| ${r.size} | ${r.engine} | ${r.hnsw_recall_at_10} | ${r.filtered_fill_of_10} | ${r.hnsw_build_s} | ${r.load_s} | ${r.peak_rss_mb} |`);
    const pairs = sizes.map((size) => [report.find((r) => r.size === size && r.engine === 'pglite'), report.find((r) => r.size === size && r.engine === 'postgres')]);
    for (const [a, b] of pairs) {
      if (!a || !b) continue;
      const la = a.latency_ms as Record<string, { p95: number }>;
      const lb = b.latency_ms as Record<string, { p95: number }>;
      log(`\n${a.size}: p95 ratio server/PGlite — ${Object.keys(la).map((k) => `${k} ${(lb[k].p95 / la[k].p95).toFixed(2)}`).join(', ')}`);
    }
  }
  return 0;
}

main().then(
  (c) => process.exit(c),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
