/**
 * Two instances, one database: starts two `next start` processes of the built app (run
 * `npm run build` first) on two ports against the Postgres server in DATABASE_URL, and shows that
 * they behave as one: a rate limit spent on one is spent on the other, an admin session made on
 * one works on the other, an article saved through one is found by /api/search on the other at once.
 *
 * Run with `DATABASE_URL=… npm run test:instances` (its own vitest config; not part of `npm test`).
 * Without DATABASE_URL there is nothing to share: the file reports itself as not applicable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './next-server';

const url = process.env.DATABASE_URL;
const ROOT = path.resolve(__dirname, '..', '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

if (!url) {
  describe('two instances, one database', () => {
    it('NOT APPLICABLE without DATABASE_URL: two instances need a Postgres server to share (the embedded database is one process)', () => {
      console.warn('[instances] not applicable: set DATABASE_URL to a Postgres server to run the two-instance test');
    });
  });
}

interface Instance {
  name: string;
  base: string;
  proc: ChildProcess;
  log: string[];
}

async function startInstance(name: string, dataDir: string): Promise<Instance> {
  const port = await freePort();
  const log: string[] = [];
  const proc = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, RESOLVE_DATA_DIR: dataDir, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const s of [proc.stdout, proc.stderr]) s?.on('data', (d: Buffer) => log.push(`[${name}] ${d.toString()}`));
  const inst = { name, base: `http://127.0.0.1:${port}`, proc, log };
  // Ready once start-up (migrate, seed) has finished: /api/collections waits for it.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode}:\n${log.join('')}`);
    try {
      const res = await fetch(`${inst.base}/api/collections`);
      if (res.status === 200) return inst;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} not ready after 90 s:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** POSTs `body` from a chosen local address (127.0.0.x are all this machine), without cookies. */
