/**
 * Parsing and printing for the importer: Markdown/MDX text ⇄ mdast, plus small tree helpers.
 * Everything here works on the unified/remark AST; nothing parses markup by hand.
 */
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import YAML from 'yaml';

/**
 * A loosely typed mdast/MDX node. The converters build and reshape trees that mix MDX node types
 * (mdxJsxFlowElement, mdxjsEsm, …) with plain mdast, so they use this shape internally and cast to
 * `mdast.Root` only at the edges.
 */
export interface AnyNode {
  type: string;
  children?: AnyNode[];
  value?: string;
  [key: string]: unknown;
}

const mdParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
const mdxParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMdx);
const printer = unified()
  .use(remarkStringify, {
    bullet: '-',
    emphasis: '*',
    strong: '*',
    fence: '`',
    fences: true,
    rule: '-',
    listItemIndent: 'one',
    incrementListMarker: true,
  })
  .use(remarkGfm);

/**
 * Parses a document into mdast.
 * @param text file contents.
 * @param mdx true for `.mdx` (real MDX parser: JSX, expressions, ESM), false for CommonMark + GFM.
 * @returns the root node (front matter kept as a `yaml` node).
 * @throws the parser's error (with `line`/`column` when known) on invalid MDX.
 */
export function parseMarkdown(text: string, mdx: boolean): AnyNode {
  const parser = mdx ? mdxParser : mdParser;
  return parser.parse(repairTableDelimiters(text)) as unknown as AnyNode;
}

/** A GFM table's delimiter row: cells of dashes with optional alignment colons. */
const DELIMITER_ROW = /^ {0,3}\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$/;
/** A fence opening or closing a code block. */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Cells of a table row: split on pipes that are not escaped, outer pipes dropped. */
function rowCells(line: string): string[] {
  const cells = line.trim().split(/(?<!\\)\|/);
  if (cells[0].trim() === '') cells.shift();
  if (cells.length && cells[cells.length - 1].trim() === '') cells.pop();
  return cells;
}

/**
 * Makes a table whose header and delimiter row disagree on the number of columns a table again.
 * GFM (and the docs sites' own renderers) refuse such a table and show its rows as text full of
 * pipes: BTCPay's "Invoice statuses" has 3 header cells over a 4-cell delimiter row. The shorter
 * of the two rows gets empty cells (header) or `---` cells (delimiter), so no row's text is lost.
 * Lines inside fenced code blocks are left alone.
 * @param text Markdown. @returns the text with such header/delimiter pairs evened out (unchanged otherwise).
 */
export function repairTableDelimiters(text: string): string {
  if (!text.includes('|')) return text;
  const lines = text.split('\n');
  let fence: string | null = null;
  let changed = false;
  for (let i = 1; i < lines.length; i++) {
    const f = FENCE.exec(lines[i - 1]);
    if (f) fence = fence === null ? f[1][0] : lines[i - 1].trim().startsWith(fence) ? null : fence;
    if (fence !== null || !DELIMITER_ROW.test(lines[i]) || !lines[i - 1].includes('|')) continue;
    const header = rowCells(lines[i - 1]);
    const delimiter = rowCells(lines[i]);
    if (header.length === delimiter.length || header.length === 0) continue;
    if (header.length < delimiter.length) lines[i - 1] = `| ${[...header.map((c) => c.trim()), ...Array(delimiter.length - header.length).fill(' ')].join(' | ')} |`;
    else lines[i] = `| ${[...delimiter.map((c) => c.trim()), ...Array(header.length - delimiter.length).fill('---')].join(' | ')} |`;
    changed = true;
  }
  return changed ? lines.join('\n') : text;
}

/**
 * Prints an mdast tree as Markdown (CommonMark + GFM). The tree must hold only mdast nodes.
 * @returns Markdown ending with a single newline, or '' for an empty tree.
 * @throws Error `Cannot handle unknown node` when MDX nodes are left in the tree.
 */
export function printMarkdown(tree: AnyNode): string {
  const out = printer.stringify(tree as unknown as Root);
  const trimmed = String(out).trim();
  return trimmed ? `${trimmed}\n` : '';
}

/**
 * Reads the YAML front matter node of a parsed document and removes it from the tree.
 * @returns the front matter as a plain object ({} when absent or not a mapping).
 * @throws Error `invalid front matter: …` when the YAML does not parse.
 */
