/**
 * Reads a docs folder (Mintlify MDX with docs.json, or VuePress / plain Markdown) into an
 * ImportBundle. Pure reading: nothing is written anywhere.
 *
 * Which files become articles — every .md/.mdx file ends up in exactly one of these:
 * - snippet: any file under a `snippets/` (or `_snippets/`) folder. Snippets are inlined where
 *   they are imported, never imported as articles.
 * - deliberately skipped (reported through `opts.onSkip`, not a failure):
 *   - `SOURCE.md`, `LICENSE.md`, `LICENCE.md`, `NOTICE.md` at the folder root: provenance of the
 *     folder, not documentation.
 *   - with a docs.json: `README.md` files that the navigation does not list. Mintlify never
 *     publishes those; in polar-docs it is the contributors' "how to run the docs locally" readme.
 *     (Without docs.json, e.g. VuePress, a README.md is the folder's index page and is imported.)
 *   - with a docs.json: pages listed only under a non-default `versions`/`languages` entry
 *     (older/newer copies of the same page; polar's `api-reference/2026-10/introduction`).
 *   - symbolic links whose target is outside the folder, broken links, and links to a folder
 *     already read (a loop); links whose target is inside the folder are followed.
 *   - a file whose whole text is a relative path to a Markdown file ("../SECURITY.md"): a
 *     symbolic link that git saved as a file.
 *   - with a docs.json: `api-reference/**` pages that the navigation does not list. Mintlify API
 *     reference pages are generated from OpenAPI; a hand-written page outside the navigation is an
 *     unpublished copy (polar's unversioned `api-reference/introduction`). Listed API reference
 *     pages (polar's current "API Overview": base URLs, auth, rate limits) are help content for
 *     developers using the product and are imported. Changelog pages are imported.
 * - failure: the file could not be read or converted (reason given), or is not UTF-8 (refused
 *   rather than imported with U+FFFD; a leading UTF-8 BOM is fine).
 * - article: everything else.
 *
 * Images: a local image an article shows (Markdown `![]()`, a reference, or MDX `<img>`) is looked
 * up in the folder — relative to the document, or for a site-absolute path under the content root,
 * the docs.json folder, the folder root, and a VuePress `.vuepress/public` — and listed in the
 * bundle's `assets` (copied later by the writer) with its URL rewritten to
 * `/media/<collection slug>/<path in the folder>`. One not found is listed in `missingImages`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ImportBundle, ImportedArticle, ImportedAsset, ImportedCategory } from '../types';
import { decodeUtf8 } from './encoding';
import { applyLinkPolicy, type ImageResolver, makeLinkResolver, normalizeRoute } from './links';
import { type AnyNode, nodeText, parseMarkdown, printMarkdown, takeFrontMatter } from './markdown';
import { convertMdx, type SnippetContent, snippetStrings } from './mdx';
import { type Navigation, parseNavigation, planCategories } from './navigation';
import { readProductInfo } from './product';
import { fillLivePattern, readSourceInfo } from './source';
import { convertContainers, convertHtmlNodes, removeTocMarkers, separateContainerFences } from './vuepress';

export interface ReadDocsFolderOptions {
  /** Collection name; defaults to the folder's base name. */
  collection?: string;
  /** Called once per file deliberately not imported (snippets are not reported). */
  onSkip?: (sourceId: string, reason: string) => void;
}

const MD_EXT = /\.(md|mdx)$/i;
/** Image files the media store serves (lib/content/media.ts has the same list). */
const IMAGE_EXT = /\.(png|jpe?g|gif|webp|avif|svg)$/i;
const METADATA_FILES = new Set(['source.md', 'license.md', 'licence.md', 'notice.md']);
const MAX_TITLE = 300;
const MAX_SUMMARY = 1000;

/**
 * Lowercase ASCII slug fragment: `Finance & Payouts` → `finance-payouts`, `ColdCardWallet` →
 * `coldcardwallet`. Matches the slug rule of the save pipeline (`[a-z0-9]+(-[a-z0-9]+)*`).
 */
