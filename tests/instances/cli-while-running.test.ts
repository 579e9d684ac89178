/**
 * CLI commands while the site runs (lib/cli/forward.ts, lib/cli/control-server.ts): a real
 * `next start` of the build holds the embedded database; `npm run admin:create`, `npm run import`
 * and `npm run db:backup` run meanwhile — the server runs them on its open database and streams
 * their output back — and what they wrote is live on the running site at once.
 *
 * Embedded database in a temporary folder (DATABASE_URL is not used: with a server nothing is
 * forwarded). Runs with `npm run test:instances` (after `npm run build`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startNextServer, type NextServer } from './next-server';

describe.runIf(fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')))('CLI commands while next start holds the embedded database', () => {
  let server: NextServer;
  let port: number;
  let work: string;
  let env: NodeJS.ProcessEnv;

  /**
   * Runs `npm run -s <script> -- args` from the repo root, as a user would. Asynchronously: with
   * spawnSync this process's event loop stood still for the command's seconds, so fetch's
   * keep-alive socket outlived its idle timeout unnoticed, was reused right after, and met the
   * server closing it ("other side closed").
   */
  const npm = (script: string, args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn('npm', ['run', '-s', script, '--', ...args], { cwd: ROOT, env, timeout: 240_000 });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
    });

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-cli-live-'));
    env = { ...process.env, RESOLVE_DATA_DIR: path.join(work, 'data'), NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
    delete env.DATABASE_URL;
    server = await startNextServer({ env });
    port = server.port;
  });

  afterAll(async () => {
    await server?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('admin:create runs in the server: created once, a duplicate and bad arguments keep their exit codes', async () => {
    const first = await npm('admin:create', ['--email', 'live@example.com', '--password', 'a-long-enough-password']);
    expect(first.err).toContain('run by the server that holds the embedded database');
    expect(first.out).toContain('Admin live@example.com created');
    expect(first.code).toBe(0);
    const again = await npm('admin:create', ['--email', 'live@example.com', '--password', 'a-long-enough-password']);
    expect(again.err).toContain('already exists');
    expect(again.code).toBe(1);
    const bad = await npm('admin:create', ['--email', 'x@example.com']);
    expect(bad.err).toContain('Missing --password');
    expect(bad.code).toBe(2);
  }, 120_000);

  it('the admin made while the site runs signs in to it at once', async () => {
    const base = `http://127.0.0.1:${port}`;
    const page = await (await fetch(`${base}/admin/login`)).text();
    const form = new FormData();
    for (const m of page.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(m[0])?.[1];
      const value = (/value="([^"]*)"/.exec(m[0])?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      if (name?.startsWith('$ACTION')) form.append(name, value);
    }
    form.append('email', 'live@example.com');
    form.append('password', 'a-long-enough-password');
    const res = await fetch(`${base}/admin/login`, { method: 'POST', body: form, redirect: 'manual', headers: { origin: base } });
    const session = res.headers.getSetCookie().find((c) => /^(__Secure-)?resolve\.session_token=/.test(c));
    expect(session, `sign-in answered ${res.status} without a session cookie`).toBeTruthy();
    const admin = await fetch(`${base}/admin/users`, { headers: { cookie: session!.split(';')[0] }, redirect: 'manual' });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toContain('live@example.com');
  }, 60_000);

  it('import runs in the server and the running site finds the new article at once', async () => {
    const folder = path.join(work, 'live-docs');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'quokka-payouts.md'), '# Quokka payouts\n\nQuokka payouts settle every Thursday after the zanzibar review.\n');
    fs.writeFileSync(path.join(folder, 'other.md'), '# Another page\n\nNothing to see here, only filler about invoices.\n');
    const r = await npm('import', [folder, '--collection', 'live-docs']);
    expect(r.err).toContain('run by the server that holds the embedded database');
    expect(r.out).toMatch(/imported: 2\b/);
    expect(r.code).toBe(0);
    const res = await fetch(`http://127.0.0.1:${port}/api/search?q=zanzibar%20review`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { title: string }[] };
    expect(body.results.map((x) => x.title)).toContain('Quokka payouts');
    // The site kept serving while and after the command ran in its process.
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  }, 240_000);

  it('db:backup of the live database writes a restorable file', async () => {
    const file = path.join(work, 'live.tar.gz');
    const r = await npm('db:backup', ['--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Backup written');
    const head = fs.readFileSync(file).subarray(0, 2);
    expect([...head]).toEqual([0x1f, 0x8b]);
    const restored = await npm('db:restore', [file, '--data-dir', path.join(work, 'restored', 'pglite')]);
    expect(restored.code).toBe(0);
  }, 240_000);
});
