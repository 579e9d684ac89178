#!/usr/bin/env node
// Validate a retrieval-eval dataset (JSON Lines). No dependencies.
//
// Usage:
//   node evals/check-dataset.mjs [dataset.jsonl]        (default: evals/dev.jsonl)
//   RESOLVE_CORPUS_DIR=/path/to/corpus node evals/check-dataset.mjs evals/dev.jsonl
//
// The corpus directory is $RESOLVE_CORPUS_DIR, else ../shared/corpus resolved against the
// current working directory (run from the repo root), else against the repo root. A gold id is "<corpus folder>/<path>",
// so the file checked is "<corpus dir>/<gold id>".
//
// Optional field: "reference", a short reference answer for the last turn. When present it must be
// a non-empty string; unanswerable cases must not have one.
//
// Prints counts per kind / per collection and exits 1 on any problem.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KINDS = ['answerable', 'multiturn', 'unanswerable', 'adversarial', 'topic-switch'];
// Minimum number of user turns per kind (kinds not listed need at least 1).
const MIN_TURNS = { multiturn: 2, 'topic-switch': 3 };
const REQUIRED = ['id', 'turns', 'gold', 'kind', 'collection'];
// Files at a corpus root that are source/licence notes, not help articles.
const NON_ARTICLE_ROOT_FILES = new Set(['SOURCE.md', 'LICENSE.md', 'README.md']);
// Article paths that are not real articles (index stubs).
const NON_ARTICLE_PATHS = new Set(['polar-docs/docs/README.md']);

const file = process.argv[2] ?? 'evals/dev.jsonl';
const DEFAULT_CORPUS = '../shared/corpus';
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Explicit RESOLVE_CORPUS_DIR wins; otherwise ../shared/corpus from the cwd, falling
// back to ../shared/corpus from the repo root when run from another directory.
const corpusDir = process.env.RESOLVE_CORPUS_DIR
  ? path.resolve(process.env.RESOLVE_CORPUS_DIR)
  : ([path.resolve(DEFAULT_CORPUS), path.resolve(repoRoot, DEFAULT_CORPUS)].find((d) => existsSync(d)) ?? path.resolve(DEFAULT_CORPUS));

const problems = [];
const problem = (where, msg) => problems.push(`${where}: ${msg}`);

if (!existsSync(file)) {
  console.error(`dataset not found: ${file}`);
  process.exit(1);
}
if (!existsSync(corpusDir) || !statSync(corpusDir).isDirectory()) {
  console.error(`corpus dir not found: ${corpusDir} (set RESOLVE_CORPUS_DIR)`);
  process.exit(1);
}

const isFile = (p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};
const isDir = (p) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

function checkGold(where, gold, collection) {
  if (typeof gold !== 'string' || gold.length === 0) {
    problem(where, `gold entry must be a non-empty string, got ${JSON.stringify(gold)}`);
    return;
  }
  if (gold !== gold.trim() || gold.includes('\\')) {
    problem(where, `gold "${gold}" has surrounding whitespace or backslashes`);
    return;
  }
  const segs = gold.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) {
    problem(where, `gold "${gold}" is not a clean relative path`);
    return;
  }
  if (segs.length < 2) {
    problem(where, `gold "${gold}" must be "<corpus folder>/<path>"`);
    return;
  }
  if (!/\.mdx?$/.test(gold)) problem(where, `gold "${gold}" is not a .md/.mdx file`);
  if (segs.includes('snippets')) problem(where, `gold "${gold}" is inside a snippets/ folder`);
  if (NON_ARTICLE_PATHS.has(gold)) problem(where, `gold "${gold}" is an index stub, not an article`);
  if (segs.length === 2 && NON_ARTICLE_ROOT_FILES.has(segs[1])) problem(where, `gold "${gold}" is a corpus note file, not an article`);
  if (typeof collection === 'string' && segs[0] !== collection) problem(where, `gold "${gold}" is outside the case's collection "${collection}"`);
  if (!isFile(path.join(corpusDir, gold))) problem(where, `gold "${gold}" does not exist under ${corpusDir}`);
}

const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop(); // trailing newline

const ids = new Map();
const byKind = Object.fromEntries(KINDS.map((k) => [k, 0]));
const byCollection = {};
const table = {};
let cases = 0;
let withReference = 0;

