/**
 * npm run bench:search -- [--size small|large|both] [--queries 200] [--keep] [--json]
 *
 * Generates a synthetic corpus (small: 1k articles / 10k chunks; large: 10k articles / 100k
 * chunks) from the word distribution of the bundled sample articles, loads it into PGlite and —
 * when DATABASE_URL is set — into a fresh database on that server, builds the HNSW index, then
 * prints per leg and for the whole hybrid query (query embedding included) p50/p95/p99 latency,
 * HNSW recall@10 against exact search, filtered-search fill (rows returned of k with a 10%
 * collection filter), index build time and peak RSS; with both engines, the server/PGlite ratio.
 *
 * `--keep` keeps the generated corpus (PGlite in `.data/bench-<size>`, database `resolve_bench_<size>`
 * on the server) and reuses it on the next run with `--keep`, so query-side changes can be measured
 * without reloading; the index build time is then not measured (printed as 0).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Db, type DbHandle } from '@/db/client';
import { openScratchDatabase } from '@/db/scratch';
import { ensureEmbeddingIndex } from '@/db/queries/embeddings';
import { refreshSearchStatistics } from '@/db/queries/maintenance';
import { rebuildSearchStats } from '@/db/queries/search-stats';
import { embedLocal, LOCAL_EMBEDDING_MODEL_ID } from '@/lib/ai/local-embedding';
import { applyCorrections, keywordLeg, searchArticles, semanticLeg, typoLeg } from '@/lib/search/hybrid';
import { queryWords } from '@/lib/search/query';
import { correctWords } from '@/lib/search/typo';
import { percentile } from '@/lib/evals/metrics';
import { misspell, syntheticCorpus } from './bench/synthetic';

const SIZES = { small: { articles: 1_000, chunksPer: 10 }, large: { articles: 10_000, chunksPer: 10 } } as const;
type SizeName = keyof typeof SIZES;
const CORPUS_SEED = 42;

async function load(db: Db, size: SizeName, log: (s: string) => void): Promise<{ loadMs: number; indexMs: number }> {
  const { articles: nArticles, chunksPer } = SIZES[size];
  const s = syntheticCorpus(CORPUS_SEED);
  const t0 = performance.now();
  const batch = 200;
  for (let start = 0; start < nArticles; start += batch) {
    const ids = Array.from({ length: Math.min(batch, nArticles - start) }, (_, i) => start + i);
    const arts = ids.map((i) => ({ i, ...s.article(i, chunksPer) }));
    const inserted = await rows<{ id: number }>(
      db,
      sql`insert into articles (slug, title, summary, body, content_hash, status, collection)
          values ${sql.join(
            arts.map((a) => sql`(${`bench-${a.i}`}, ${a.title}, '', '', '', 'published', ${a.collection})`),
            sql`, `,
          )}
          returning id`,
    );
    const chunkRows: { articleId: number; title: string; pos: number; text: string }[] = [];
    inserted.forEach((row, j) => {
      arts[j].chunks.forEach((text, p) => {
        chunkRows.push({ articleId: Number(row.id), title: arts[j].title, pos: p, text });
      });
    });
    const chunkIds = await rows<{ id: number }>(
      db,
      sql`insert into article_chunks (article_id, position, heading_path, content, token_count, search)
          values ${sql.join(
            chunkRows.map((c) => sql`(${c.articleId}, ${c.pos}, '', ${c.text}, 0, setweight(to_tsvector('english', ${c.title}), 'A') || setweight(to_tsvector('english', ${c.text}), 'C'))`),
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
  await refreshSearchStatistics(db); // VACUUM (ANALYZE), as the importer does after writing
  return { loadMs, indexMs: performance.now() - t1 };
}

function stats(values: number[]) {
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(percentile(values, 50)), p95: r(percentile(values, 95)), p99: r(percentile(values, 99)) };
}

async function measure(db: Db, size: SizeName, nQueries: number) {
  const s = syntheticCorpus(CORPUS_SEED);
  // Queries: 1–4 words about one chunk (its focus words, its article's, its topic's), so common words appear as users type them.
  const queries = Array.from({ length: nQueries }, () => s.query(SIZES[size].articles, SIZES[size].chunksPer));
  // The most frequent words of 4+ letters in the sample corpus: the worst case for the keyword leg.
  const frequent = s.frequent;
  const common = Array.from({ length: Math.min(50, nQueries) }, (_, i) => frequent[i % frequent.length]);
  const time = async (fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    return performance.now() - t;
  };
  for (const q of queries.slice(0, 10)) await searchArticles(db, { query: q }); // warm caches
  const out: Record<string, ReturnType<typeof stats>> = {};
  // Where the hybrid query's time goes (searchArticles' own timings: analyze, correct, legs, details).
  const stages: Record<string, number[]> = {};
  const lat = { keyword: [] as number[], keyword_common: [] as number[], typo: [] as number[], semantic: [] as number[], hybrid: [] as number[] };
  for (const q of queries) {
    lat.keyword.push(await time(() => keywordLeg(db, { query: q })));
    // Typo leg = vocabulary correction + keyword leg on the corrected text; a third of the queries carry a typo.
    const typed = misspell(q, s.r);
    lat.typo.push(await time(async () => typoLeg(db, { correctedQuery: applyCorrections(typed, await correctWords(db, queryWords(typed))) })));
    lat.semantic.push(await time(() => semanticLeg(db, { query: q })));
    const t = performance.now();
    const res = await searchArticles(db, { query: q });
    lat.hybrid.push(performance.now() - t);
    for (const [stage, ms] of Object.entries(res.timings)) {
      stages[stage] ??= [];
      stages[stage].push(ms);
    }
  }
  const hybridStages = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, stats(v)]));
  for (const q of common) lat.keyword_common.push(await time(() => keywordLeg(db, { query: q })));
  for (const [k, v] of Object.entries(lat)) out[k] = stats(v);

  // HNSW recall@10 against exact search (index scans off) over the same query vectors.
  let hits = 0;
  let total = 0;
  let filteredFill = 0;
  // Probes: the first 100 queries that have an embedding. A query whose words have no vectors
  // embeds to zero; the semantic leg then returns nothing by design (zero vectors never rank), so
  // it has no nearest neighbours to recall.
  const embedded = queries.filter((q) => embedLocal(q).some((x) => x !== 0));
  const probe = embedded.slice(0, 100);
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
  return {
    latency_ms: out,
    hybrid_stages_ms: hybridStages,
    hnsw_recall_at_10: Math.round((hits / total) * 1000) / 1000,
    filtered_fill_of_10: Math.round((filteredFill / probe.length) * 100) / 100,
    queries_without_embedding: queries.length - embedded.length,
  };
}

/** True when a kept database already holds this size's whole corpus with its vectors. */
async function isLoaded(db: Db, size: SizeName): Promise<boolean> {
  const want = SIZES[size].articles * SIZES[size].chunksPer;
  const [r] = await rows<{ n: number }>(db, sql`select count(*)::int as n from chunk_embeddings where model = ${LOCAL_EMBEDDING_MODEL_ID}`);
  if (Number(r.n) === want) return true;
  if (Number(r.n) > 0) throw new Error(`the kept bench database holds ${r.n} vectors, not ${want}; delete it and run again`);
  return false;
}

