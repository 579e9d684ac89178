/**
 * Lighthouse (mobile, the npm package's default config: emulated Moto G Power, simulated slow 4G
 * and 4× CPU slowdown) against a production build, with the system Chromium:
 *
 *   npm run lighthouse -- [--url http://127.0.0.1:3000] [--runs 1] [--thresholds perf/lighthouse-thresholds.json] [--cpu-slowdown 4] [--json]
 *
 * CPU slowdown: Lighthouse's preset (4×, `--cpu-slowdown` to change it) multiplies the main-thread
 * time it observed, so another process on the 2 cores lowers the score of an unchanged page; the
 * table prints each kept run's benchmark index (Lighthouse's measure of the host's speed at the
 * start of the run, higher is faster; it warns below 1,000) so a busy host can be told from a slow
 * page. (Lighthouse's calibration, docs/throttling.md, would give these hosts 11–13× for their
 * idle index of 3,200–3,600, not 4×.)
 *
 * Without `--url` it imports one corpus (`--corpus`, default ../shared/corpus/polar-docs) into a
 * fresh embedded database in `--data-dir` (default .data/lighthouse) and starts `next start` of the
 * existing build (`npm run build` first) on a free port itself, so the numbers come from the same
 * machine in the same run as the app. Pages: the home page, an imported article (the first search
 * result for `--article-query`, default "refund") and a search page (/search?q=…).
 *
 * Prints one row per page: performance, accessibility, best practices and SEO scores (0–100),
 * largest contentful paint and total blocking time (ms), JavaScript transferred before any
 * interaction (KB, gzip as served, Lighthouse's resource-summary audit) and the page's server time
 * (ms, time to first byte of the document as Lighthouse measured it). With `--runs N` each page is
 * measured N times and the median run (by performance score) is kept.
 *
 * Exit codes: 0 done (and within the thresholds when given); 1 a page is under a threshold (each
 * one named) or a run failed; 2 bad arguments.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startNextServer } from '../tests/instances/next-server';
import { importCorpus } from './bench/import-corpus';

const USAGE =
  'usage: npm run lighthouse -- [--url <base>] [--runs 1] [--thresholds perf/lighthouse-thresholds.json] [--cpu-slowdown 4] [--corpus <folder>] [--article-query refund] [--data-dir .data/lighthouse] [--json]';

/** One page's figures from one Lighthouse run. */
export interface PageFigures {
  page: string;
  url: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  /** Largest contentful paint, ms (simulated mobile). */
  lcpMs: number;
  /** Total blocking time, ms (simulated mobile). */
  tbtMs: number;
  /** Script bytes transferred on load, KB (1 KB = 1,024 bytes). */
  scriptKb: number;
  /** Scripts requested on load. */
  scripts: number;
  /** Document time to first byte as observed, ms. */
  serverMs: number;
  /** Lighthouse's benchmark index of the host at the start of the run (unitless, higher is faster). */
  benchmarkIndex: number;
  /** The CPU slowdown the audits used (× observed main-thread time). */
  cpuSlowdown: number;
}

const thresholdsSchema = z
  .object({
    performance: z.number().min(0).max(100),
    accessibility: z.number().min(0).max(100),
    bestPractices: z.number().min(0).max(100),
    seo: z.number().min(0).max(100),
    articleScriptKb: z.number().positive(),
  })
  .strict();
type Thresholds = z.infer<typeof thresholdsSchema>;

/**
 * Imports the corpus into a fresh embedded database and starts `next start` of the build on it.
 * @throws when there is no build, the corpus is missing, the import fails or the server is not ready.
 */
async function startServer(corpus: string, dataDir: string): Promise<{ base: string; stop: () => Promise<void> }> {
  if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) throw new Error('no production build: run `npm run build` first');
  if (!fs.existsSync(corpus)) throw new Error(`corpus folder ${corpus} not found (--corpus)`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, RESOLVE_DATA_DIR: dataDir, NODE_ENV: 'production' };
  delete env.DATABASE_URL;
  importCorpus(corpus, env);
  const server = await startNextServer({ env });
  return { base: `http://127.0.0.1:${server.port}`, stop: server.stop };
}

