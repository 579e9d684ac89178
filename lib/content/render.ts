/**
 * Markdown → sanitized HTML, the one renderer for articles, admin previews and assistant answers.
 * Pipeline: remark-parse + GFM → rehype (raw HTML parsed) → rehype-sanitize (GitHub's schema,
 * plus comments and a code block's fence meta) → heading ids → callouts, link, image and table
 * policy → code block chrome (label, copy button) → tabs (see lib/content/blocks.ts) → optional
 * syntax highlighting → HTML string. Sanitizing happens before our own classes, ids and buttons
 * are added, so nothing from the source can smuggle attributes past it; the highlighter runs last
 * and only reads code text.
 *
 * This module stays synchronous and free of the highlighter, so client components (the admin
 * preview, assistant answers) can import it; pages on the server use `renderArticle`
 * (lib/content/highlight.ts), which passes a loaded Shiki highlighter in as `options.highlight`.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import type { Code, Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { type Pluggable, type Processor, unified } from 'unified';
import { visit } from 'unist-util-visit';
import { codeTitle, languageLabel, TAB_COMMENT, TABS_END_COMMENT } from './blocks';

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
   * replaced by their alt text, shown as a caption, so a page never makes requests elsewhere.
   */
  localImagesOnly?: boolean;
  /**
   * A rehype plugin (with its options) that highlights `pre > code.language-*` synchronously,
   * run after sanitizing and after the code block chrome is built. `renderArticle` passes Shiki's
   * (`@shikijs/rehype/core` with a loaded highlighter). Without it, code is plain text.
   */
  highlight?: Pluggable;
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
  // Comments carry the tab markers (read, then all removed, by `tabs`); they cannot hold markup.
  allowComments: true,
  attributes: {
    ...defaultSchema.attributes,
    // A fenced block's meta (its title), moved onto <code> by `codeMeta`; read and removed by
    // `codeBlocks`, never rendered.
    code: [...(defaultSchema.attributes?.code ?? []), 'dataMeta'],
  },
};

/** Keeps each fenced block's meta (```` ```ts title="a.ts" ````) through rehype-raw and sanitize. */
function codeMeta() {
  return (tree: MdastRoot) => {
    visit(tree, 'code', (node: Code) => {
      if (!node.meta) return;
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), dataMeta: node.meta } };
    });
  };
}

const el = (tagName: string, properties: Element['properties'], children: ElementContent[] = []): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const txt = (value: string) => ({ type: 'text' as const, value });

function hasClass(node: RootContent | ElementContent | undefined, name: string): boolean {
  if (node?.type !== 'element') return false;
  const cls = node.properties?.className;
  return Array.isArray(cls) && cls.includes(name);
}

function isBlank(node: RootContent | ElementContent): boolean {
  return node.type === 'text' && !node.value.trim();
}

/** Wide tables scroll in their own labelled, focusable box (see `.table-wrap` in globals.css). */
function tableLabel(table: Element): string {
  const heads: string[] = [];
  visit(table, 'element', (n: Element) => {
    if (n.tagName === 'th' && heads.length < 4) {
      const t = hastToString(n).replace(/\s+/g, ' ').trim();
      if (t) heads.push(t);
    }
  });
  return heads.length ? `Table: ${heads.join(', ')}` : 'Table';
}

/** Adds callout classes, link rel/target for other sites, image captions and table wrappers. */
function policy(opts: { localImagesOnly: boolean }) {
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
      if (node.tagName === 'img' && parent && typeof index === 'number') {
        const src = String(node.properties?.src ?? '');
        const local = src.startsWith('/') && !src.startsWith('//');
        if (!src || (opts.localImagesOnly && !local)) {
          // An image we will not load (another site, or a file the import could not find): its
          // alt text stays visible as a caption instead of vanishing.
          const alt = String(node.properties?.alt ?? '').trim();
          const caption = el('span', { className: ['img-missing'] }, [txt(alt)]);
          parent.children.splice(index, 1, ...(alt ? [caption] : []));
          return index + (alt ? 1 : 0);
        }
        node.properties = { ...node.properties, loading: 'lazy', decoding: 'async' };
      }
      if (node.tagName === 'table' && parent && typeof index === 'number') {
        parent.children[index] = el('div', { className: ['table-wrap'], role: 'region', tabIndex: 0, ariaLabel: tableLabel(node) }, [node]);
        return index + 1;
      }
      return undefined;
    });
  };
}

interface CodeBlockData {
  codeTitle: string | null;
  codeLang: string;
}

/**
 * Wraps every `pre > code` in a block with a header: the title (fence meta) and/or the language,
 * and a copy button (hidden until the page's script runs; components/help/ProseHtml.tsx).
 */
