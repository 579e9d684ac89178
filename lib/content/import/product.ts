/**
 * A docs folder's product: the name, one-line description and brand colour its authors gave it.
 * Sources, first that has a value wins per field:
 *   0. `resolve-product.json` (`PRODUCT_FILE`), which `npm run export` writes beside the articles:
 *      `title`, `description`, `color` as the product had them.
 *   1. Mintlify `docs.json` / `mint.json`: `name`, `description`, `colors.primary`
 *      (https://mintlify.com/docs/settings/global).
 *   2. VuePress `.vuepress/config.{js,ts,mjs,cjs}`: `title`, `description`
 *      (https://v1.vuepress.vuejs.org/config/#title); then the home page's front matter
 *      (`heroText`, `tagline`: https://v1.vuepress.vuejs.org/theme/default-theme-config.html#homepage),
 *      then its `title` / `description`.
 *   3. The folder name, humanized ("spree-user-docs" → "Spree").
 * Trailing words that name the site rather than the product ("Documentation", "Docs", "Help
 * Center") are dropped: "BTCPay Server Documentation" → "BTCPay Server".
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { humanize } from './folder';

export interface ProductInfo {
  /** Display name, e.g. `Polar`; never empty. */
  title: string;
  /** One line, at most 200 characters; '' when the folder gives none. */
  description: string;
  /** `#rgb` / `#rrggbb`, or null. */
  color: string | null;
}

const SITE_WORDS = /(?:\s*[-–—|:]\s*|\s+)(?:user\s+)?(?:documentation|docs|doc|help\s*cent(?:er|re)|knowledge\s*base|manual|guides?)\s*$/i;
const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/**
 * Cleans a product name: trims, collapses spaces and drops a trailing "Documentation"-like word.
 * @returns the name, or '' when nothing is left.
 */
export function productTitle(raw: string): string {
  const t = raw.replace(/\s+/g, ' ').trim();
  const stripped = t.replace(SITE_WORDS, '').trim();
  return (stripped || t).slice(0, 80);
}

/**
 * Title from a folder name: `spree-user-docs` → `Spree`, `btcpay-docs` → `Btcpay`.
 * @returns a non-empty name for any folder name with a letter or digit.
 */
export function titleFromFolder(folderName: string): string {
  const base = folderName.replace(/[-_. ](user[-_. ])?(docs?|documentation|help|kb|guides?)$/i, '');
  return humanize(base || folderName) || folderName;
}

function oneLine(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const t = raw.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 199).trimEnd()}…` : t;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** `title: 'X'` / `description: "Y"` at the top level of a VuePress config module, by pattern (the module is not run). */
function configField(source: string, key: string): string {
  const m = new RegExp(`^\\s{0,4}${key}\\s*:\\s*(['"\`])((?:\\\\.|(?!\\1).)*)\\1`, 'm').exec(source);
  return m ? m[2].replace(/\\(.)/g, '$1') : '';
}

function frontMatter(text: string): Record<string, unknown> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!m) return {};
  try {
    const v = YAML.parse(m[1]);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The file `npm run export` writes in a collection's folder with its product's title, description and colour. */
export const PRODUCT_FILE = 'resolve-product.json';

/**
 * Reads the product info of a docs folder.
 * @param root absolute folder path; @param files its files, relative POSIX paths.
 * @param opts.contentRoot folder (relative) whose README.md / index.md is the home page.
 * @param opts.name the collection's name when the importer was given one: with no title in the
 *   folder's own files, the product is named after it as written rather than after the folder.
 * @returns `{ title, description, color }`; unreadable or malformed config files are ignored
 *   (the next source is used), so this never throws for content reasons.
 */
export async function readProductInfo(root: string, files: string[], opts: { contentRoot: string; name?: string }): Promise<ProductInfo> {
  let title = '';
  let description = '';
  let color: string | null = null;
  const exported = await readText(path.join(root, PRODUCT_FILE));
  if (exported !== null) {
    try {
      const cfg = JSON.parse(exported) as Record<string, unknown>;
      if (cfg.resolve_export === 1) {
        // Taken as written (not cleaned like a docs site's name): it is what the product was called.
        title = typeof cfg.title === 'string' ? cfg.title.replace(/\s+/g, ' ').trim().slice(0, 80) : '';
        description = oneLine(cfg.description);
        if (typeof cfg.color === 'string' && COLOR.test(cfg.color)) color = cfg.color.toLowerCase();
        if (title) return { title, description, color };
      }
    } catch {
      // malformed: the other sources name the product
    }
  }
  const mint = files.filter((f) => /(^|\/)(docs|mint)\.json$/.test(f)).sort((a, b) => a.split('/').length - b.split('/').length)[0];
  if (mint) {
    try {
      const cfg = JSON.parse((await readText(path.join(root, mint))) ?? '{}') as Record<string, unknown>;
      title ||= typeof cfg.name === 'string' ? productTitle(cfg.name) : '';
      description ||= oneLine(cfg.description);
      const primary = (cfg.colors as Record<string, unknown> | undefined)?.primary;
      if (typeof primary === 'string' && COLOR.test(primary)) color = primary.toLowerCase();
    } catch {
      // malformed docs.json: the navigation reader reports it; fall through to the other sources
    }
  }
  // Dot-folders are not in `files` (the importer skips them): probe the VuePress config paths.
  for (const dir of [...new Set([opts.contentRoot, ''])]) {
    for (const ext of ['js', 'ts', 'mjs', 'cjs']) {
      const src = await readText(path.join(root, dir, '.vuepress', `config.${ext}`));
      if (src === null) continue;
      title ||= productTitle(configField(src, 'title'));
      description ||= oneLine(configField(src, 'description'));
    }
  }
  const dir = opts.contentRoot ? `${opts.contentRoot}/` : '';
  const home = files.find((f) => ['readme.md', 'index.md', 'index.mdx'].includes(f.slice(dir.length).toLowerCase()) && f.startsWith(dir) && !f.slice(dir.length).includes('/'));
  if (home && (!title || !description)) {
    const fm = frontMatter((await readText(path.join(root, home))) ?? '');
    title ||= productTitle(typeof fm.heroText === 'string' ? fm.heroText : typeof fm.title === 'string' ? fm.title : '');
    description ||= oneLine(fm.tagline) || oneLine(fm.description);
  }
  // A name the importer typed as a title is the product's name as written ("My Widget Docs"); a
  // folder's name, or a typed name in its shape ("widgets", "polar-docs"), is cleaned (Widgets, Polar).
  const typed = opts.name?.replace(/\s+/g, ' ').trim().slice(0, 80);
  const named = typed && /[\s\p{Lu}]/u.test(typed) ? typed : titleFromFolder(typed || path.basename(root));
  return { title: title || named, description, color };
}
