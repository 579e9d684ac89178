/**
 * VuePress Markdown → plain mdast: `::: type Title` … `:::` containers become callouts,
 * `[[toc]]` disappears, and raw HTML nodes are sorted into kept / converted / dropped.
 */
import { type AnyNode, isBlockMarker, nodeText, paragraph, parseMarkdown, strong, text } from './markdown';

/** Lines that may be a container fence (`:::tip`, `::: warning Title`, `:::`). */
const FENCE_LINE = /^\s*:::/;
/** A container fence paragraph once parsed: optional type, optional title. */
const FENCE_TEXT = /^:{3,}\s*([A-Za-z][\w-]*)?\s*(.*)$/;

/**
 * Puts blank lines around container fence lines so the Markdown parser sees each fence as its own
 * paragraph (otherwise `:::` after a list item or a paragraph line would be swallowed as lazy
 * continuation text). Fence lines inside code blocks, HTML blocks and front matter are located with
 * the parser's positions and left alone.
 * @param source Markdown text.
 * @returns the text with blank lines added (unchanged when there are no fences).
 */
export function separateContainerFences(source: string): string {
  const lines = source.split('\n');
  if (!lines.some((l) => FENCE_LINE.test(l))) return source;
  const protectedLines = new Set<number>();
  const tree = parseMarkdown(source, false);
  const mark = (node: AnyNode) => {
    const pos = node.position as { start: { line: number }; end: { line: number } } | undefined;
    if ((node.type === 'code' || node.type === 'html' || node.type === 'yaml') && pos) {
      for (let l = pos.start.line; l <= pos.end.line; l++) protectedLines.add(l);
      return;
    }
    for (const c of node.children ?? []) mark(c);
  };
  mark(tree);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const isFence = FENCE_LINE.test(line) && !protectedLines.has(i + 1);
    if (isFence && out.length && out[out.length - 1].trim() !== '') out.push('');
    out.push(line);
    if (isFence && i + 1 < lines.length && lines[i + 1].trim() !== '') out.push('');
  });
  return out.join('\n');
}

const LABELS: Record<string, string> = {
  tip: 'Tip',
  note: 'Note',
  info: 'Info',
  warning: 'Warning',
  danger: 'Danger',
  caution: 'Caution',
  important: 'Important',
  details: 'Details',
  check: 'Check',
  success: 'Success',
};

function fenceOf(node: AnyNode): { type: string | null; title: string } | null {
  if (node.type !== 'paragraph') return null;
  const value = nodeText(node).trim();
  if (value.includes('\n')) return null;
  const m = FENCE_TEXT.exec(value);
  if (!m) return null;
  return { type: m[1] ? m[1].toLowerCase() : null, title: m[2].trim() };
}

function callout(type: string, title: string, children: AnyNode[]): AnyNode {
  // The label is always the container type (the renderer styles callouts by it); a custom title
  // follows as a bold line unless it is only a generic word like "Note" or "WARNING".
  const label = LABELS[type] ?? type.charAt(0).toUpperCase() + type.slice(1);
  const head: AnyNode[] = [];
  const titleKey = title.toLowerCase().replace(/[:.!]+$/, '');
  if (title && !LABELS[titleKey]) head.push(paragraph([strong(title)]));
  return { type: 'blockquote', children: [paragraph([strong(label)]), ...head, ...children] };
}

/**
 * Turns container fence paragraphs into callout blockquotes (`> **Tip**` from the container type,
 * then a bold title paragraph when the container has a custom title, then the content), at every nesting level.
 * An unclosed container runs to the end of its parent; a stray closing fence is removed.
 * @param tree mdast root (after `separateContainerFences` on the source); mutated.
 */