function codeBlocks() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'pre' || !parent || typeof index !== 'number') return undefined;
      const code = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
      const classes = Array.isArray(code?.properties?.className) ? code!.properties.className : [];
      const langClass = classes.find((c) => typeof c === 'string' && c.startsWith('language-'));
      const lang = typeof langClass === 'string' ? langClass.slice('language-'.length) : '';
      const title = codeTitle(code?.properties?.dataMeta === undefined ? null : String(code.properties.dataMeta));
      if (code) delete code.properties.dataMeta;
      const label = languageLabel(lang);
      const head: ElementContent[] = [];
      if (title) head.push(el('span', { className: ['code-title'] }, [txt(title)]));
      if (!title || label.toLowerCase() !== title.toLowerCase()) head.push(el('span', { className: ['code-lang'] }, [txt(label)]));
      head.push(
        el('button', { type: 'button', className: ['code-copy'], dataCopy: '', ariaLabel: title ? `Copy ${title} code` : lang ? `Copy ${label} code` : 'Copy code' }, [
          el('span', { className: ['code-copy-text'] }, [txt('Copy')]),
        ]),
      );
      const block = el('div', { className: ['code-block'], dataLang: lang || undefined }, [el('div', { className: ['code-head'] }, head), node]);
      block.data = { codeTitle: title, codeLang: lang } as CodeBlockData as Element['data'];
      parent.children[index] = block;
      return 'skip';
    });
  };
}

/** FNV-1a, for tab ids that are stable for the same content and differ between groups. */
function shortHash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function commentText(node: RootContent | ElementContent): string | null {
  return node.type === 'comment' ? node.value.trim().toLowerCase() : null;
}

interface Tab {
  title: string;
  content: ElementContent[];
}

/**
 * A tab group: an ARIA tablist (shown once the page's script runs, `.js` on <html>) and one
 * panel per tab. Without the script every panel shows, each with its own title.
 */
function tabGroup(tabs: Tab[], kind: 'code' | 'prose', seen: Map<string, number>): Element {
  const base = `tabs-${shortHash(tabs.map((t) => t.title + hastToString(el('div', {}, t.content)).slice(0, 200)).join('\u0000'))}`;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  const id = n ? `${base}-${n + 1}` : base;
  const list = el(
    'div',
    { className: ['tabs-list'], role: 'tablist', ariaLabel: kind === 'code' ? 'Code examples' : undefined },
    tabs.map((t, i) =>
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `${id}-tab-${i}`,
          ariaControls: [`${id}-panel-${i}`],
          ariaSelected: i === 0 ? 'true' : 'false',
          tabIndex: i === 0 ? 0 : -1,
          className: ['tab'],
        },
        [txt(t.title)],
      ),
    ),
  );
  const panels = tabs.map((t, i) =>
    el(
      'div',
      {
        className: ['tab-panel'],
        role: 'tabpanel',
        id: `${id}-panel-${i}`,
        ariaLabelledBy: [`${id}-tab-${i}`],
        tabIndex: 0,
        dataInactive: i === 0 ? undefined : '',
      },
      t.content,
    ),
  );
  return el('div', { className: ['tabs', `tabs-${kind}`], dataTabs: '' }, [list, ...panels]);
}

/** Title of a marker tab: its heading or bold-only paragraph (marked `tab-title`), else `Tab n`. */
function markerTab(nodes: ElementContent[], position: number): Tab {
  const content = [...nodes];
  while (content.length && isBlank(content[0])) content.shift();
  while (content.length && isBlank(content[content.length - 1])) content.pop();
  const first = content[0];
  let title = '';
  if (first?.type === 'element') {
    const isHeading = /^h[2-6]$/.test(first.tagName);
    const meaningful = first.children.filter((c) => !isBlank(c));
    const boldOnly = first.tagName === 'p' && meaningful.length === 1 && meaningful[0].type === 'element' && meaningful[0].tagName === 'strong';
    if (isHeading || boldOnly) {
      title = hastToString(first).replace(/\s+/g, ' ').trim();
      const cls = Array.isArray(first.properties?.className) ? first.properties.className : [];
      first.properties = { ...first.properties, className: [...cls, 'tab-title'] };
    }
  }
  return { title: title || `Tab ${position + 1}`, content };
}

/**
 * Builds tab groups: marker groups (`<!-- tab -->` … `<!-- /tabs -->`) and runs of two or more
 * adjacent titled code blocks (a `<!-- /tabs -->` between two blocks keeps them apart). Then
 * removes every comment left.
 */