/** The first search result's article URL for the query. @throws when the search finds nothing. */
async function articleUrl(base: string, query: string): Promise<string> {
  const res = await fetch(`${base}/api/search?q=${encodeURIComponent(query)}`);
  const body = (await res.json()) as { results?: { slug: string }[] };
  const slug = body.results?.[0]?.slug;
  if (!slug) throw new Error(`no article found for "${query}" to measure`);
  return `${base}/articles/${slug}`;
}

/** Lighthouse's report, the parts read here. */
interface Lhr {
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null } | undefined>;
  audits: Record<string, { numericValue?: number; details?: unknown } | undefined>;
  environment?: { benchmarkIndex?: number };
  configSettings?: { throttling?: { cpuSlowdownMultiplier?: number } };
}

const LIGHTHOUSE_CLI = path.join('node_modules', 'lighthouse', 'cli', 'index.js');
const CHROME_FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage';
const CATEGORIES = '--only-categories=performance,accessibility,best-practices,seo';

/** Runs Lighthouse's CLI with the system Chromium. @returns its stdout. @throws when it exits non-zero. */
function lighthouseCli(args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      [LIGHTHOUSE_CLI, ...args, '--quiet', `--chrome-flags=${CHROME_FLAGS}`, CATEGORIES],
      { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, maxBuffer: 256 * 1024 * 1024 },
      (err, out, errOut) => (err ? reject(new Error(`lighthouse ${args[0]} failed: ${errOut || err.message}`)) : resolve(out)),
    );
  });
}

/**
 * One Lighthouse run of one page, through the package's CLI (its page functions are serialized into
 * the browser, which a TypeScript loader's helpers would break), with the system Chromium.
 * @param cpuSlowdown the CPU slowdown multiplier (× observed main-thread time; Lighthouse's preset is 4).
 * @throws when Lighthouse fails or reports a runtime error.
 */