/** Opens (creating when missing) a named database on the server that `--keep` reuses. */
async function openKept(serverUrl: string, name: string): Promise<DbHandle> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const setup = new pg.Client({ connectionString: url.toString() });
  await setup.connect();
  await setup.query('CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;');
  await setup.end();
  return openDatabase({ url: url.toString() });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: 'small' },
      queries: { type: 'string', default: '200' },
      keep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const sizes: SizeName[] = values.size === 'both' ? ['small', 'large'] : values.size === 'large' ? ['large'] : values.size === 'small' ? ['small'] : [];
  const nQueries = Number(values.queries);
  if (sizes.length === 0 || !Number.isInteger(nQueries) || nQueries < 10) {
    console.error('usage: npm run bench:search -- [--size small|large|both] [--queries 200] [--keep] [--json]');
    return 2;
  }
  const log = (m: string) => (values.json ? process.stderr : process.stdout).write(`${m}\n`);
  const report: Record<string, unknown>[] = [];
  for (const size of sizes) {
    const serverUrl = process.env.DATABASE_URL;
    const engines: [string, () => Promise<DbHandle>][] = [['pglite', () => (values.keep ? openDatabase({ dataDir: path.resolve('.data', `bench-${size}`) }) : openScratchDatabase())]];
    if (serverUrl) engines.push(['postgres', () => (values.keep ? openKept(serverUrl, `resolve_bench_${size}`) : openScratchDatabase({ serverUrl, prefix: 'resolve_bench' }))]);
    for (const [engine, open] of engines) {
      log(`== ${size} (${SIZES[size].articles} articles, ${SIZES[size].articles * SIZES[size].chunksPer} chunks) on ${engine}`);
      const h = await open();
      try {
        const loaded = values.keep && (await isLoaded(h.db, size));
        if (loaded) log('  reusing the kept corpus');
        const { loadMs, indexMs } = loaded ? { loadMs: 0, indexMs: 0 } : await load(h.db, size, log);
        if (loaded) await refreshSearchStatistics(h.db);
        const m = await measure(h.db, size, nQueries);
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
      log(
        `\n${a.size}: p95 ratio server/PGlite — ${Object.keys(la)
          .map((k) => `${k} ${(lb[k].p95 / la[k].p95).toFixed(2)}`)
          .join(', ')}`,
      );
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
