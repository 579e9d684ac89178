/**
 * The build's prepared empty database (db/template.ts): a new data folder starts from it, only
 * when it matches the current migrations and PGlite; the database opened from it is complete and empty.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows } from '@/db/client';
import { currentTemplateMeta, templateFor, writeTemplate } from '@/db/template';

const migrations = path.join(process.cwd(), 'db', 'migrations');
let tmp: string;
let saved: string | undefined;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-template-test-'));
  saved = process.env.RESOLVE_TEMPLATE_DIR;
  process.env.RESOLVE_TEMPLATE_DIR = path.join(tmp, 'template');
});

afterAll(() => {
  if (saved === undefined) delete process.env.RESOLVE_TEMPLATE_DIR;
  else process.env.RESOLVE_TEMPLATE_DIR = saved;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('data template', () => {
  it('is used for a new data folder only when made from these migrations and this PGlite', async () => {
    const fresh = path.join(tmp, 'a', 'pglite');
    expect(templateFor(fresh, migrations)).toBeNull(); // none written yet

    process.env.RESOLVE_DATA_TEMPLATE = '0';
    const maker = await openDatabase({ dataDir: path.join(tmp, 'maker', 'pglite') });
    delete process.env.RESOLVE_DATA_TEMPLATE;
    // A probe table, so the database opened below shows it came from this template and not from initdb.
    await maker.db.execute(sql`create table template_probe (x int)`);
    const tarball = await maker.dumpDataDir!();
    await maker.close();

    await writeTemplate(tarball, { ...currentTemplateMeta(migrations), migrations: 'an older set of migrations' });
    expect(templateFor(fresh, migrations)).toBeNull();
    await writeTemplate(tarball, currentTemplateMeta(migrations));
    expect(templateFor(fresh, migrations)?.size).toBe(tarball.size);

    // A folder that already holds a database never gets the template.
    expect(templateFor(path.join(tmp, 'maker', 'pglite'), migrations)).toBeNull();

    // Opened from the template: every migration is there (the last one's sequence too), no content.
    const h = await openDatabase({ dataDir: fresh });
    try {
      expect(fs.existsSync(path.join(fresh, 'PG_VERSION'))).toBe(true);
      const [probe] = await rows<{ t: string | null }>(h.db, sql`select to_regclass('template_probe')::text as t`);
      expect(probe.t).toBe('template_probe');
      const [applied] = await rows<{ n: number }>(h.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(applied.n).toBe(journal.entries.length);
      const [articles] = await rows<{ n: number }>(h.db, sql`select count(*)::int as n from articles`);
      expect(articles.n).toBe(0);
      const [seq] = await rows<{ last_value: string }>(h.db, sql`select last_value from search_generation_seq`);
      expect(Number(seq.last_value)).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  }, 120_000);
});