async function measure(page: string, url: string, cpuSlowdown: number): Promise<PageFigures> {
  const stdout = await lighthouseCli([url, `--throttling.cpuSlowdownMultiplier=${cpuSlowdown}`, '--output=json', '--output-path=stdout']);
  const lhr = JSON.parse(stdout) as Lhr;
  if (lhr.runtimeError) throw new Error(`lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const items = (lhr.audits['resource-summary']?.details as { items?: { resourceType: string; transferSize: number; requestCount: number }[] } | undefined)?.items ?? [];
  const script = items.find((i) => i.resourceType === 'script');
  return {
    page,
    url,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
    tbtMs: Math.round(lhr.audits['total-blocking-time']?.numericValue ?? 0),
    scriptKb: Math.round(((script?.transferSize ?? 0) / 1024) * 10) / 10,
    scripts: script?.requestCount ?? 0,
    serverMs: Math.round(lhr.audits['server-response-time']?.numericValue ?? 0),
    benchmarkIndex: Math.round(lhr.environment?.benchmarkIndex ?? 0),
    cpuSlowdown: lhr.configSettings?.throttling?.cpuSlowdownMultiplier ?? 0,
  };
}

/**
 * The pages under the thresholds, one message each.
 * @param rows measured pages; @param t thresholds (scores 0–100; article JavaScript in KB).
 * @returns messages naming page, metric, value and bound; empty when all pass.
 */
function checkThresholds(rows: PageFigures[], t: Thresholds): string[] {
  const out: string[] = [];
  for (const r of rows) {
    for (const key of ['performance', 'accessibility', 'bestPractices', 'seo'] as const) {
      if (r[key] < t[key]) out.push(`${r.page}: ${key} ${r[key]} < ${t[key]}`);
    }
    if (r.page === 'article' && r.scriptKb > t.articleScriptKb) out.push(`article: JavaScript ${r.scriptKb} KB > ${t.articleScriptKb} KB`);
  }
  return out;
}

function table(rows: PageFigures[]): string {
  const head = '| page | performance | accessibility | best practices | SEO | LCP ms | TBT ms | JS KB (scripts) | server ms | benchmark index | CPU slowdown |';
  const lines = rows.map(
    (r) =>
      `| ${r.page} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.lcpMs} | ${r.tbtMs} | ${r.scriptKb} (${r.scripts}) | ${r.serverMs} | ${r.benchmarkIndex} | ${r.cpuSlowdown}× |`,
  );
  return [head, '|---|---|---|---|---|---|---|---|---|---|---|', ...lines].join('\n');
}

/** The command: resolves to the exit code (see the header). */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        url: { type: 'string' },
        runs: { type: 'string', default: '1' },
        thresholds: { type: 'string' },
        corpus: { type: 'string', default: path.resolve('../shared/corpus/polar-docs') },
        'article-query': { type: 'string', default: 'refund' },
        'data-dir': { type: 'string', default: path.join('.data', 'lighthouse') },
        'cpu-slowdown': { type: 'string', default: '4' },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 9) {
    console.error(`--runs must be 1–9\n${USAGE}`);
    return 2;
  }
  const cpuSlowdown = Number(args['cpu-slowdown']);
  if (!(Number.isFinite(cpuSlowdown) && cpuSlowdown >= 1 && cpuSlowdown <= 20)) {
    console.error(`--cpu-slowdown must be a number 1–20\n${USAGE}`);
    return 2;
  }
  let thresholds: Thresholds | null = null;
  if (args.thresholds) {
    try {
      thresholds = thresholdsSchema.parse(JSON.parse(fs.readFileSync(args.thresholds, 'utf8')));
    } catch (err) {
      console.error(`cannot read thresholds ${args.thresholds}: ${(err as Error).message}`);
      return 2;
    }
  }
  let server: { base: string; stop: () => Promise<void> } | null = null;
  try {
    server = args.url ? { base: args.url.replace(/\/$/, ''), stop: async () => {} } : await startServer(args.corpus!, args['data-dir']!);
    const base = server.base;
    const pages = [
      { page: 'home', url: `${base}/` },
      { page: 'article', url: await articleUrl(base, args['article-query']!) },
      { page: 'search', url: `${base}/search?q=${encodeURIComponent(args['article-query']!)}` },
    ];
    for (const p of pages) await fetch(p.url); // warm caches (word vectors, product list)
    const rows: PageFigures[] = [];
    for (const p of pages) {
      const all: PageFigures[] = [];
      for (let i = 0; i < runs; i++) all.push(await measure(p.page, p.url, cpuSlowdown));
      all.sort((a, b) => a.performance - b.performance);
      rows.push(all[Math.floor(all.length / 2)]);
    }
    if (args.json) console.log(JSON.stringify({ runs, rows }, null, 2));
    else
      console.log(
        `Lighthouse ${(JSON.parse(fs.readFileSync(path.join('node_modules', 'lighthouse', 'package.json'), 'utf8')) as { version: string }).version}, mobile, CPU slowdown ${cpuSlowdown}×, median of ${runs} run(s) per page\n\n${table(rows)}`,
      );
    if (thresholds) {
      const failed = checkThresholds(rows, thresholds);
      if (failed.length) {
        console.error(`\nunder the thresholds in ${args.thresholds}:\n${failed.map((f) => `  ${f}`).join('\n')}`);
        return 1;
      }
      console.log(`\nwithin the thresholds in ${args.thresholds}`);
    }
    return 0;
  } catch (err) {
    console.error(`lighthouse: ${(err as Error).message}`);
    return 1;
  } finally {
    await server?.stop();
  }
}

main().then((code) => process.exit(code));