lines.forEach((raw, i) => {
  const where = `line ${i + 1}`;
  if (raw.trim() === '') {
    problem(where, 'blank line');
    return;
  }
  let row;
  try {
    row = JSON.parse(raw);
  } catch (e) {
    problem(where, `invalid JSON (${e.message})`);
    return;
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) {
    problem(where, 'not a JSON object');
    return;
  }
  cases++;
  const w = typeof row.id === 'string' && row.id ? `${where} (${row.id})` : where;

  for (const f of REQUIRED) if (!(f in row)) problem(w, `missing field "${f}"`);

  // id
  if (typeof row.id !== 'string' || row.id.trim() === '') problem(w, 'id must be a non-empty string');
  else if (ids.has(row.id)) problem(w, `duplicate id (first seen on line ${ids.get(row.id)})`);
  else ids.set(row.id, i + 1);

  // kind
  const kindOk = KINDS.includes(row.kind);
  if (!kindOk) problem(w, `kind must be one of ${KINDS.join(', ')}, got ${JSON.stringify(row.kind)}`);

  // turns
  if (!Array.isArray(row.turns) || row.turns.length === 0) {
    problem(w, 'turns must be a non-empty array of strings');
  } else {
    row.turns.forEach((t, j) => {
      if (typeof t !== 'string' || t.trim() === '') problem(w, `turns[${j}] must be a non-empty string`);
    });
    const minTurns = MIN_TURNS[row.kind];
    if (minTurns && row.turns.length < minTurns) problem(w, `${row.kind} case needs at least ${minTurns} user turns`);
  }

  // collection
  if (typeof row.collection !== 'string' || row.collection.trim() === '') {
    problem(w, 'collection must be a non-empty string (the corpus folder name)');
  } else if (row.collection.includes('/') || !isDir(path.join(corpusDir, row.collection))) {
    problem(w, `collection "${row.collection}" is not a folder of ${corpusDir}`);
  }

  // gold
  if (!Array.isArray(row.gold)) {
    problem(w, 'gold must be an array');
  } else {
    const seen = new Set();
    for (const g of row.gold) {
      if (seen.has(g)) problem(w, `gold "${g}" listed twice`);
      seen.add(g);
      checkGold(w, g, row.collection);
    }
    if (row.kind === 'unanswerable' && row.gold.length !== 0) problem(w, 'unanswerable case must have gold []');
    if (kindOk && row.kind !== 'unanswerable' && row.gold.length === 0) problem(w, `gold is empty but kind is "${row.kind}" (only unanswerable cases have gold [])`);
  }

  // reference (optional short reference answer)
  if ('reference' in row) {
    if (typeof row.reference !== 'string' || row.reference.trim() === '') problem(w, 'reference must be a non-empty string when present');
    if (row.kind === 'unanswerable') problem(w, 'unanswerable case must not have a reference');
    else if (typeof row.reference === 'string' && row.reference.trim() !== '') withReference++;
  }

  // counts
  const k = kindOk ? row.kind : `invalid:${row.kind}`;
  const c = typeof row.collection === 'string' ? row.collection : '(none)';
  byKind[k] = (byKind[k] ?? 0) + 1;
  byCollection[c] = (byCollection[c] ?? 0) + 1;
  table[c] ??= {};
  table[c][k] = (table[c][k] ?? 0) + 1;
});

// report
console.log(`dataset:   ${file}`);
console.log(`corpus:    ${corpusDir}`);
console.log(`cases:     ${cases}`);
console.log(`reference: ${withReference} of ${cases - (byKind.unanswerable ?? 0)} cases that are not unanswerable`);
console.log('\nper kind:');
for (const [k, n] of Object.entries(byKind)) console.log(`  ${k.padEnd(14)} ${n}`);
console.log('\nper collection:');
for (const [c, n] of Object.entries(byCollection).sort()) console.log(`  ${c.padEnd(18)} ${n}`);
const kinds = Object.keys(byKind);
console.log('\ncollection x kind:');
console.log(`  ${''.padEnd(18)} ${kinds.map((k) => k.slice(0, 12).padStart(13)).join('')}`);
for (const c of Object.keys(table).sort()) console.log(`  ${c.padEnd(18)} ${kinds.map((k) => String(table[c][k] ?? 0).padStart(13)).join('')}`);

if (problems.length) {
  console.error(`\n${problems.length} problem(s):`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log('\nOK: no problems found');