export function slugPart(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `use-case` → `Use Case`, `FAQ` → `FAQ`, `ColdCardWallet` → `Cold Card Wallet`. */
export function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => (w === w.toUpperCase() ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}

/** A file whose whole text is one relative path to a Markdown file: a symbolic link saved as a file. */
const LINK_STAND_IN = /^(?:\.{1,2}\/)+[\w./-]*\.(?:md|mdx|markdown)$/i;

/**
 * Every file under `root` (dot entries and node_modules left out), as sorted `/` paths relative to
 * it. Symbolic links are followed when their target is inside the folder; a folder reached twice
 * (a link loop, or a second link to one folder) is read once. Links leaving the folder, broken
 * links and folders already read are reported through `onSkip` with the reason.
 */
async function listFiles(root: string, onSkip?: (rel: string, reason: string) => void): Promise<string[]> {
  const out: string[] = [];
  const rootReal = await fs.realpath(root);
  const seen = new Map<string, string>([[rootReal, '']]);
  const inside = (real: string) => real === rootReal || real.startsWith(rootReal + path.sep);
  const walk = async (dir: string, relDir: string) => {
    const entries = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const abs = path.join(dir, e.name);
      const rel = relDir ? `${relDir}/${e.name}` : e.name;
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const real = await fs.realpath(abs).catch(() => null);
        if (!real) {
          onSkip?.(rel, 'broken symbolic link (its target does not exist)');
          continue;
        }
        if (!inside(real)) {
          onSkip?.(rel, 'symbolic link to a path outside the folder, not followed');
          continue;
        }
        const st = await fs.stat(real);
        isDir = st.isDirectory();
        isFile = st.isFile();
      }
      if (isDir) {
        const real = await fs.realpath(abs);
        if (seen.has(real)) {
          const first = seen.get(real)!;
          onSkip?.(rel, `symbolic link to a folder already read (${first || 'the folder itself'}), not read twice`);
          continue;
        }
        seen.set(real, rel);
        await walk(abs, rel);
      } else if (isFile) out.push(rel);
    }
  };
  await walk(root, '');
  return out.sort();
}

/** Folder names that hold a docs site's pages rather than name a topic of them. */
const WRAPPER_FOLDERS = new Set(['docs', 'doc', 'documentation', 'content', 'contents', 'src', 'source', 'pages', 'articles', 'md', 'markdown', 'site', 'website', 'www', 'public']);

function commonDir(files: string[]): string {
  if (!files.length) return '';
  let parts = path.posix.dirname(files[0]).split('/');
  for (const f of files.slice(1)) {
    const p = path.posix.dirname(f).split('/');
    let i = 0;
    while (i < parts.length && i < p.length && parts[i] === p[i]) i++;
    parts = parts.slice(0, i);
  }
  const dir = parts.join('/');
  return dir === '.' ? '' : dir;
}

const fromRoot = (root: string, rel: string) => (root && rel.startsWith(`${root}/`) ? rel.slice(root.length + 1) : rel);
const stripExt = (p: string) => p.replace(MD_EXT, '');

interface ArticleFile {
  rel: string;
  sourceId: string;
  /** Path from the content root without extension, README/index → folder ('' = home). */
  route: string;
  /** Directory from the content root ('' = root). */
  dir: string;
  slug: string;
  isIndex: boolean;
}

/**
 * Reads a docs folder into an import bundle.
 * @param folder path to the folder (absolute, or relative to the working directory).
 * @param opts.collection collection name (default: the folder's base name); the bundle's collection
 *   is its slug (`slugPart`), and article slugs are prefixed with it. `sourceId`s always use the folder's base name.
 * @param opts.onSkip receives each deliberately skipped file (see the module comment).
 * @returns `{ collection, product, license, attribution, categories, articles, failures, assets,
 *   missingImages }`: articles ordered by category then position; a file that cannot be read or
 *   converted is listed in `failures` with its reason instead of stopping the import; `assets` are
 *   the image files the articles show (to copy), `missingImages` the ones not in the folder.
 * @throws Error when the folder does not exist / is not a directory, holds no .md/.mdx file, or the
 *   collection name has no letter or digit.
 */