function tabs() {
  return (tree: HastRoot) => {
    const seen = new Map<string, number>();
    const walk = (parent: HastRoot | Element) => {
      for (const c of parent.children) if (c.type === 'element') walk(c);
      const kids = parent.children as ElementContent[];
      const out: ElementContent[] = [];
      let i = 0;
      // Marker groups.
      while (i < kids.length) {
        const c = kids[i];
        const comment = commentText(c);
        if (comment === TAB_COMMENT) {
          const groups: ElementContent[][] = [];
          while (i < kids.length) {
            const k = kids[i];
            const kc = commentText(k);
            if (kc === TABS_END_COMMENT) {
              i++;
              break;
            }
            if (kc === TAB_COMMENT) groups.push([]);
            else if (k.type !== 'comment') groups[groups.length - 1].push(k);
            i++;
          }
          const found = groups.map(markerTab).filter((t) => t.content.length);
          if (found.length >= 2) out.push(tabGroup(found, 'prose', seen));
          else for (const t of found) out.push(...t.content);
          continue;
        }
        // Other comments stay for now: a stray `<!-- /tabs -->` separates code groups below.
        out.push(c);
        i++;
      }
      // Code groups: adjacent titled code blocks (whitespace between them allowed).
      const grouped: ElementContent[] = [];
      for (let j = 0; j < out.length; j++) {
        const titled = (n: ElementContent | undefined) => hasClass(n, 'code-block') && Boolean((n?.data as CodeBlockData | undefined)?.codeTitle);
        if (!titled(out[j])) {
          grouped.push(out[j]);
          continue;
        }
        const run: Element[] = [out[j] as Element];
        let last = j;
        for (let k = j + 1; k < out.length; k++) {
          if (isBlank(out[k])) continue;
          if (!titled(out[k])) break;
          run.push(out[k] as Element);
          last = k;
        }
        if (run.length < 2) {
          grouped.push(out[j]);
          continue;
        }
        grouped.push(
          tabGroup(
            run.map((b) => ({ title: (b.data as CodeBlockData).codeTitle!, content: [b] })),
            'code',
            seen,
          ),
        );
        j = last;
      }
      parent.children = grouped.filter((n) => n.type !== 'comment') as typeof parent.children;
    };
    walk(tree);
  };
}

/** h2/h3 entries in document order; headings inside tab panels are left out (often hidden). */
function collectToc(tree: HastRoot): TocEntry[] {
  const toc: TocEntry[] = [];
  const walk = (node: HastRoot | Element) => {
    for (const c of node.children) {
      if (c.type !== 'element') continue;
      if (hasClass(c, 'tab-panel')) continue;
      if ((c.tagName === 'h2' || c.tagName === 'h3') && c.properties?.id) {
        toc.push({ id: String(c.properties.id), text: hastToString(c).trim(), depth: c.tagName === 'h2' ? 2 : 3 });
      }
      walk(c);
    }
  };
  walk(tree);
  return toc;
}

function tocStep() {
  return (tree: HastRoot, file: { data: Record<string, unknown> }) => {
    file.data.toc = collectToc(tree);
  };
}

// One frozen processor per option set: building the pipeline costs more than a short answer.
const processors = new Map<string, Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string>>();
const highlightKeys = new WeakMap<object, number>();
let nextHighlightKey = 1;

function processorFor(localImagesOnly: boolean, highlight: Pluggable | undefined) {
  let hk = 0;
  if (highlight) {
    const key = highlight as object;
    if (!highlightKeys.has(key)) highlightKeys.set(key, nextHighlightKey++);
    hk = highlightKeys.get(key)!;
  }
  const key = `${localImagesOnly}:${hk}`;
  let p = processors.get(key);
  if (!p) {
    const base = unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(codeMeta)
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeRaw)
      .use(rehypeSanitize, schema)
      .use(rehypeSlug)
      .use(policy, { localImagesOnly })
      .use(codeBlocks)
      .use(tabs)
      .use(tocStep);
    p = (highlight ? base.use([highlight]) : base).use(rehypeStringify).freeze() as unknown as Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string>;
    if (processors.size > 8) processors.clear();
    processors.set(key, p);
  }
  return p;
}

/**
 * Renders Markdown (CommonMark + GFM, raw HTML allowed but sanitized) to safe HTML.
 * `javascript:`/`data:` links, event handlers, `<script>`, `<style>` and `<iframe>` never survive.
 * Code blocks get a header (title from the fence meta, language label, copy button); titled
 * adjacent code blocks and `<!-- tab -->` sections become tab groups (lib/content/blocks.ts);
 * tables scroll in a labelled focusable region; images that will not load show their alt text.
 * Synchronous: with `options.highlight` the highlighter must already be loaded.
 * @param markdown source text (any size; a few ms per 10 KB without highlighting).
 * @param options see RenderOptions.
 * @returns `{ html, toc }` with h2/h3 entries in document order (none from inside tab panels).
 * @throws only if `options.highlight` throws (e.g. a highlighter that is not loaded yet).
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): RenderedMarkdown {
  const processor = processorFor(options.localImagesOnly ?? true, options.highlight);
  const file = processor.processSync(markdown.replaceAll('\u0000', ''));
  return { html: String(file), toc: (file.data as { toc?: TocEntry[] }).toc ?? [] };
}
