/**
 * npm run bench:calibrate -- [--mix chunkFocus,articleFocus,topic,queryChunkFocus,minWords,maxWords[;…]]
 *
 * Compares how hard nearest-neighbour search is on the real corpora and on the synthetic bench
 * corpus at the same number of chunks: the relative contrast RC@10 = mean distance / distance of
 * the 10th nearest chunk, per query (He, Kumar, Chang, ICML 2012; lower is harder, 1 means every
 * chunk is equally far). Real: the three corpora in ../shared/corpus chunked and embedded as the
 * importer does, queried with the first turns of evals/dev.jsonl and with bench-shaped queries (1–4
 * words of one chunk). Synthetic: scripts/bench/synthetic.ts with its default mix, the first
 * generator's (topics only) and any `--mix` given. Prints quartiles of RC@10 with the local
 * embedding model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chunkMarkdown } from '@/lib/content/chunk';
import { readDocsFolder } from '@/lib/content/import';
import { embedLocal } from '@/lib/ai/local-embedding';
import { percentile } from '@/lib/evals/metrics';
import { DEFAULT_MIX, rng, syntheticCorpus, type Mix } from './synthetic';

function contrast(queries: number[][], chunks: number[][]): number[] {
  const out: number[] = [];
  for (const q of queries) {
    const d = chunks.map((c) => {
      let dot = 0;
      for (let i = 0; i < c.length; i++) dot += c[i] * q[i];
      return 1 - dot;
    });
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    d.sort((a, b) => a - b);
    out.push(mean / Math.max(d[9], 1e-9));
  }
  return out;
}

const unit = (v: number[]) => {
  const n = Math.sqrt(v.reduce((a, b) => a + b * b, 0));
  return n > 0 ? v.map((x) => x / n) : null;
};

function summary(name: string, rc: number[]) {
  const f = (p: number) => percentile(rc, p).toFixed(3);
  console.log(`${name.padEnd(34)} RC@10 p25 ${f(25)}  median ${f(50)}  p75 ${f(75)}  (${rc.length} queries)`);
}

async function main() {
  const { values } = parseArgs({ options: { mix: { type: 'string' } } });
  const corpusRoot = path.resolve('..', 'shared', 'corpus');
  const texts: string[] = [];
  for (const folder of ['polar-docs', 'spree-user-docs', 'btcpay-docs']) {
    const bundle = await readDocsFolder(path.join(corpusRoot, folder));
    for (const a of bundle.articles) {
      for (const c of chunkMarkdown(a.body, { fallbackText: a.summary || a.title })) texts.push([a.title, c.headingPath, c.content].filter(Boolean).join('\n'));
    }
  }
  const real = texts.map((t) => unit(embedLocal(t))).filter((v): v is number[] => v !== null);
  const devQueries = fs
    .readFileSync('evals/dev.jsonl', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { turns: string[] }).turns[0]);
  const realQ = devQueries.map((q) => unit(embedLocal(q))).filter((v): v is number[] => v !== null);
  const lengths = texts.map((t) => t.split(/\s+/).length);
  console.log(`real corpora: ${real.length} chunks; words per chunk p25 ${percentile(lengths, 25)}, median ${percentile(lengths, 50)}, p75 ${percentile(lengths, 75)}`);
  summary('real (dev questions)', contrast(realQ, real));
  // Queries shaped like the bench's: 1–4 words (4+ letters) of one real chunk.
  const r = rng(7);
  const shortQ: number[][] = [];
  while (shortQ.length < 200) {
    const words = texts[Math.floor(r() * texts.length)].split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
    if (words.length === 0) continue;
    const v = unit(embedLocal(Array.from({ length: 1 + Math.floor(r() * 4) }, () => words[Math.floor(r() * words.length)]).join(' ')));
    if (v) shortQ.push(v);
  }
  summary('real (1–4 words of a chunk)', contrast(shortQ, real));
  const mixes: [string, Mix][] = [
    ['synthetic, topics only (old)', { chunkFocus: 0, articleFocus: 0, topic: 0.7, chunkFocusWords: 1, articleFocusWords: 1, queryChunkFocus: 0, chunkWords: [60, 120] }],
    ['synthetic, default mix', DEFAULT_MIX],
  ];
  if (values.mix) {
    for (const m of values.mix.split(';')) {
      const [chunkFocus, articleFocus, topic, queryChunkFocus, minWords, maxWords] = m.split(',').map(Number);
      mixes.push([`synthetic, mix ${m}`, { ...DEFAULT_MIX, chunkFocus, articleFocus, topic, queryChunkFocus, chunkWords: [minWords, maxWords] }]);
    }
  }
  for (const [name, mix] of mixes) {
    const s = syntheticCorpus(42, mix);
    const chunks: number[][] = [];
    const nArticles = Math.ceil(real.length / 10);
    for (let i = 0; i < nArticles; i++) {
      const a = s.article(i, 10);
      for (const c of a.chunks) {
        const v = unit(embedLocal(`${a.title}\n${c}`));
        if (v) chunks.push(v);
      }
    }
    const q = Array.from({ length: 200 }, () => unit(embedLocal(s.query(nArticles, 10)))).filter((v): v is number[] => v !== null);
    summary(name, contrast(q, chunks.slice(0, real.length)));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
