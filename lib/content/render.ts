/**
 * Markdown → sanitized HTML, the one renderer for articles, admin previews and assistant answers.
 * Pipeline: remark-parse + GFM → rehype (raw HTML parsed) → rehype-sanitize (GitHub's schema) →
 * heading ids → callouts, link and image policy → HTML string. Sanitizing happens before our own
 * classes and ids are added, so nothing from the source can smuggle attributes past it.
 */
import type { Element, Root as HastRoot } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/** One entry of an article's table of contents. */
export interface TocEntry {
  /** Anchor id of the heading (matches the rendered `id`). */
  id: string;
  text: string;
  /** 2 or 3. */
  depth: number;
}

export interface RenderedMarkdown {
  /** Sanitized HTML, safe for `dangerouslySetInnerHTML`. */
  html: string;
  toc: TocEntry[];
}

export interface RenderOptions {
  /**
   * Load images only from this site (relative URLs). Default true: images from other hosts are
   * replaced by their alt text, so a page never makes requests elsewhere.
   */
  localImagesOnly?: boolean;
}

const calloutKinds: Record<string, string> = {
  note: 'note',
  info: 'info',
  tip: 'tip',
  check: 'tip',
  success: 'tip',
  warning: 'warning',
  caution: 'warning',
  danger: 'danger',
  important: 'warning',
  details: 'note',
};

const schema = {
  ...defaultSchema,
  // ids from the source would be clobbered anyway; ours are added after sanitizing.
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto'] },
};

/** Adds callout classes, link rel/target for other sites, and drops off-site images. */
function policy(opts: Required<RenderOptions>) {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'blockquote') {
        const firstP = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'p');
        const strong = firstP?.children.find((c): c is Element => c.type === 'element');
        if (firstP && strong && strong.tagName === 'strong' && firstP.children[0] === strong) {
          const label = hastToString(strong).trim().toLowerCase().replace(/:$/, '');
          const kind = calloutKinds[label];
          if (kind) {
            node.properties = { ...node.properties, className: ['callout', `callout-${kind}`], role: 'note' };
            strong.properties = { ...strong.properties, className: ['callout-label'] };
          }
        }
      }
      if (node.tagName === 'a') {
        const href = String(node.properties?.href ?? '');
        if (/^https?:\/\//i.test(href)) {
          node.properties = { ...node.properties, rel: ['noopener', 'noreferrer', 'nofollow'], target: '_blank' };
        }
      }
      if (node.tagName === 'img' && opts.localImagesOnly && parent && typeof index === 'number') {
        const src = String(node.properties?.src ?? '');
        if (!src.startsWith('/') || src.startsWith('//')) {
          const alt = String(node.properties?.alt ?? '');
          parent.children.splice(index, 1, ...(alt ? [{ type: 'text' as const, value: alt }] : []));
          return index;
        }
      }
      if (node.tagName === 'table' && parent && typeof index === 'number') {
        // Wide tables scroll inside their own box instead of widening the page on phones.
        parent.children[index] = {
          type: 'element',
          tagName: 'div',
          properties: { className: ['table-wrap'] },
          children: [node],
        };
        return index + 1;
      }
      return undefined;
    });
  };
}

function collectToc(toc: TocEntry[]) {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'h2' || node.tagName === 'h3') && node.properties?.id) {
        toc.push({ id: String(node.properties.id), text: hastToString(node).trim(), depth: node.tagName === 'h2' ? 2 : 3 });
      }
    });
  };
}

/**
 * Renders Markdown (CommonMark + GFM, raw HTML allowed but sanitized) to safe HTML.
 * `javascript:`/`data:` links, event handlers, `<script>`, `<style>` and `<iframe>` never survive.
 * @param markdown source text (any size; a few ms per 10 KB).
 * @returns `{ html, toc }` with h2/h3 entries in document order.
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): RenderedMarkdown {
  const toc: TocEntry[] = [];
  const opts: Required<RenderOptions> = { localImagesOnly: options.localImagesOnly ?? true };
  const file = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehypeSanitize, schema)
    .use(rehypeSlug)
    .use(policy, opts)
    .use(collectToc, toc)
    .use(rehypeStringify)
    .processSync(markdown.replace(/\u0000/g, ''));
  return { html: String(file), toc };
}
