/**
 * npm run eval:tune -- --dataset evals/dev.jsonl
 *
 * Sets the fusion by measurement: runs each leg alone once per case (top 50 articles), then
 * fuses the ranked lists offline with weighted RRF over a grid of leg weights and k, and prints
 * the best settings by nDCG@10 (ties by hit@5). Corpora are indexed in memory as in `npm run eval`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '@/db/client';
import { contextualQuery } from '@/lib/assistant/context';
import { readDocsFolder } from '@/lib/content/import';
import { importBundle } from '@/lib/content/save';
import { collectionsOf, parseDataset } from '@/lib/evals/dataset';
import { hitAt, mean, ndcgAt } from '@/lib/evals/metrics';
import { searchArticles, type LegName } from '@/lib/search/hybrid';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { dataset: { type: 'string' }, 'corpus-dir': { type: 'string', default: path.resolve('../shared/corpus') } } });
  if (!values.dataset) {
    console.error('usage: npm run eval:tune -- --dataset <file.jsonl>');
    return 2;
  }
  const cases = parseDataset(fs.readFileSync(values.dataset, 'utf8')).filter((c) => c.gold.length > 0);
  const h = await openDatabase({});
  for (const col of collectionsOf(cases)) await importBundle(h.db, await readDocsFolder(path.join(values['corpus-dir']!, col)));
  const legs: LegName[] = ['keyword', 'typo', 'semantic'];
  const lists = [];
  for (const c of cases) {
    const query = contextualQuery(c.turns);
    const byLeg: Record<string, string[]> = {};
    for (const leg of legs) {
      const res = await searchArticles(h.db, { query, limit: 50, legs: [leg], collection: c.collection });
      byLeg[leg] = res.results.map((r) => r.source.sourceId ?? r.slug);
    }
    lists.push({ gold: new Set(c.gold), byLeg });
  }
  await h.close();
  const rows: { w: Record<string, number>; k: number; ndcg: number; hit5: number; hit1: number }[] = [];
  for (const k of [5, 10, 20, 40, 60]) {
    for (const wt of [0, 0.25, 0.5, 0.75, 1]) {
      for (const ws of [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1]) {
        const w = { keyword: 1, typo: wt, semantic: ws };
        const fused = lists.map(({ byLeg, gold }) => {
          const score = new Map<string, number>();
          for (const leg of legs) {
            byLeg[leg].forEach((id, i) => {
              score.set(id, (score.get(id) ?? 0) + w[leg as keyof typeof w] / (k + i + 1));
            });
          }
          return { ranked: [...score.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id), gold };
        });
        rows.push({
          w,
          k,
          ndcg: mean(fused.map((f) => ndcgAt(f.ranked, f.gold, 10))),
          hit5: mean(fused.map((f) => hitAt(f.ranked, f.gold, 5))),
          hit1: mean(fused.map((f) => hitAt(f.ranked, f.gold, 1))),
        });
      }
    }
  }
  rows.sort((a, b) => b.ndcg - a.ndcg || b.hit5 - a.hit5);
  const single = (leg: string) => rows.find((r) => r.w.typo === 0 && r.w.semantic === 0 && leg === 'keyword');
  console.log('best 10 by nDCG@10:');
  const show = rows.slice(0, 10).concat(rows.filter((r) => r.k === 5 && r.w.semantic === 0.5 && !rows.slice(0, 10).includes(r)));
  for (const r of show) console.log(`k=${r.k} typo=${r.w.typo} semantic=${r.w.semantic}  nDCG@10 ${r.ndcg.toFixed(3)}  hit@5 ${r.hit5.toFixed(3)}  hit@1 ${r.hit1.toFixed(3)}`);
  const kw = single('keyword');
  if (kw) console.log(`keyword alone: nDCG@10 ${kw.ndcg.toFixed(3)} hit@5 ${kw.hit5.toFixed(3)}`);
  return 0;
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
