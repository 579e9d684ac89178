/**
 * Throughput of a production server under concurrent users, on both engines:
 *
 *   npm run bench:load -- [--engines embedded,server] [--clients 1,4,16] [--duration 15] [--route search|article] [--search-cache on|off] [--json]
 *
 * For each engine it imports the three corpora (../shared/corpus, `--corpus-dir`) into a fresh
 * database — an embedded one in .data/bench-load, or the database `resolve_bench_load` on the
 * PostgreSQL server at 127.0.0.1:5432 (recreated by scripts/ci/create-test-db.sh) — starts
 * `next start` of the existing build (`npm run build` first) with rate limits off, and drives it
 * with autocannon at each concurrency level for `--duration` seconds (after a 3 s warm-up), each
 * connection one visitor with its own visitor cookie, as a browser keeps it:
 *   - `search`: `GET /api/search?prefix=1&q=…` with the development set's questions typed as a user
 *     types them (each visitor types one question's prefixes at word boundaries, then the next
 *     question), scoped to the question's product;
 *   - `article`: `GET /articles/<slug>` over the imported articles (the page a search result opens).
 * The load generator runs on the same machine (2 cores here), so absolute figures are a floor.
 *
 * Prints per engine and level: requests/s, latency p50/p95/p99 (ms, from every response's time as
 * autocannon measured it), non-2xx responses, errors and the share of requests whose path that
 * server had been sent before (what the search result cache can answer; `--search-cache off` turns
 * the cache off to measure the search itself); then the server/embedded ratio of
 * requests/s per level, and the server process's peak RSS (MB) per engine.
 *
 * Exit codes: 0 done; 1 a server or import failed, or any request failed; 2 bad arguments.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startNextServer, type NextServer } from '../tests/instances/next-server';
import { importCorpus } from './bench/import-corpus';
import { rssMb } from './bench/rss';
import { percentile } from '@/lib/evals/metrics';

const USAGE = 'usage: npm run bench:load -- [--engines embedded,server] [--clients 1,4,16] [--duration 15] [--route search|article] [--search-cache on|off] [--corpus-dir ../shared/corpus] [--json]';
const CORPORA = ['polar-docs', 'spree-user-docs', 'btcpay-docs'];

interface LevelResult {
  engine: string;
  clients: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Share of this level's requests whose path the server had already been sent (a result cache can answer them). */
  repeated: number;
}

/**
 * Search paths typing users send: per dev question, every word-boundary prefix (3–500 chars),
 * scoped to its product, as `/api/search?prefix=1&q=…&collection=…`.
 * @param datasetFile eval JSONL (`turns`, `collection`). @returns one sequence of paths per question, in dataset order.
 */
function typedSearchPaths(datasetFile: string): string[][] {
  const all: string[][] = [];
  for (const line of fs.readFileSync(datasetFile, 'utf8').split('\n')) {
    const out: string[] = [];
    all.push(out);
    if (!line.trim()) continue;
    const c = JSON.parse(line) as { turns: string[]; collection?: string };
    const q = c.turns[c.turns.length - 1];
    const words = q.split(/\s+/);
    for (let i = 1; i <= words.length; i++) {
      const prefix = words.slice(0, i).join(' ');
      // The API refuses more than 500 characters (400), as the search box never sends them.
      if (prefix.length < 3 || [...prefix].length > 500) continue;
      out.push(`/api/search?prefix=1&q=${encodeURIComponent(prefix)}${c.collection ? `&collection=${encodeURIComponent(c.collection)}` : ''}`);
    }
  }
  return all.filter((q) => q.length > 0);
}

/** Article page paths of the running server, from searches for common support words. */
async function articlePaths(base: string): Promise<string[]> {
  const slugs = new Set<string>();
  for (const q of ['refund', 'payout', 'invoice', 'order', 'product', 'wallet', 'checkout', 'subscription', 'stock', 'server']) {
    const res = await fetch(`${base}/api/search?q=${q}&limit=20`);
    for (const r of ((await res.json()) as { results: { slug: string }[] }).results) slugs.add(r.slug);
  }
  if (slugs.size === 0) throw new Error('no articles found to request');
  return [...slugs].map((s) => `/articles/${s}`);
}

/**
 * One autocannon run: `clients` connections for `seconds`. Each connection is one visitor, with
 * its own visitor cookie (as a browser keeps it), that sends one sequence of paths after another
 * (for search: types one question, prefix by prefix, then the next question not yet taken).
 * @param sequences path sequences, taken in turn by the connections (article pages: one path each).
 * @param seen paths this server was sent before (for the "repeated paths" share).
 */
