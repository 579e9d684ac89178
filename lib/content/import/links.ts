/**
 * Link and image policy for imported articles: links between documents of the folder point to
 * `/articles/<slug>`, links to pages that are not imported point to the live site when its URL
 * pattern is known, links to local files we do not serve are unwrapped. Local images found in the
 * folder point to their copy under `/media/<collection>/…` (see folder.ts); a local image that is
 * not in the folder keeps its alt text (as `![alt]()`, which the renderer shows as a caption), or
 * is dropped when it has none.
 */
import path from 'node:path';
import { type AnyNode, isEmpty } from './markdown';

/** What to do with one link target. */
export type LinkDecision = { action: 'keep' } | { action: 'rewrite'; url: string } | { action: 'unwrap' };

export interface LinkResolverInput {
  /** Route of every imported article (path from the content root, no extension; README/index → folder). */
  routes: Map<string, string>;
  /** Live-site URL for a route, or null when the site pattern is unknown. */
  liveUrl: (route: string) => string | null;
  /** Extra leading path segments that absolute links may carry (Mintlify `/docs/...`). */
  basePrefixes: string[];
}

const DOC_EXT = /\.(mdx?|html?)$/i;
const ROUTE_INDEX = /(^|\/)(readme|index)$/i;

/** `Deployment/README` → `Deployment`, `README` → ''. */
export function normalizeRoute(route: string): string {
  return route
    .replace(/^\/+|\/+$/g, '')
    .replace(DOC_EXT, '')
    .replace(ROUTE_INDEX, '')
    .replace(/\/+$/, '');
}

/**
 * Builds the decision function for one document.
 * @param input route table, live-site URL builder and accepted absolute prefixes.
 * @param fromRoute directory of the current document relative to the content root ('' for root),
 *   used for relative links.
 * @returns `(url) => LinkDecision`. External (`https:`, `mailto:`, `//host`) and `#anchor` links are
 *   kept; doc links that match an article are rewritten to `/articles/<slug>#anchor`; other doc
 *   links go to the live site (or are unwrapped when it is unknown); links to other local files are
 *   unwrapped.
 */
export function makeLinkResolver(input: LinkResolverInput, fromDir: string): (url: string) => LinkDecision {
  const lower = new Map<string, string>();
  for (const [route, slug] of input.routes) if (!lower.has(route.toLowerCase())) lower.set(route.toLowerCase(), slug);
  return (url: string) => {
    const raw = url.trim();
    if (!raw || raw.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) return { action: 'keep' };
    const hashAt = raw.search(/[?#]/);
    const pathPart = hashAt >= 0 ? raw.slice(0, hashAt) : raw;
    const rest = hashAt >= 0 ? raw.slice(hashAt) : '';
    const hash = rest.includes('#') ? rest.slice(rest.indexOf('#')) : '';
    let decoded = pathPart;
    try {
      decoded = decodeURI(pathPart);
    } catch {
      /* keep as is */
    }
    const candidates: string[] = [];
    if (decoded.startsWith('/')) {
      const p = decoded.replace(/^\/+/, '');
      candidates.push(p);
      for (const prefix of input.basePrefixes) {
        if (p === prefix || p.startsWith(`${prefix}/`)) candidates.push(p.slice(prefix.length));
      }
    } else {
      const joined = path.posix.normalize(path.posix.join(fromDir || '.', decoded));
      if (joined.startsWith('..')) return { action: 'unwrap' };
      candidates.push(joined === '.' ? '' : joined);
    }
    const ext = path.posix.extname(decoded.replace(/\/+$/, ''));
    const isDoc = ext === '' || DOC_EXT.test(ext);
    if (!isDoc) return { action: 'unwrap' };
    for (const c of candidates) {
      const route = normalizeRoute(c);
      const slug = input.routes.get(route) ?? lower.get(route.toLowerCase());
      if (slug) return { action: 'rewrite', url: `/articles/${slug}${hash}` };
    }
    const live = input.liveUrl(normalizeRoute(candidates[candidates.length - 1]));
    return live ? { action: 'rewrite', url: `${live}${hash}` } : { action: 'unwrap' };
  };
}

/** True for images served from elsewhere (kept); local paths are dropped. */
function isExternal(url: string): boolean {
  return /^https?:\/\//i.test(url.trim()) || url.trim().startsWith('//');
}

/**
 * Where a local image's copy is served from.
 * @param url the image URL as written in the document (relative or site-absolute).
 * @returns the served URL (`/media/<collection>/<path>`), or null when the file is not in the folder.
 */
export type ImageResolver = (url: string) => string | null;

/**
 * Applies the link/image policy to a tree in place: links and definitions are rewritten or
 * unwrapped via `resolve`; local images (and image references to local definitions) point to the
 * URL `resolveImage` gives, or become `![alt]()` when it gives none (removed when the alt is empty);
 * links and paragraphs left empty are removed.
 * @param tree mdast root; mutated.
 * @param resolve decision function from `makeLinkResolver`.
 * @param resolveImage served URL of a local image (default: none is served).
 */
export function applyLinkPolicy(tree: AnyNode, resolve: (url: string) => LinkDecision, resolveImage: ImageResolver = () => null): void {
  const localDefs = new Map<string, string>();
  const unwrapDefs = new Set<string>();
  const collect = (node: AnyNode) => {
    if (node.type === 'definition') {
      const id = String(node.identifier ?? '').toLowerCase();
      const url = String(node.url ?? '');
      if (!isExternal(url)) localDefs.set(id, url);
      const d = resolve(url);
      if (d.action === 'rewrite') node.url = d.url;
      else if (d.action === 'unwrap') unwrapDefs.add(id);
    }
    for (const c of node.children ?? []) collect(c);
  };
  collect(tree);

  const localImage = (url: string, alt: string): AnyNode[] => {
    const served = url.trim() ? resolveImage(url.trim()) : null;
    if (served) return [{ type: 'image', url: served, alt, title: null }];
    return alt.trim() ? [{ type: 'image', url: '', alt: alt.trim(), title: null }] : [];
  };
  const walk = (node: AnyNode): AnyNode[] => {
    if (node.type === 'image') {
      const url = String(node.url ?? '');
      return isExternal(url) ? [node] : localImage(url, String(node.alt ?? ''));
    }
    if (node.type === 'imageReference') {
      const def = localDefs.get(String(node.identifier ?? '').toLowerCase());
      return def === undefined ? [node] : localImage(def, String(node.alt ?? ''));
    }
    if (node.children) node.children = node.children.flatMap(walk);
    if (node.type === 'link') {
      if (!node.children?.length || isEmpty(node)) return [];
      const d = resolve(String(node.url ?? ''));
      if (d.action === 'unwrap') return node.children;
      if (d.action === 'rewrite') node.url = d.url;
    }
    if (node.type === 'linkReference') {
      if (!node.children?.length || isEmpty(node)) return [];
      if (unwrapDefs.has(String(node.identifier ?? '').toLowerCase())) return node.children;
    }
    if (node.type === 'paragraph' && isEmpty(node)) return [];
    if (node.type === 'definition' && unwrapDefs.has(String(node.identifier ?? '').toLowerCase())) return [];
    return [node];
  };
  tree.children = (tree.children ?? []).flatMap(walk);
}