export function takeFrontMatter(tree: AnyNode): Record<string, unknown> {
  const children = tree.children ?? [];
  const idx = children.findIndex((c) => c.type === 'yaml');
  if (idx < 0) return {};
  const raw = String(children[idx].value ?? '');
  children.splice(idx, 1);
  let data: unknown;
  try {
    data = YAML.parse(raw);
  } catch (err) {
    // Mintlify (js-yaml) accepts quoted values continued on an unindented line; YAML 1.2 needs the
    // continuation indented. Retry once with such lines indented before giving up.
    const repaired = raw
      .split('\n')
      .map((l) => (l && !/^\s/.test(l) && !/^[^\s:#][^:#]*:(\s|$)/.test(l) && !l.startsWith('- ') && !l.startsWith('#') ? `  ${l}` : l))
      .join('\n');
    try {
      data = YAML.parse(repaired);
    } catch {
      throw new Error(`invalid front matter: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** Plain text of a node (like mdast-util-to-string): text, inline code and alt values joined. */
export function nodeText(node: AnyNode | undefined): string {
  if (!node) return '';
  if (node.type === 'image') return String(node.alt ?? '');
  if (typeof node.value === 'string' && !node.type.startsWith('mdx')) return node.value;
  return (node.children ?? []).map(nodeText).join('');
}

export const text = (value: string): AnyNode => ({ type: 'text', value });
export const strong = (value: string): AnyNode => ({ type: 'strong', children: [text(value)] });
export const paragraph = (children: AnyNode[]): AnyNode => ({ type: 'paragraph', children });
export const heading = (depth: number, value: string): AnyNode => ({
  type: 'heading',
  depth: Math.min(Math.max(depth, 1), 6),
  children: [text(value)],
});

/** Node types that are phrasing (inline) content in mdast. */
const PHRASING = new Set([
  'text',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'break',
  'link',
  'linkReference',
  'image',
  'imageReference',
  'html',
  'footnoteReference',
  'mdxJsxTextElement',
  'mdxTextExpression',
]);

/**
 * Wraps runs of phrasing nodes into paragraphs so a list of nodes is valid block content.
 * @returns new array; block nodes are kept as they are.
 */
export function toBlocks(nodes: AnyNode[]): AnyNode[] {
  const out: AnyNode[] = [];
  let run: AnyNode[] = [];
  const flush = () => {
    if (run.some((n) => n.type !== 'text' || (n.value ?? '').trim() !== '')) out.push(paragraph(run));
    run = [];
  };
  for (const n of nodes) {
    if (PHRASING.has(n.type) && !isBlockMarker(n)) run.push(n);
    else {
      flush();
      out.push(n);
    }
  }
  flush();
  return out;
}

/**
 * A raw HTML node the importer itself adds as a block of its own (the tab markers of
 * lib/content/blocks.ts): never wrapped into a paragraph, never inlined, kept by `convertHtmlNodes`.
 * @param value the marker, e.g. `<!-- tab -->`.
 */
export function blockMarker(value: string): AnyNode {
  return { type: 'html', value, data: { blockMarker: true } };
}

/** True for a node made by `blockMarker`. */
export function isBlockMarker(node: AnyNode): boolean {
  return node.type === 'html' && Boolean((node.data as { blockMarker?: boolean } | undefined)?.blockMarker);
}

/**
 * Flattens block nodes into phrasing content (paragraph children joined by spaces), for when a
 * block-producing construct is used inline.
 */
export function toPhrasing(nodes: AnyNode[]): AnyNode[] {
  const out: AnyNode[] = [];
  for (const n of nodes) {
    if (isBlockMarker(n)) continue;
    if (PHRASING.has(n.type)) out.push(n);
    else if (n.type === 'paragraph' || n.type === 'heading') {
      if (out.length) out.push(text(' '));
      out.push(...(n.children ?? []));
    } else if (n.type === 'code') {
      if (out.length) out.push(text(' '));
      out.push({ type: 'inlineCode', value: String(n.value ?? '') });
    } else if (n.children) {
      if (out.length) out.push(text(' '));
      out.push(...toPhrasing(n.children));
    }
  }
  return out;
}

/** True when a node has no visible content (empty paragraph, whitespace-only text, …). */
export function isEmpty(node: AnyNode): boolean {
  if (node.type === 'text') return !(node.value ?? '').trim();
  if (node.type === 'break' || node.type === 'thematicBreak') return false;
  if (node.type === 'image' || node.type === 'code' || node.type === 'inlineCode' || node.type === 'html') return false;
  if (node.type === 'tableCell') return false;
  if (node.children) return node.children.every(isEmpty);
  return false;
}