export function convertContainers(tree: AnyNode): void {
  const walk = (parent: AnyNode) => {
    if (!parent.children) return;
    for (const c of parent.children) walk(c);
    if (!parent.children.some((c) => fenceOf(c))) return;
    const stack: { type: string; title: string; children: AnyNode[] }[] = [{ type: '', title: '', children: [] }];
    const close = () => {
      const top = stack.pop()!;
      stack[stack.length - 1].children.push(callout(top.type, top.title, top.children));
    };
    for (const child of parent.children) {
      const fence = fenceOf(child);
      if (fence?.type) stack.push({ type: fence.type, title: fence.title, children: [] });
      else if (fence) {
        if (stack.length > 1) close();
      } else stack[stack.length - 1].children.push(child);
    }
    while (stack.length > 1) close();
    parent.children = stack[0].children;
  };
  walk(tree);
}

/** A paragraph that is only a VuePress marker: `[[toc]]` or `!!!include(file.html)!!!`. */
const MARKER = /^(\[\[toc\]\]|!!!include\([^)]*\)!!!)$/i;

/**
 * Removes paragraphs that are only a VuePress marker: `[[toc]]` (table of contents, the renderer
 * builds its own) and `!!!include(file)!!!` (markdown-it-include of a file outside the docs).
 * @param tree mdast root; mutated.
 */
export function removeTocMarkers(tree: AnyNode): void {
  const walk = (node: AnyNode) => {
    if (!node.children) return;
    // A marker may also share a paragraph with text on the line above ("Jump to a section:\n[[toc]]").
    for (const c of node.children) {
      if (c.type === 'text' && typeof c.value === 'string' && /\[\[toc\]\]/i.test(c.value)) {
        c.value = c.value.replace(/\n?[ \t]*\[\[toc\]\][ \t]*/gi, '');
      }
    }
    node.children = node.children.filter((c) => !(c.type === 'paragraph' && MARKER.test(nodeText(c).trim())));
    for (const c of node.children) walk(c);
  };
  walk(tree);
}

/** HTML elements whose tags may stay in the Markdown (the renderer sanitizes them). */
const KNOWN_HTML = new Set(
  (
    'a abbr address article aside b bdi bdo blockquote caption center cite code col colgroup dd del details dfn div dl dt ' +
    'em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i ins kbd li main mark nav ol p pre q rp rt ruby s samp ' +
    'section small span strike strong sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr button form ' +
    'label select option textarea picture'
  ).split(' '),
);
/** HTML elements removed with their tag (media we do not serve, scripts, document-level tags). */
const DROPPED_HTML = new Set('img script style iframe meta link input noscript video audio source track head body html object embed template svg canvas'.split(' '));

/**
 * Sorts raw HTML nodes of a Markdown document: comments (but not the importer's own tab markers,
 * `blockMarker`), capitalized component tags (`<Badge>`,
 * `<ClientOnly>`, …) and media/script tags are removed; `<br>` becomes a line break; tags of known
 * HTML elements stay; anything else that only looks like a tag (`<your server IP>`) is kept as
 * literal text.
 * @param tree mdast root; mutated.
 */
export function convertHtmlNodes(tree: AnyNode): void {
  const walk = (node: AnyNode, inPhrasing: boolean) => {
    if (!node.children) return;
    const phrasing = inPhrasing || node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell';
    const out: AnyNode[] = [];
    for (const child of node.children) {
      if (child.type !== 'html' || isBlockMarker(child)) {
        walk(child, phrasing);
        out.push(child);
        continue;
      }
      const value = String(child.value ?? '');
      const trimmed = value.trim();
      if (trimmed.startsWith('<!--') || trimmed.startsWith('<!') || trimmed.startsWith('<?')) continue;
      const m = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(trimmed);
      if (!m) {
        out.push(phrasing ? text(value) : paragraph([text(value)]));
        continue;
      }
      const tag = m[1];
      if (/^[A-Z]/.test(tag)) continue;
      const lower = tag.toLowerCase();
      if (lower === 'br') {
        if (phrasing) out.push({ type: 'break' });
        continue;
      }
      if (DROPPED_HTML.has(lower)) continue;
      if (KNOWN_HTML.has(lower)) out.push(child);
      else out.push(phrasing ? text(value) : paragraph([text(value)]));
    }
    node.children = out;
  };
  walk(tree, false);
}
