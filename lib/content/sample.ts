/**
 * Bundled sample content (the fictional payments company "Ledgerly", in content/sample/): one
 * folder per category with `_category.md` (front matter: title, description, order) and one
 * Markdown file per article (front matter: title, description, order). Seeded into an empty
 * database at start-up (lib/startup.ts, `npm run db:seed`), through the same `importBundle` as any
 * docs folder.
 */
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Db } from '@/db/client';
import { countArticles } from '@/db/queries/articles';
import { importBundle } from './save';
import type { ImportBundle, ImportReport } from './types';

const SAMPLE_DIR = path.join(process.cwd(), 'content', 'sample');
const SAMPLE_COLLECTION = 'resolve';

function frontMatter(text: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!m) return { data: {}, body: text };
  const data = parseYaml(m[1]) as Record<string, unknown> | null;
  return { data: data ?? {}, body: text.slice(m[0].length) };
}

/**
 * Reads the bundled sample content.
 * @param dir folder laid out as described above (default content/sample).
 * @returns an ImportBundle with collection `resolve`; article slugs are the file names.
 * @throws Error when the folder is missing.
 */
export function readSampleContent(dir: string = SAMPLE_DIR): ImportBundle {
  const bundle: ImportBundle = {
    collection: SAMPLE_COLLECTION,
    product: { title: 'Ledgerly', description: 'Sample help center of a fictional payments company: payments, payouts, refunds and the API.', color: null },
    license: null,
    attribution: null,
    categories: [],
    articles: [],
    failures: [],
  };
  const folders = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory());
  for (const folder of folders) {
    const catDir = path.join(dir, folder.name);
    const catFile = path.join(catDir, '_category.md');
    const cat = fs.existsSync(catFile) ? frontMatter(fs.readFileSync(catFile, 'utf8')).data : {};
    bundle.categories.push({
      slug: folder.name,
      name: String(cat.title ?? folder.name.replace(/-/g, ' ')),
      description: String(cat.description ?? ''),
      position: Number(cat.order ?? bundle.categories.length),
    });
    for (const file of fs.readdirSync(catDir).filter((f) => f.endsWith('.md') && f !== '_category.md')) {
      const rel = `${folder.name}/${file}`;
      try {
        const { data, body } = frontMatter(fs.readFileSync(path.join(catDir, file), 'utf8'));
        if (!data.title) throw new Error('front matter has no title');
        bundle.articles.push({
          sourceId: `${SAMPLE_COLLECTION}/${rel}`,
          slug: file.replace(/\.md$/, ''),
          title: String(data.title),
          summary: String(data.description ?? ''),
          body: body.trim(),
          categorySlug: folder.name,
          sourceUrl: null,
          position: Number(data.order ?? 0),
        });
      } catch (err) {
        bundle.failures.push({ sourceId: `${SAMPLE_COLLECTION}/${rel}`, reason: (err as Error).message });
      }
    }
  }
  return bundle;
}

/**
 * Seeds the sample content when the database has no article at all.
 * @param opts.onProgress called with (articles saved, articles in the sample): once with 0 before
 *   the first save, then after each article.
 * @returns the import report, or null when the database already had articles.
 * @throws Error when the sample folder is missing; the driver's error when a write fails.
 */
export async function seedIfEmpty(db: Db, opts: { onProgress?: (done: number, total: number) => void } = {}): Promise<ImportReport | null> {
  if ((await countArticles(db)) > 0) return null;
  const bundle = readSampleContent();
  opts.onProgress?.(0, bundle.articles.length);
  const report = await importBundle(db, bundle, { onProgress: opts.onProgress });
  console.log(`[resolve] seeded ${report.imported} sample articles`);
  return report;
}