export async function readDocsFolder(folder: string, opts: ReadDocsFolderOptions = {}): Promise<ImportBundle> {
  const root = path.resolve(folder);
  let stat;
  try {
    stat = await fs.stat(root);
  } catch {
    throw new Error(`Docs folder not found: ${root}`);
  }
  if (!stat.isDirectory()) throw new Error(`Not a folder: ${root}`);
  const folderName = path.basename(root);
  const sid = (rel: string) => `${folderName}/${rel}`;
  const collection = (opts.collection ?? folderName).trim();
  const colSlug = slugPart(collection);
  if (!colSlug) throw new Error(`Collection name "${collection}" needs at least one letter or digit`);

  const skipped: { sourceId: string; reason: string }[] = [];
  const skip = (rel: string, reason: string) => {
    skipped.push({ sourceId: sid(rel), reason });
    opts.onSkip?.(sid(rel), reason);
  };
  const allFiles = await listFiles(root, skip);
  const mdFiles = allFiles.filter((f) => MD_EXT.test(f));
  if (!mdFiles.length) throw new Error(`No Markdown (.md/.mdx) files in ${root}`);

  const failures: ImportBundle['failures'] = [];

  // Mintlify navigation: the shallowest docs.json / mint.json.
  let nav: Navigation | null = null;
  let navDir = '';
  const configs = allFiles.filter((f) => /(^|\/)(docs|mint)\.json$/.test(f)).sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  if (configs.length) {
    try {
      nav = parseNavigation(JSON.parse(await fs.readFile(path.join(root, configs[0]), 'utf8')));
      navDir = path.posix.dirname(configs[0]) === '.' ? '' : path.posix.dirname(configs[0]);
    } catch (err) {
      failures.push({ sourceId: sid(configs[0]), reason: `navigation ignored: ${(err as Error).message}` });
      nav = null;
    }
  }

  const isMetadata = (rel: string) => !rel.includes('/') && METADATA_FILES.has(rel.toLowerCase());
  const isSnippet = (rel: string) => rel.split('/').some((s) => s === 'snippets' || s === '_snippets');

  // Content root: where navigation pages resolve (docs.json dir, or its docs/ subfolder), else the
  // deepest folder that holds every document.
  const mdSet = new Set(mdFiles);
  let contentRoot = '';
  const navPages: string[] = [];
  if (nav) {
    const collect = (n: Navigation['root']): void => {
      for (const i of n.items) {
        if ('page' in i) navPages.push(i.page);
        else collect(i);
      }
    };
    collect(nav.root);
    const hits = (base: string) => navPages.filter((p) => ['.mdx', '.md'].some((e) => mdSet.has(path.posix.join(base || '.', stripExt(p.replace(/^\/+/, '')) + e).replace(/^\.\//, '')))).length;
    const sub = navDir ? `${navDir}/docs` : 'docs';
    contentRoot = hits(sub) > hits(navDir) ? sub : navDir;
  } else {
    contentRoot = commonDir(mdFiles.filter((f) => !isMetadata(f)));
  }
  const listedRoutes = new Set(navPages.map((p) => normalizeRoute(p)));
  const otherVersionRoutes = new Set([...(nav?.otherVersionPages ?? [])].map((p) => normalizeRoute(p)));

  const product = await readProductInfo(root, allFiles, { contentRoot, name: opts.collection?.trim() || undefined });
  const source = await readSourceInfo(root, { siteName: nav?.name ?? null, mintlify: nav !== null });
  const liveUrl = (route: string) => (source.livePattern ? fillLivePattern(source.livePattern, route) : null);

  // Images: every image file of the folder, plus VuePress's public folders (dot folders are not
  // listed above).
  const imageFiles = new Set(allFiles.filter((f) => IMAGE_EXT.test(f)));
  for (const pub of new Set(['.vuepress/public', path.posix.join(contentRoot || '.', '.vuepress/public')])) {
    const abs = path.join(root, pub);
    if (!(await fs.stat(abs).catch(() => null))?.isDirectory()) continue;
    for (const f of await listFiles(abs)) if (IMAGE_EXT.test(f)) imageFiles.add(path.posix.normalize(`${pub}/${f}`));
  }
  const assets = new Map<string, ImportedAsset>();
  const missingImages: { sourceId: string; url: string }[] = [];
  const mediaUrl = (rel: string) => `/media/${colSlug}/${rel.split('/').map(encodeURIComponent).join('/')}`;
  const imageResolver =
    (fileRel: string): ImageResolver =>
    (url: string) => {
      const cut = url.search(/[?#]/);
      let p = cut >= 0 ? url.slice(0, cut) : url;
      try {
        p = decodeURI(p);
      } catch {
        /* keep as written */
      }
      const candidates: string[] = [];
      if (p.startsWith('/')) {
        const abs = p.replace(/^\/+/, '');
        const roots = new Set([contentRoot, navDir, '', '.vuepress/public', path.posix.join(contentRoot || '.', '.vuepress/public')]);
        const stripped = [
          abs,
          ...basePrefixes(source.livePattern, contentRoot)
            .filter((x) => abs.startsWith(`${x}/`))
            .map((x) => abs.slice(x.length + 1)),
        ];
        for (const r of roots) for (const a of stripped) candidates.push(path.posix.join(r || '.', a));
      } else {
        candidates.push(path.posix.join(path.posix.dirname(fileRel), p));
      }
      const found = candidates.map((c) => path.posix.normalize(c).replace(/^\.\//, '')).find((c) => !c.startsWith('..') && imageFiles.has(c));
      if (!found) {
        missingImages.push({ sourceId: sid(fileRel), url });
        return null;
      }
      if (!assets.has(found)) assets.set(found, { file: path.join(root, ...found.split('/')), mediaPath: `${colSlug}/${found}` });
      return mediaUrl(found);
    };

  // Classify files.
  const articleFiles: ArticleFile[] = [];
  for (const rel of mdFiles) {
    if (isMetadata(rel)) {
      skip(rel, 'folder metadata (provenance/license), not documentation');
      continue;
    }
    if (isSnippet(rel)) continue;
    const inner = fromRoot(contentRoot, rel);
    const route = normalizeRoute(stripExt(inner));
    const base = path.posix.basename(stripExt(inner)).toLowerCase();
    if (nav) {
      const listed = listedRoutes.has(route) || listedRoutes.has(stripExt(inner));
      if (base === 'readme' && !listed) {
        skip(rel, 'README not in docs.json navigation: contributor readme, not published');
        continue;
      }
      if (!listed && otherVersionRoutes.has(stripExt(inner))) {
        skip(rel, 'listed only under a non-default version in docs.json');
        continue;
      }
      if (!listed && /^api-reference(\/|$)/.test(inner)) {
        skip(rel, 'API reference page not in docs.json navigation (unpublished copy)');
        continue;
      }
    }
    const dir = path.posix.dirname(inner) === '.' ? '' : path.posix.dirname(inner);
    const slugBase = [colSlug, ...(route ? route.split('/').map(slugPart).filter(Boolean) : ['home'])].join('-');
    articleFiles.push({ rel, sourceId: sid(rel), route, dir, slug: slugBase, isIndex: base === 'readme' || base === 'index' });
  }
  // File contents (articles and snippets).
  const texts = new Map<string, string>();
  for (const rel of mdFiles) {
    if (isMetadata(rel)) continue;
    try {
      const decoded = decodeUtf8(await fs.readFile(path.join(root, rel)));
      if (decoded.ok) texts.set(rel, decoded.text);
      else failures.push({ sourceId: sid(rel), reason: decoded.reason });
    } catch (err) {
      failures.push({ sourceId: sid(rel), reason: `unreadable: ${(err as Error).message}` });
    }
  }

  // Front matter an export wrote (lib/content/export.ts): the article's own slug, source id,
  // category, order, status and source URL come back as they were.
  const metaOf = new Map<string, ExportedMeta>();
  const claimedIds = new Set(articleFiles.map((a) => a.sourceId));
  for (const a of articleFiles) {
    const raw = texts.get(a.rel);
    if (raw === undefined) continue;
    const meta = peekExportedMeta(raw);
    metaOf.set(a.rel, meta);
    if (meta.sourceId && meta.sourceId !== a.sourceId && !claimedIds.has(meta.sourceId)) {
      claimedIds.add(meta.sourceId);
      a.sourceId = meta.sourceId;
    }
  }
  // Unique, stable slugs: front matter slugs first, then path slugs; collisions get -2, -3 … in
  // path order.
  const usedSlugs = new Set<string>();
  const fixedSlug = new Set<ArticleFile>();
  for (const a of articleFiles) {
    const own = metaOf.get(a.rel)?.slug;
    if (own && !usedSlugs.has(own)) {
      usedSlugs.add(own);
      a.slug = own;
      fixedSlug.add(a);
    }
  }
  for (const a of articleFiles) {
    if (fixedSlug.has(a)) continue;
    let s = a.slug.slice(0, 190).replace(/-+$/, '');
    const baseSlug = s;
    for (let i = 2; usedSlugs.has(s); i++) s = `${baseSlug}-${i}`;
    usedSlugs.add(s);
    a.slug = s;
  }
  const routes = new Map<string, string>();
  for (const a of articleFiles) if (!routes.has(a.route)) routes.set(a.route, a.slug);

  // Snippets: converted once, on demand; a cycle or a broken snippet yields null (element dropped).
  const snippetCache = new Map<string, SnippetContent | null>();
  const inProgress = new Set<string>();
  const snippetErrors = new Map<string, string>();
  const convertSnippet = (rel: string): SnippetContent | null => {
    if (snippetCache.has(rel)) return snippetCache.get(rel)!;
    if (inProgress.has(rel)) return null;
    inProgress.add(rel);
    let result: SnippetContent | null = null;
    try {
      const tree = parseMarkdown(texts.get(rel)!, rel.toLowerCase().endsWith('.mdx'));
      takeFrontMatter(tree);
      const strings = snippetStrings(tree);
      convertMdx(tree, { loadSnippet: loadSnippet(rel) });
      convertContainers(tree);
      convertHtmlNodes(tree);
      result = { blocks: tree.children ?? [], strings };
    } catch (err) {
      snippetErrors.set(rel, errorReason(err));
    }
    inProgress.delete(rel);
    snippetCache.set(rel, result);
    return result;
  };
  const loadSnippet =
    (fromRel: string) =>
    (importSource: string): SnippetContent | null => {
      if (!importSource.startsWith('/') && !importSource.startsWith('.')) return null; // package import
      const joined = importSource.startsWith('/') ? path.posix.join(contentRoot || '.', importSource.replace(/^\/+/, '')) : path.posix.join(path.posix.dirname(fromRel), importSource);
      const rel = path.posix.normalize(joined).replace(/^\.\//, '');
      const found = (MD_EXT.test(rel) ? [rel] : [`${rel}.mdx`, `${rel}.md`]).find((c) => texts.has(c));
      return found ? convertSnippet(found) : null;
    };
  // Every snippet is converted once up front so a broken one is reported even if nothing uses it.
  for (const rel of mdFiles) {
    if (!isSnippet(rel) || !texts.has(rel)) continue;
    convertSnippet(rel);
    if (snippetErrors.has(rel)) failures.push({ sourceId: sid(rel), reason: `snippet: ${snippetErrors.get(rel)}` });
  }

  // Convert articles.
  const converted = new Map<string, { title: string; summary: string; body: string }>();
  for (const a of articleFiles) {
    const raw = texts.get(a.rel);
    if (raw === undefined) continue; // already a failure
    if (raw.replace(/^\uFEFF/, '').trim() === '') {
      // A 0-byte or blank file would be a published page with a title made from its name and nothing under it.
      skip(a.rel, 'empty file: nothing to publish');
      continue;
    }
    const linkTarget = LINK_STAND_IN.exec(raw.replace(/^\uFEFF/, '').trim());
    if (linkTarget) {
      // Git keeps a symbolic link as a file holding its target's path when links are not checked
      // out as links (polar-docs' security.mdx is "../SECURITY.md"): a page of that one line is no article.
      skip(a.rel, `a symbolic link saved as a file (its whole text is the path ${linkTarget[0]}): nothing to publish`);
      continue;
    }
    try {
      converted.set(
        a.sourceId,
        convertDocument(raw, a, {
          collection,
          loadSnippet: loadSnippet(a.rel),
          resolver: makeLinkResolver({ routes, liveUrl, basePrefixes: basePrefixes(source.livePattern, contentRoot) }, a.dir),
          resolveImage: imageResolver(a.rel),
        }),
      );
    } catch (err) {
      failures.push({ sourceId: a.sourceId, reason: errorReason(err) });
    }
  }
  const ok = articleFiles.filter((a) => converted.has(a.sourceId));

  // Categories.
  interface Cat {
    slug: string;
    name: string;
    navOrder: number;
    members: { id: string; order: number; fallbackKey: string | null }[];
    /** Position given by front matter (`category_position`), kept as is. */
    position?: number;
  }
  const cats = new Map<string, Cat>();
  const catOf = new Map<string, string>();
  const fallbackKey = (a: ArticleFile) => `${a.isIndex ? 0 : 1}:${a.rel.toLowerCase()}`;
  const byRoute = new Map(ok.map((a) => [a.route, a.sourceId]));
  const fixedPosition = new Map<string, number>();
  for (const a of ok) {
    const m = metaOf.get(a.rel);
    if (m?.position !== undefined) fixedPosition.set(a.sourceId, m.position);
    if (!m?.category) continue;
    const slug = m.categorySlug ?? `${colSlug}-${slugPart(m.category) || 'general'}`;
    if (!cats.has(slug)) cats.set(slug, { slug, name: m.category, navOrder: m.categoryPosition ?? Infinity, members: [], position: m.categoryPosition });
    cats.get(slug)!.members.push({ id: a.sourceId, order: m.position ?? Infinity, fallbackKey: fallbackKey(a) });
    catOf.set(a.sourceId, slug);
  }
  if (nav) {
    const plan = planCategories(nav, (page) => byRoute.get(normalizeRoute(page)) ?? null, slugPart);
    for (const c of plan.categories) cats.set(`${colSlug}-${c.key}`, { slug: `${colSlug}-${c.key}`, name: c.name, navOrder: Infinity, members: [] });
    for (const [id, { category, order }] of plan.assignment) {
      if (catOf.has(id)) continue;
      const cat = cats.get(`${colSlug}-${category}`)!;
      cat.members.push({ id, order, fallbackKey: null });
      cat.navOrder = Math.min(cat.navOrder, order);
      catOf.set(id, cat.slug);
    }
  }
  const unassigned = ok.filter((a) => !catOf.has(a.sourceId) && !metaOf.get(a.rel)?.noCategory);
  // Every document in one folder below the import's root ("billing/*.md", the content root then):
  // that folder is their category, as it was when the folder had siblings. A re-import after the
  // other folders were removed moved every article to "General". A conventional wrapper ("docs")
  // names no category.
  const soleFolder = path.posix.basename(contentRoot);
  const folderCategory = !nav && contentRoot && !WRAPPER_FOLDERS.has(soleFolder.toLowerCase()) && ok.every((x) => x.dir === '') ? soleFolder : '';
  for (const a of unassigned) {
    let slug: string | null = null;
    if (nav) {
      // Majority category of the navigation-listed files of the same directory, when those are at
      // least half of the directory.
      const siblings = ok.filter((s) => s.dir === a.dir);
      const listed = siblings.filter((s) => catOf.has(s.sourceId) && !unassigned.includes(s));
      if (listed.length && listed.length * 2 >= siblings.length) {
        const tally = new Map<string, number>();
        for (const s of listed) tally.set(catOf.get(s.sourceId)!, (tally.get(catOf.get(s.sourceId)!) ?? 0) + 1);
        slug = [...tally.entries()].sort((x, y) => y[1] - x[1] || cats.get(x[0])!.navOrder - cats.get(y[0])!.navOrder)[0][0];
      }
    }
    if (!slug) {
      const top = a.dir ? a.dir.split('/')[0] : folderCategory;
      slug = top ? `${colSlug}-${slugPart(top) || 'general'}` : `${colSlug}-general`;
      if (!cats.has(slug)) cats.set(slug, { slug, name: top ? humanize(top) : 'General', navOrder: Infinity, members: [] });
    }
    cats.get(slug)!.members.push({ id: a.sourceId, order: Infinity, fallbackKey: fallbackKey(a) });
  }
  const ordered = [...cats.values()]
    .filter((c) => c.members.length)
    .sort((x, y) => {
      if (x.navOrder !== y.navOrder) return x.navOrder - y.navOrder;
      if (x.name === 'General' || y.name === 'General') return x.name === 'General' ? -1 : 1;
      return x.name.localeCompare(y.name);
    });
  const categories: ImportedCategory[] = ordered.map((c, i) => ({ slug: c.slug, name: c.name, position: c.position ?? i }));
  const articlePlace = new Map<string, { category: string; position: number }>();
  for (const c of ordered) {
    c.members
      .sort((x, y) => x.order - y.order || (x.fallbackKey ?? '').localeCompare(y.fallbackKey ?? ''))
      .forEach((m, i) => {
        articlePlace.set(m.id, { category: c.slug, position: fixedPosition.get(m.id) ?? i });
      });
  }

  const catPos = new Map(categories.map((c) => [c.slug, c.position]));
  const articles: ImportedArticle[] = ok.map((a) => {
    const conv = converted.get(a.sourceId)!;
    const place = articlePlace.get(a.sourceId);
    const meta = metaOf.get(a.rel);
    return {
      ...(meta?.status ? { status: meta.status } : {}),
      ...(meta?.license !== undefined ? { license: meta.license } : {}),
      ...(meta?.attribution !== undefined ? { attribution: meta.attribution } : {}),
      sourceId: a.sourceId,
      slug: a.slug,
      title: conv.title,
      summary: conv.summary,
      body: conv.body,
      categorySlug: place?.category ?? null,
      sourceUrl: meta?.sourceUrl !== undefined ? meta.sourceUrl : liveUrl(a.route),
      position: place?.position ?? fixedPosition.get(a.sourceId) ?? 0,
    };
  });
  articles.sort((x, y) => (catPos.get(x.categorySlug ?? '') ?? Infinity) - (catPos.get(y.categorySlug ?? '') ?? Infinity) || x.position - y.position || x.sourceId.localeCompare(y.sourceId));
  failures.sort((x, y) => x.sourceId.localeCompare(y.sourceId));
  return {
    // The product's key in addresses (/products/<slug>): the name as a slug ("My Widget Docs" → my-widget-docs, "../../etc" → etc).
    collection: colSlug,
    product,
    license: source.license,
    attribution: source.attribution,
    categories,
    articles,
    failures,
    skipped: skipped.sort((x, y) => (x.sourceId < y.sourceId ? -1 : x.sourceId > y.sourceId ? 1 : 0)),
    assets: [...assets.values()].sort((x, y) => x.mediaPath.localeCompare(y.mediaPath)),
    missingImages,
  };
}

function basePrefixes(livePattern: string | null, contentRoot: string): string[] {
  const out = new Set<string>();
  if (livePattern) {
    try {
      const p = new URL(livePattern.slice(0, livePattern.indexOf('<'))).pathname.replace(/^\/+|\/+$/g, '');
      if (p) out.add(p);
    } catch {
      /* not a URL */
    }
  }
  if (contentRoot) out.add(contentRoot);
  return [...out];
}

function errorReason(err: unknown): string {
  const e = err as { message?: string; line?: number; column?: number; reason?: string };
  const msg = (e?.reason ?? e?.message ?? String(err)).split('\n')[0];
  return e?.line ? `${msg} (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : msg;
}

interface ConvertOptions {
  collection: string;
  loadSnippet: (source: string) => SnippetContent | null;
  resolver: ReturnType<typeof makeLinkResolver>;
  resolveImage: ImageResolver;
}

/** Converts one document's text to `{ title, summary, body }`; throws on a parse error. */
function convertDocument(raw: string, file: ArticleFile, o: ConvertOptions): { title: string; summary: string; body: string } {
  const exported = exportedDocument(raw);
  if (exported) return exported;
  const mdx = file.rel.toLowerCase().endsWith('.mdx');
  const tree = parseMarkdown(mdx ? raw : separateContainerFences(raw), mdx);
  const fm = takeFrontMatter(tree);
  if (mdx) convertMdx(tree, { loadSnippet: o.loadSnippet });
  convertContainers(tree);
  removeTocMarkers(tree);
  convertHtmlNodes(tree);
  applyLinkPolicy(tree, o.resolver, o.resolveImage);

  const children = tree.children ?? [];
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  let title = str(fm.title);
  const firstH1 = children.findIndex((c) => c.type === 'heading' && c.depth === 1);
  if (!title && firstH1 >= 0) {
    title = nodeText(children[firstH1]).trim();
    children.splice(firstH1, 1);
  } else if (title && firstH1 === 0 && sameText(nodeText(children[0]), title)) {
    children.splice(0, 1);
  }
  if (!title) title = str(fm.heroText);
  if (!title) {
    const base = path.posix.basename(stripExt(file.rel));
    const named = file.isIndex ? (file.dir ? path.posix.basename(file.dir) : o.collection) : base;
    title = humanize(named) || named;
  }
  const body = printMarkdown(tree as AnyNode);
  return {
    title: title.replace(/\s+/g, ' ').slice(0, MAX_TITLE),
    summary: str(fm.description).replace(/\s+/g, ' ').slice(0, MAX_SUMMARY),
    body,
  };
}

function sameText(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return n(a) === n(b);
}

/**
 * A file written by `npm run export` (front matter `resolve_export: 1`): its body is this help
 * center's stored Markdown already, taken verbatim (no MDX/VuePress conversion, no link policy)
 * so export → import gives the same text. Title and summary come from `title` / `description`.
 * @returns null for any other file.
 */
function exportedDocument(raw: string): { title: string; summary: string; body: string } | null {
  const m = FRONT_MATTER.exec(raw);
  if (!m) return null;
  let fm: Record<string, unknown>;
  try {
    fm = takeFrontMatter(parseMarkdown(`---\n${m[1]}\n---\n`, false));
  } catch {
    return null;
  }
  if (fm.resolve_export !== 1 || typeof fm.title !== 'string') return null;
  return {
    title: fm.title.trim().slice(0, MAX_TITLE),
    summary: typeof fm.description === 'string' ? fm.description.trim().slice(0, MAX_SUMMARY) : '',
    body: raw.slice(m[0].length).replace(/^\r?\n/, ''),
  };
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;

/** Article fields an export (lib/content/export.ts) writes into front matter, read back on import. */
interface ExportedMeta {
  slug?: string;
  sourceId?: string;
  category?: string;
  /** `category: null`: the article has no category (not one from the folder structure). */
  noCategory?: boolean;
  categorySlug?: string;
  categoryPosition?: number;
  position?: number;
  status?: 'draft' | 'published' | 'archived';
  /** null when the export said `source_url: null`. */
  sourceUrl?: string | null;
  /** The article's own license / attribution (`license: null`: none), when the export wrote them. */
  license?: string | null;
  attribution?: string | null;
}

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Reads the export fields of a document's front matter (BOM already removed) (`slug`, `source_id`, `category`,
 * `category_slug`, `category_position`, `position`, `status`, `source_url`, `license`, `attribution`); a field with a value
 * of the wrong shape is ignored, and so is front matter that does not parse (the conversion
 * reports that).
 */
function peekExportedMeta(raw: string): ExportedMeta {
  const m = FRONT_MATTER.exec(raw);
  if (!m) return {};
  let fm: Record<string, unknown>;
  try {
    const tree = parseMarkdown(`---\n${m[1]}\n---\n`, false);
    fm = takeFrontMatter(tree);
  } catch {
    return {};
  }
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1_000_000 ? v : undefined);
  const out: ExportedMeta = {};
  const slug = text(fm.slug);
  if (slug && slug.length <= 200 && SLUG_RE.test(slug)) out.slug = slug;
  const sourceId = text(fm.source_id);
  if (sourceId && sourceId.length <= 1000) out.sourceId = sourceId;
  const category = text(fm.category);
  if (category && category.length <= 200) out.category = category;
  if ('category' in fm && fm.category === null) out.noCategory = true;
  const categorySlug = text(fm.category_slug);
  if (out.category && categorySlug && SLUG_RE.test(categorySlug)) out.categorySlug = categorySlug;
  out.categoryPosition = int(fm.category_position);
  out.position = int(fm.position);
  if (fm.status === 'draft' || fm.status === 'published' || fm.status === 'archived') out.status = fm.status;
  if (fm.source_url === null) out.sourceUrl = null;
  else if (typeof fm.source_url === 'string' && /^https?:\/\//.test(fm.source_url) && fm.source_url.length <= 2000) out.sourceUrl = fm.source_url;
  if (fm.license === null) out.license = null;
  else if (typeof fm.license === 'string' && fm.license.trim() && fm.license.length <= 200) out.license = fm.license.trim();
  if (fm.attribution === null) out.attribution = null;
  else if (typeof fm.attribution === 'string' && fm.attribution.trim() && fm.attribution.length <= 2000) out.attribution = fm.attribution.trim();
  for (const k of Object.keys(out) as (keyof ExportedMeta)[]) if (out[k] === undefined) delete out[k];
  return out;
}
