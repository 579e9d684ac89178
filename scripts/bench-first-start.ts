/**
 * The first start as a new user meets it: `next start` of the existing build (`npm run build`
 * first) on an empty data folder, as on a fresh clone, while a visitor's browser keeps asking for
 * the home page.
 *
 *   npm run bench:first-start -- [--runs 1] [--json]
 *
 * Each run makes a new temporary data folder (no database, no word-vector cache), starts the
 * server on a free port and requests `/` every 100 ms from the moment the process is spawned. It
 * prints, in ms from the spawn: the first byte of any answer (the server is up), the first answer
 * that is the "Preparing the help center" page, and the first 200 answer that is the help center
 * itself (start-up done: migrate, sample articles, embeddings); and the server's peak RSS (MB,
 * process and children). The targets: first byte ≤ 2 s, help center ready ≤ 20 s.
 *
 * FIRST_START_TRACE=1 also prints every answer (ms, status, preparing page or body length) on stderr.
 *
 * Exit codes: 0 done; 1 the server exited or was not ready within 180 s; 2 bad arguments.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, ROOT } from '../tests/instances/next-server';
import { rssMb } from './bench/rss';

const USAGE = 'usage: npm run bench:first-start -- [--runs 1] [--json]';
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
const READY_TIMEOUT_MS = 180_000;

interface FirstStart {
  firstByteMs: number;
  preparingMs: number | null;
  readyMs: number;
  peakRssMb: number;
}

async function once(): Promise<FirstStart> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-first-start-'));
  const port = await freePort();
  const env = { ...process.env, RESOLVE_DATA_DIR: dataDir, NODE_ENV: 'production' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  const t0 = performance.now();
  const proc = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  for (const s of [proc.stdout, proc.stderr]) s?.on('data', (d: Buffer) => log.push(d.toString()));
  let firstByte: number | null = null;
  let preparing: number | null = null;
  let peak = 0;
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`next start exited with ${proc.exitCode}:\n${log.join('')}`);
      if (performance.now() - t0 > READY_TIMEOUT_MS) throw new Error(`the help center was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${log.join('')}`);
      if (proc.pid) peak = Math.max(peak, rssMb(proc.pid));
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(30_000) });
        firstByte ??= performance.now() - t0;
        const html = await res.text();
        if (process.env.FIRST_START_TRACE) console.error(`${Math.round(performance.now() - t0)} ms: ${res.status} ${html.includes('data-testid="preparing-message"') ? 'preparing' : html.length}`);
        if (html.includes('data-testid="preparing-message"')) preparing ??= performance.now() - t0;
        else if (res.status === 200)
          return { firstByteMs: Math.round(firstByte), preparingMs: preparing === null ? null : Math.round(preparing), readyMs: Math.round(performance.now() - t0), peakRssMb: peak };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The command: see the file's comment. */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { runs: { type: 'string', default: '1' }, json: { type: 'boolean', default: false } } }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const runs = Number(args.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) {
    console.error(`--runs must be a whole number from 1 to 20\n${USAGE}`);
    return 2;
  }
  if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
    console.error('no production build: run `npm run build` first');
    return 1;
  }
  const results: FirstStart[] = [];
  for (let i = 0; i < runs; i++) {
    try {
      results.push(await once());
    } catch (err) {
      console.error((err as Error).message);
      return 1;
    }
  }
  if (args.json) console.log(JSON.stringify({ runs: results }));
  else {
    console.log('| run | first byte (ms) | preparing page (ms) | help center ready (ms) | peak RSS (MB) |\n|---|---|---|---|---|');
    for (const [i, r] of results.entries()) console.log(`| ${i + 1} | ${r.firstByteMs} | ${r.preparingMs ?? '—'} | ${r.readyMs} | ${r.peakRssMb} |`);
  }
  return 0;
}

main().then((code) => process.exit(code));
