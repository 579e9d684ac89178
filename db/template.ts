/**
 * A prepared empty embedded database, made once by `npm run build` (scripts/data-template.ts):
 * PGlite's initdb of a new data folder takes 5–10 s on 2 cores and blocks the process's only
 * thread meanwhile, so a first `npm run start` could not even answer with its "Preparing" page.
 * A new data folder is instead started from this template (PGlite's `loadDataDir`, a gzipped tar
 * of a data folder after initdb and every migration), which takes about 1–2 s. The template is
 * used only when it was made from the same migrations and the same PGlite version; otherwise
 * start-up runs initdb as before.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the build puts the template and its description: next to the build it belongs to
 * (`.next/resolve`), or RESOLVE_TEMPLATE_DIR (tests).
 */
export function templateDir(): string {
  return process.env.RESOLVE_TEMPLATE_DIR || path.join(process.cwd(), '.next', 'resolve');
}
const templateFile = () => path.join(templateDir(), 'pglite-template.tar.gz');
const templateMeta = () => path.join(templateDir(), 'pglite-template.json');

/** What a template was made from. */
export interface TemplateMeta {
  /** sha256 of the migrations folder (file names and contents, journal included). */
  migrations: string;
  /** The @electric-sql/pglite version that made it. */
  pglite: string;
}

/**
 * The identity of the current migrations and PGlite version.
 * @param migrationsFolder db/migrations.
 * @returns `{ migrations, pglite }`; `pglite` is '' when its package.json cannot be read.
 */
export function currentTemplateMeta(migrationsFolder: string): TemplateMeta {
  const hash = crypto.createHash('sha256');
  const files = [
    ...fs.readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')),
    ...fs
      .readdirSync(path.join(migrationsFolder, 'meta'))
      .filter((f) => f === '_journal.json')
      .map((f) => path.join('meta', f)),
  ].sort();
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(fs.readFileSync(path.join(migrationsFolder, f)))
      .update('\0');
  let pglite = '';
  try {
    pglite = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version ?? '';
  } catch {
    // not installed where expected: no template matches
  }
  return { migrations: hash.digest('hex'), pglite };
}

/**
 * The template for a new data folder, when there is one made from these migrations and this PGlite.
 * @param dataDir the PGlite folder about to be opened; a folder that already holds a database
 *   (PG_VERSION) never gets one. @param migrationsFolder db/migrations.
 * @returns the gzipped tar as a Blob, or null (no template, a stale one, or an existing database).
 */
export function templateFor(dataDir: string, migrationsFolder: string): Blob | null {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return null;
  try {
    const meta = JSON.parse(fs.readFileSync(templateMeta(), 'utf8')) as TemplateMeta;
    const now = currentTemplateMeta(migrationsFolder);
    if (!now.pglite || meta.migrations !== now.migrations || meta.pglite !== now.pglite) return null;
    return new Blob([fs.readFileSync(templateFile())]);
  } catch {
    return null;
  }
}

/**
 * Writes a template (scripts/data-template.ts).
 * @param tarball PGlite's `dumpDataDir('gzip')` of a freshly migrated, empty database.
 * @param meta what it was made from (`currentTemplateMeta`).
 * @throws file system errors.
 */
export async function writeTemplate(tarball: Blob, meta: TemplateMeta): Promise<void> {
  fs.mkdirSync(templateDir(), { recursive: true });
  fs.writeFileSync(templateFile(), Buffer.from(await tarball.arrayBuffer()));
  fs.writeFileSync(templateMeta(), `${JSON.stringify(meta, null, 2)}\n`);
}
