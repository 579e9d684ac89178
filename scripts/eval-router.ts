/**
 * npm run eval:router -- [--dataset <file.jsonl>]... [--corpus-dir <dir>] [--json]
 *
 * Measures the product router (lib/search/router.ts) on questions labelled with their product:
 * routing accuracy (the top product is the question's), and all-products search with and without
 * the router against search scoped to the right product (hit@1, hit@5, MRR@10 of the gold
 * articles), over a grid of posterior (words: naive Bayes alone; mass: where the pooled results
 * fall; mix: both, as shipped) × sharpness × weight. Datasets: dev-set lines (`turns`, `collection`,
 * `gold`) or answerability-training lines (`question`, `collection`, `gold`, `answerable`); cases
 * without gold or of the bundled sample are skipped. Tune on the training file, report on dev.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase, rows } from '@/db/client';
import { readDocsFolder } from '@/lib/content/import';
import { importBundle } from '@/lib/content/save';
import { searchArticles } from '@/lib/search/hybrid';
import { applyProductRouting, retrievalMass, ROUTER_SHARPNESS, ROUTER_WEIGHT, routeWithStats } from '@/lib/search/router';
import { getTermStats } from '@/lib/search/term-stats';

interface Case {
  question: string;
  collection: string;
  gold: string[];
}

function readCases(file: string): Case[] {
  const out: Case[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { turns?: string[]; question?: string; collection?: string; gold?: string[]; answerable?: boolean };
    const question = r.question ?? (r.turns?.length === 1 ? r.turns[0] : undefined);
    if (!question || !r.collection || r.collection === 'resolve' || !r.gold?.length || r.answerable === false) continue;
    out.push({ question, collection: r.collection, gold: r.gold });
  }
  return out;
}

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    options: {
      dataset: { type: 'string', multiple: true, default: ['evals/dev.jsonl'] },
      'corpus-dir': { type: 'string', default: path.resolve('../shared/corpus') },
      json: { type: 'boolean', default: false },
    },
  });
  const { db, close } = await openDatabase({});
  try {
    for (const c of ['btcpay-docs', 'polar-docs', 'spree-user-docs']) await importBundle(db, await readDocsFolder(path.join(args['corpus-dir']!, c)));
    const sourceOf = new Map((await rows<{ slug: string; sid: string }>(db, sql`select slug, source_id as sid from articles`)).map((r) => [r.slug, r.sid]));
    const stats = await getTermStats(db);
    const collections = stats.collections();
    const report: Record<string, unknown>[] = [];
    for (const file of args.dataset!) {
      const cases = readCases(file);
      // One scoped and one pooled search per case; the router only re-ranks the pooled list.
      const runs: { c: Case; shipped: string[]; scoped: string[]; pooled: { score: number; collection: string; id: string }[] }[] = [];
      for (const c of cases) {
        const scoped = await searchArticles(db, { query: c.question, limit: 10, collection: c.collection });
        const pooled = await searchArticles(db, { query: c.question, limit: 30, route: false });
        const shipped = await searchArticles(db, { query: c.question, limit: 10 });
        runs.push({
          c,
          shipped: shipped.results.map((r) => sourceOf.get(r.slug) ?? ''),
          scoped: scoped.results.map((r) => sourceOf.get(r.slug) ?? ''),
          pooled: pooled.results.map((r) => ({ score: r.score, collection: r.source.collection, id: sourceOf.get(r.slug) ?? '' })),
        });
      }
      const metrics = (ranked: string[][]) => {
        let h1 = 0,
          h5 = 0,
          mrr = 0;
        ranked.forEach((ids, i) => {
          const rank = ids.slice(0, 10).findIndex((id) => runs[i].c.gold.includes(id)) + 1;
          if (rank === 1) h1++;
          if (rank >= 1 && rank <= 5) h5++;
          if (rank >= 1) mrr += 1 / rank;
        });
        const n = ranked.length || 1;
        return { hit1: +(h1 / n).toFixed(3), hit5: +(h5 / n).toFixed(3), mrr10: +(mrr / n).toFixed(3) };
      };
      const row = (label: string, ranked: string[][], extra: Record<string, unknown> = {}) =>
        report.push({ dataset: path.basename(file), config: label, cases: ranked.length, ...extra, ...metrics(ranked) });
      row(
        'scoped',
        runs.map((r) => r.scoped),
      );
      row(
        'all products, no router',
        runs.map((r) => r.pooled.map((x) => x.id)),
      );
      row(
        'all products, router as shipped (searchArticles)',
        runs.map((r) => r.shipped),
      );
      for (const mode of ['words', 'mass', 'mix'])
        for (const sharpness of [1, 2, 4]) {
          if (mode === 'mass' && sharpness > 1) continue;
          const posts = runs.map((r) => {
            const words = routeWithStats(r.c.question, stats, collections, sharpness);
            if (mode === 'words') return words;
            const mass = retrievalMass(r.pooled, collections);
            if (mode === 'mass') return mass;
            const pw = new Map(words.map((x) => [x.collection, x.probability]));
            const mixed = mass.map((x) => ({ collection: x.collection, probability: Math.sqrt(x.probability * (pw.get(x.collection) ?? 0)) }));
            const t = mixed.reduce((a, b) => a + b.probability, 0) || 1;
            return mixed.map((x) => ({ ...x, probability: x.probability / t })).sort((a, b) => b.probability - a.probability);
          });
          const accuracy = +(posts.filter((p, i) => p[0]?.collection === runs[i].c.collection).length / (runs.length || 1)).toFixed(3);
          for (const weight of [0.25, 0.5, 0.75, 1]) {
            const mark = mode === 'mix' && sharpness === ROUTER_SHARPNESS && weight === ROUTER_WEIGHT ? ' (shipped)' : '';
            row(
              `router ${mode} s=${sharpness} w=${weight}${mark}`,
              runs.map((r, i) => applyProductRouting(r.pooled, posts[i], weight).map((x) => x.id)),
              { routing_accuracy: accuracy },
            );
          }
        }
    }
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else {
      const cols = ['dataset', 'config', 'cases', 'routing_accuracy', 'hit1', 'hit5', 'mrr10'];
      console.log(`| ${cols.join(' | ')} |\n|${cols.map(() => '---').join('|')}|`);
      for (const r of report) console.log(`| ${cols.map((c) => r[c] ?? '—').join(' | ')} |`);
    }
  } finally {
    await close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