function postFrom(localAddress: string, target: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** POSTs `total` bytes of spaces as a chunked body (no Content-Length), generated as it is sent. */
function postChunked(target: string, total: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const piece = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < total) {
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/** The id of a server action of the build, from Next's server reference manifest. */
function actionId(exportedName: string, fileHint: string): string {
  const file = path.join(ROOT, '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { node: Record<string, { exportedName?: string; filename?: string }> };
  const hit = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName && (!v.filename || v.filename.includes(fileHint)));
  if (!hit) throw new Error(`no server action ${exportedName} in ${file}`);
  return hit[0];
}

/** The hidden `$ACTION…` inputs of the first form on a page (what a browser without JS posts). */
function hiddenActionFields(html: string): [string, string][] {
  const fields: [string, string][] = [];
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name?.startsWith('$ACTION'))
      fields.push([
        name,
        value
          .replace(/&quot;/g, '"')
          .replace(/&amp;/g, '&')
          .replace(/&#x27;/g, "'")
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>'),
      ]);
  }
  return fields;
}

describe.skipIf(!url)('two instances, one database (PostgreSQL server)', () => {
  let a: Instance;
  let b: Instance;
  const dirs: string[] = [];
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `instances-${run}@example.com`;
  const password = 'two instances one database';

  beforeAll(async () => {
    if (!fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) throw new Error('no build: run `npm run build` before `npm run test:instances`');
    for (const n of ['a', 'b']) dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), `resolve-instance-${n}-`)));
    // One after the other, as a rolling start would: the first migrates and seeds, the second finds it done.
    a = await startInstance('A', dirs[0]);
    b = await startInstance('B', dirs[1]);
    // The admin account, made as `npm run admin:create` makes it, in the shared database.
    const { openDatabase } = await import('@/db/client');
    const { createStaffUser } = await import('@/lib/auth/users');
    const handle = await openDatabase({ url });
    try {
      await createStaffUser(handle.db, { email, password, role: 'admin' });
    } finally {
      await handle.close();
    }
  }, 200_000);

  afterAll(async () => {
    for (const inst of [a, b]) {
      if (!inst || inst.proc.exitCode !== null) continue;
      const exited = new Promise((r) => inst.proc.once('exit', r));
      inst.proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (inst.proc.exitCode === null) inst.proc.kill('SIGKILL');
    }
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a rate limit spent on one instance is spent on the other', async () => {
    const { RATE_LIMITS } = await import('@/lib/rate-limit');
    const limit = RATE_LIMITS.handoff.perClient;
    const cookie = `resolve_client=instances-${run}`;
    // An invalid body: counted, then refused with 400, so nothing is stored. A new
    // X-Forwarded-For per request changes nothing (no trusted proxy hops).
    const send = (inst: Instance, i: number) =>
      fetch(`${inst.base}/api/handoffs`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` }, body: '{}' });
    const statuses: number[] = [];
    for (let i = 0; i < limit; i++) statuses.push((await send(i % 2 ? b : a, i)).status);
    expect(statuses).toEqual(Array(limit).fill(400));
    // Each instance has seen only half the budget, yet both refuse: the count is shared.
    const [onA, onB] = [await send(a, 100), await send(b, 101)];
    expect(onA.status).toBe(429);
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('limits cookie-less clients by their socket address, on both instances; X-Forwarded-For is ignored', async () => {
    const { RATE_LIMITS } = await import('@/lib/rate-limit');
    const limit = RATE_LIMITS.handoff.perClient;
    const send = (from: string, inst: Instance, i: number) => postFrom(from, `${inst.base}/api/handoffs`, '{}', { 'x-forwarded-for': `198.51.100.${i}` });
    for (let i = 0; i < limit; i++) expect(await send('127.0.0.2', i % 2 ? b : a, i)).toBe(400);
    expect(await send('127.0.0.2', a, 50)).toBe(429);
    expect(await send('127.0.0.2', b, 51)).toBe(429);
    // Another address has its own budget: the server told them apart by the socket, not a header.
    expect(await send('127.0.0.3', b, 52)).toBe(400);
  });

  it('answers a 300 MB chunked POST to /api/feedback with 413 without buffering it', async () => {
    const before = rssMb(a.proc.pid!);
    const res = await postChunked(`${a.base}/api/feedback`, 300 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('payload_too_large:body');
    // Far below the 300 MB a buffered body would take (Next's own proxy step may hold up to 10 MB).
    expect(rssMb(a.proc.pid!) - before).toBeLessThan(120);
  });

  let adminCookie = '';

  it('an admin session made on one instance works on the other', async () => {
    const page = await (await fetch(`${a.base}/admin/login`)).text();
    const form = new FormData();
    for (const [k, v] of hiddenActionFields(page)) form.append(k, v);
    expect([...form.keys()].some((k) => k.startsWith('$ACTION'))).toBe(true);
    form.append('email', email);
    form.append('password', password);
    const res = await fetch(`${a.base}/admin/login`, { method: 'POST', body: form, redirect: 'manual', headers: { origin: a.base } });
    // `__Secure-` prefixed under NODE_ENV=production without an http BETTER_AUTH_URL.
    const setCookie = res.headers.getSetCookie().find((c) => /^(__Secure-)?resolve\.session_token=/.test(c));
    expect(setCookie, `sign-in on A answered ${res.status} without a session cookie`).toBeTruthy();
    adminCookie = setCookie!.split(';')[0];

    const signedOut = await fetch(`${b.base}/admin`, { redirect: 'manual' });
    expect(signedOut.status).toBeGreaterThanOrEqual(300);
    expect(signedOut.headers.get('location') ?? '').toContain('/admin/login');
    const onB = await fetch(`${b.base}/admin`, { headers: { cookie: adminCookie }, redirect: 'manual' });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain(email);
  });

  it('an article saved through one instance is found by /api/search on the other at once', async () => {
    expect(adminCookie).not.toBe('');
    const word = `quokkavent${run.replace(/[^a-z]/g, '')}`;
    const form = new FormData();
    form.append(`$ACTION_ID_${actionId('saveArticleAction', 'articles/actions')}`, '');
    form.append('title', `Resetting the ${word} gauge`);
    form.append('summary', 'Made by the two-instance test.');
    form.append('body', `## Steps\n\nOpen the ${word} panel and press reset. The ${word} gauge returns to zero.`);
    form.append('categoryId', '');
    form.append('intent', 'publish');
    const saved = await fetch(`${a.base}/admin/articles/new`, { method: 'POST', body: form, redirect: 'manual', headers: { cookie: adminCookie, origin: a.base } });
    expect(saved.status).toBeLessThan(400);

    const res = await fetch(`${b.base}/api/search?q=${word}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { title: string }[] };
    expect(body.results.map((r) => r.title)).toContain(`Resetting the ${word} gauge`);
  });

  it('each instance listens for search generation changes, and a rename through the database reaches its cached results', async () => {
    const search = async (inst: Instance, q: string) => ((await (await fetch(`${inst.base}/api/search?q=${encodeURIComponent(q)}`)).json()) as { results: { slug: string; title: string }[] }).results;
    // Searches on both instances; each holds its one LISTEN connection (lib/search/generation.ts)
    // whichever copy of db/client.ts in Next's build opened the database.
    const q = 'refund a payment';
    for (const inst of [a, b]) for (let i = 0; i < 3; i++) await search(inst, q);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const listening = await client.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and query = 'LISTEN resolve_search_generation'`);
      expect(listening.rows[0].n).toBeGreaterThanOrEqual(2);
      const top = (await search(b, q))[0];
      expect(top).toBeDefined();
      const renamed = `${top.title} (${run})`;
      await client.query('update articles set title = $1 where slug = $2', [renamed, top.slug]);
      let seen = false;
      for (const deadline = Date.now() + 5000; !seen && Date.now() < deadline; ) {
        seen = (await search(b, q)).some((r) => r.title === renamed);
        if (!seen) await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen).toBe(true);
      await client.query('update articles set title = $1 where slug = $2', [top.title, top.slug]);
    } finally {
      await client.end();
    }
  });
});
