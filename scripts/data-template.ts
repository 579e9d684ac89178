/**
 * npm run build's last step: makes the prepared empty embedded database a new data folder starts
 * from (db/template.ts): initdb and every migration in a temporary folder, dumped as a gzipped tar
 * into .next/resolve/ with the migrations' hash and the PGlite version; and the word-vector cache
 * (lib/ai/glove.ts) when it is not there yet. About 10–20 s, once per build.
 *
 * Exit codes: 0 written; 1 failed (the build still works: start-up then runs initdb itself).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { currentTemplateMeta, templateDir, writeTemplate } from '@/db/template';
import { loadWordVectors } from '@/lib/ai/glove';

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-template-'));
  const t0 = performance.now();
  try {
    process.env.RESOLVE_DATA_TEMPLATE = '0'; // made from scratch, never from an older template
    const handle = await openDatabase({ dataDir: path.join(dir, 'pglite') });
    const tarball = await handle.dumpDataDir!();
    await handle.close();
    await writeTemplate(tarball, currentTemplateMeta(path.join(process.cwd(), 'db', 'migrations')));
    console.log(`data template: ${(tarball.size / 1e6).toFixed(1)} MB in ${path.relative(process.cwd(), templateDir())} (${Math.round(performance.now() - t0)} ms)`);
    const t1 = performance.now();
    const words = loadWordVectors().size;
    console.log(`word vectors: ${words} words cached (${Math.round(performance.now() - t1)} ms)`);
    return 0;
  } catch (err) {
    console.error('data template failed; a first start will run initdb itself:', err);
    return 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