async function drive(
  base: string,
  sequences: string[][],
  clients: number,
  seconds: number,
  seen: Set<string>,
): Promise<{ rps: number; requests: number; times: number[]; non2xx: number; errors: number; repeats: number; sent: number }> {
  let nextSequence = 0;
  let repeats = 0;
  let sent = 0;
  const times: number[] = [];
  const runId = Date.now().toString(36);
  let visitors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: clients,
        duration: seconds,
        setupClient: (client) => {
          const cookie = `resolve_client=bench-${runId}-${++visitors}`;
          let sequence: string[] = [];
          let at = 0;
          client.setRequests([
            {
              method: 'GET',
              headers: { cookie },
              setupRequest: (req) => {
                if (at >= sequence.length) {
                  sequence = sequences[nextSequence++ % sequences.length];
                  at = 0;
                }
                req.path = sequence[at++];
                sent++;
                if (seen.has(req.path)) repeats++;
                else seen.add(req.path);
                return req;
              },
            },
          ]);
        },
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
  return { rps: result.requests.total / seconds, requests: result.requests.total, times, non2xx: result.non2xx, errors: result.errors + result.timeouts, repeats, sent };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Starts the engine's server on a freshly imported database. */
async function startEngine(engine: string, corpusDir: string, searchCache: boolean): Promise<NextServer> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', RESOLVE_RATE_LIMIT: 'off' };
  if (!searchCache) env.RESOLVE_SEARCH_CACHE_ENTRIES = '0';
  if (engine === 'server') {
    env.DATABASE_URL = execFileSync('bash', ['scripts/ci/create-test-db.sh', 'resolve_bench_load'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } else {
    delete env.DATABASE_URL;
    env.RESOLVE_DATA_DIR = path.join('.data', 'bench-load');
    fs.rmSync(env.RESOLVE_DATA_DIR, { recursive: true, force: true });
  }
  for (const c of CORPORA) importCorpus(path.join(corpusDir, c), env);
  return startNextServer({ env });
}

/** The command: resolves to the exit code (see the header). */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        engines: { type: 'string', default: 'embedded,server' },
        clients: { type: 'string', default: '1,4,16' },
        duration: { type: 'string', default: '15' },
        route: { type: 'string', default: 'search' },
        'search-cache': { type: 'string', default: 'on' },
        'corpus-dir': { type: 'string', default: path.resolve('../shared/corpus') },
        json: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const engines = args.engines!.split(',');
  const levels = args.clients!.split(',').map(Number);
  const seconds = Number(args.duration);
  if (
    engines.some((e) => e !== 'embedded' && e !== 'server') ||
    levels.some((n) => !Number.isInteger(n) || n < 1 || n > 256) ||
    !(seconds >= 1 && seconds <= 600) ||
    !['search', 'article'].includes(args.route!) ||
    !['on', 'off'].includes(args['search-cache']!)
  ) {
    console.error(USAGE);
    return 2;
  }
  if (!fs.existsSync(path.join('.next', 'BUILD_ID'))) {
    console.error('no production build: run `npm run build` first');
    return 1;
  }
  const results: LevelResult[] = [];
  const peakRss: Record<string, number> = {};
  for (const engine of engines) {
    let server: NextServer | null = null;
    try {
      server = await startEngine(engine, args['corpus-dir']!, args['search-cache'] === 'on');
      const base = `http://127.0.0.1:${server.port}`;
      const paths = args.route === 'search' ? typedSearchPaths(path.join('evals', 'dev.jsonl')) : (await articlePaths(base)).map((p) => [p]);
      const seen = new Set<string>();
      await drive(base, paths, 4, 3, seen); // warm-up: caches, word vectors, JIT
      const pid = server.proc.pid!;
      let peak = rssMb(pid);
      for (const clients of levels) {
        const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 500);
        const r = await drive(base, paths, clients, seconds, seen);
        clearInterval(timer);
        const row = {
          engine,
          clients,
          requests: r.requests,
          rps: Math.round(r.rps * 10) / 10,
          p50: round1(percentile(r.times, 50)),
          p95: round1(percentile(r.times, 95)),
          p99: round1(percentile(r.times, 99)),
          non2xx: r.non2xx,
          errors: r.errors,
          repeated: r.sent ? Math.round((r.repeats / r.sent) * 1000) / 1000 : 0,
        };
        results.push(row);
        if (!args.json) console.error(`${engine} ${clients} clients: ${row.rps} req/s, p95 ${row.p95} ms`);
      }
      peakRss[engine] = peak;
    } catch (err) {
      console.error(`bench:load (${engine}): ${(err as Error).message}`);
      await server?.stop();
      return 1;
    }
    await server.stop();
  }
  const ratios = levels.map((clients) => {
    const e = results.find((r) => r.engine === 'embedded' && r.clients === clients);
    const s = results.find((r) => r.engine === 'server' && r.clients === clients);
    return { clients, serverOverEmbedded: e && s && e.rps > 0 ? Math.round((s.rps / e.rps) * 100) / 100 : null };
  });
  if (args.json) {
    console.log(JSON.stringify({ route: args.route, seconds, searchCache: args['search-cache'], results, ratios, peakRssMb: peakRss }, null, 2));
  } else {
    console.log(
      `\n${args.route === 'search' ? `GET /api/search?prefix=1 (dev questions as typed), search result cache ${args['search-cache']}` : 'GET /articles/<slug>'}, ${seconds} s per level, load generator on the same machine\n`,
    );
    console.log('| engine | clients | req/s | p50 ms | p95 ms | p99 ms | non-2xx | errors | repeated paths |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.engine} | ${r.clients} | ${r.rps} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.non2xx} | ${r.errors} | ${r.repeated} |`);
    if (ratios.some((r) => r.serverOverEmbedded !== null)) console.log(`\nserver/embedded req/s: ${ratios.map((r) => `${r.clients} clients ${r.serverOverEmbedded}×`).join(', ')}`);
    console.log(
      `peak RSS of the server process: ${Object.entries(peakRss)
        .map(([e, mb]) => `${e} ${mb} MB`)
        .join(', ')}`,
    );
  }
  const failed = results.reduce((a, r) => a + r.errors + r.non2xx, 0);
  if (failed > 0) {
    console.error(`${failed} requests failed or answered non-2xx`);
    return 1;
  }
  return 0;
}

main().then((code) => process.exit(code));
