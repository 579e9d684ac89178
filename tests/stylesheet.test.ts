/**
 * The stylesheet (app/globals.css) compiled as `next dev` and `next build` compile it: PostCSS
 * with @tailwindcss/postcss (postcss.config.mjs). Every file the compile reports as read is a
 * dependency Turbopack reads and watches, so a data folder in the repository must never be one:
 * with `RESOLVE_DATA_DIR=./mydata`, Tailwind's automatic source detection scanned it, Turbopack
 * panicked reading the CLI's Unix socket there (`mydata/control.sock`: "No such device or
 * address") and every page answered 500, reloading in a loop.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tailwind from '@tailwindcss/postcss';
import postcss, { type AcceptedPlugin } from 'postcss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const STYLESHEET = path.join(ROOT, 'app', 'globals.css');

/** A class name that appears nowhere but in the data folder this test makes. */
const DATA_ONLY_CLASS = 'text-[#0d1e2f]';

let dataDir: string;
let socket: net.Server;

beforeAll(async () => {
  // A data folder as a user names it: in the repository, not `.data`, not in .gitignore; holding
  // what the app keeps there (the control socket, the embedded database's files).
  dataDir = fs.mkdtempSync(path.join(ROOT, 'mydata-test-'));
  fs.mkdirSync(path.join(dataDir, 'pglite', 'base', '1'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'pglite', 'base', '1', '1259'), `pg_class ${DATA_ONLY_CLASS}`);
  fs.writeFileSync(path.join(dataDir, 'pglite.lock'), String(process.pid));
  fs.writeFileSync(path.join(dataDir, 'notes.ts'), `export const note = '${DATA_ONLY_CLASS}';\n`);
  socket = net.createServer();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.listen(path.join(dataDir, 'control.sock'), () => resolve());
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Compiles the stylesheet; returns its CSS, the files it read and the folders it watches. */
async function compile(): Promise<{ css: string; files: string[]; dirs: string[] }> {
  // The postcss Next runs loaders with (its own dependency, hoisted); the plugin types its own copy.
  const result = await postcss([tailwind() as unknown as AcceptedPlugin]).process(fs.readFileSync(STYLESHEET, 'utf8'), { from: STYLESHEET });
  const files: string[] = [];
  const dirs: string[] = [];
  for (const m of result.messages) {
    if (m.type === 'dependency') files.push(m.file as string);
    if (m.type === 'dir-dependency') dirs.push(m.dir as string);
  }
  return { css: result.css, files, dirs };
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(`${dir}${path.sep}`);

describe('the stylesheet', () => {
  it('never reads or watches a data folder in the repository, whatever its name (its socket made Turbopack panic)', async () => {
    const { css, files, dirs } = await compile();
    expect(files.filter((f) => inside(f, dataDir))).toEqual([]);
    expect(dirs.filter((d) => inside(d, dataDir) || inside(dataDir, d))).toEqual([]);
    expect(css).not.toContain('#0d1e2f');
  });

  it("still holds the classes the app's pages use", async () => {
    const { css, files } = await compile();
    // components/help/SearchBox.tsx, components/help/HelpShell.tsx (a variant), app/ pages.
    for (const selector of ['.top-1\\/2', '.focus\\:not-sr-only', '.-translate-y-1\\/2']) expect(css, selector).toContain(selector);
    expect(files).toContain(path.join(ROOT, 'components', 'help', 'SearchBox.tsx'));
    expect(files.some((f) => inside(f, path.join(ROOT, 'app')))).toBe(true);
  });
});
