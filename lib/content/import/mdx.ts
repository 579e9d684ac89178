/**
 * MDX (Mintlify) → plain mdast. Works on the tree produced by remark-mdx: JSX elements become
 * ordinary Markdown constructs, expressions become text or disappear, ESM is removed and snippet
 * imports are inlined. See `convertMdx` for the component table.
 */
import { codeTitle, languageLabel, TAB_MARKER, TABS_END_MARKER, titleMeta } from '../blocks';
import { type AnyNode, blockMarker, heading, nodeText, paragraph, strong, text, toBlocks, toPhrasing } from './markdown';

/** What a snippet file offers to the files that import it. */
export interface SnippetContent {
  /** The snippet's converted Markdown content (used for its default export, `<X />`). */
  blocks: AnyNode[];
  /** Named exports whose value is a string literal (`export const plan = 'Pro'`). */
  strings: Map<string, string>;
}

export interface MdxOptions {
  /**
   * Loads and converts a snippet imported by the document, e.g. `/snippets/usage/meters.mdx`.
   * Returns null when the import is not a snippet of this folder or the file is missing.
   */
  loadSnippet: (source: string) => SnippetContent | null;
}

interface Binding {
  source: string;
  /** 'default' for `import X from`, else the imported name. */
  imported: string;
}

interface State {
  /** Depth of the heading the current content sits under (2 when there is none yet). */
  depth: number;
  bindings: Map<string, Binding>;
  strings: Map<string, string>;
  opts: MdxOptions;
}

/** Callout components and the bold label they get (`> **Note**`). */
const CALLOUTS: Record<string, string> = {
  note: 'Note',
  warning: 'Warning',
  info: 'Info',
  tip: 'Tip',
  check: 'Check',
  danger: 'Danger',
  caution: 'Caution',
  callout: 'Note',
};

/** Components that become a heading (their title) followed by their content. */
const SECTIONS = new Set(['accordion', 'expandable', 'update', 'tab', 'details']);

/** Components (and HTML wrappers) that are replaced by their children. */
const DROP = new Set(['icon', 'script', 'style', 'head', 'meta', 'link', 'input', 'noscript', 'source', 'track', 'svg', 'summary']);

type Estree = { type: string; [key: string]: unknown };

/** Ids of code groups (CodeGroup, code-only Tabs), unique across documents and snippets. */
let codeGroupIds = 0;

/** Value of a literal JS expression (string, number, boolean, template without holes, known const). */
function literalValue(expr: Estree | undefined, st: State | null): string | boolean | undefined {
  if (!expr) return undefined;
  if (expr.type === 'Literal') {
    const v = expr.value;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    if (typeof v === 'boolean') return v;
    return undefined;
  }
  if (expr.type === 'TemplateLiteral') {
    const quasis = expr.quasis as { value: { cooked: string } }[];
    if ((expr.expressions as unknown[]).length === 0) return quasis.map((q) => q.value.cooked).join('');
    return undefined;
  }
  if (expr.type === 'Identifier' && st) return st.strings.get(String(expr.name));
  return undefined;
}

/** The single expression of an estree Program, or undefined (empty, comment-only, or several). */
function programExpression(program: unknown): Estree | undefined {
  const body = (program as { body?: Estree[] } | undefined)?.body;
  if (body?.length !== 1 || body[0].type !== 'ExpressionStatement') return undefined;
  return body[0].expression as Estree;
}

function expressionText(node: AnyNode, st: State): string | undefined {
  const estree = (node.data as { estree?: unknown } | undefined)?.estree;
  const v = literalValue(programExpression(estree), st);
  return typeof v === 'string' ? v : undefined;
}

/** String value of a JSX attribute; `true` for a bare attribute; undefined when absent/dynamic. */
function attr(node: AnyNode, name: string, st: State | null = null): string | boolean | undefined {
  const attrs = (node.attributes as AnyNode[] | undefined) ?? [];
  const a = attrs.find((x) => x.type === 'mdxJsxAttribute' && x.name === name);
  if (!a) return undefined;
  const v = a.value as unknown;
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v;
  const estree = ((v as AnyNode).data as { estree?: unknown } | undefined)?.estree;
  return literalValue(programExpression(estree), st);
}

function attrText(node: AnyNode, names: string[], st: State | null = null): string | undefined {
  for (const n of names) {
    const v = attr(node, n, st);
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** Reads `import` / `export const` declarations from mdxjsEsm nodes. */
function collectEsm(tree: AnyNode, st: State): void {
  const visitNode = (node: AnyNode) => {
    if (node.type === 'mdxjsEsm') {
      const program = (node.data as { estree?: { body?: Estree[] } } | undefined)?.estree;
      for (const stmt of program?.body ?? []) {
        if (stmt.type === 'ImportDeclaration') {
          const source = String((stmt.source as Estree).value);
          for (const spec of stmt.specifiers as Estree[]) {
            const local = String((spec.local as Estree).name);
            if (spec.type === 'ImportDefaultSpecifier') st.bindings.set(local, { source, imported: 'default' });
            else if (spec.type === 'ImportSpecifier') {
              const imported = spec.imported as Estree;
              st.bindings.set(local, { source, imported: String(imported.name ?? imported.value) });
            }
          }
        } else if (stmt.type === 'ExportNamedDeclaration' && stmt.declaration) {
          collectConsts(stmt.declaration as Estree, st.strings, st);
        } else if (stmt.type === 'VariableDeclaration') {
          collectConsts(stmt, st.strings, st);
        }
      }
      return;
    }
    for (const c of node.children ?? []) visitNode(c);
  };
  visitNode(tree);
}

function collectConsts(decl: Estree, into: Map<string, string>, st: State | null): void {
  if (decl.type !== 'VariableDeclaration') return;
  for (const d of decl.declarations as Estree[]) {
    const id = d.id as Estree;
    const v = literalValue(d.init as Estree | undefined, st);
    if (id.type === 'Identifier' && typeof v === 'string') into.set(String(id.name), v);
  }
}

/**
 * Named string exports of a parsed snippet (`export const name = 'value'`).
 * @param tree a tree from `parseMarkdown(…, true)`.
 * @returns map of export name → string value.
 */
export function snippetStrings(tree: AnyNode): Map<string, string> {
  const st: State = { depth: 2, bindings: new Map(), strings: new Map(), opts: { loadSnippet: () => null } };
  collectEsm(tree, st);
  return st.strings;
}

function transformChildren(children: AnyNode[] | undefined, st: State): AnyNode[] {
  const out: AnyNode[] = [];
  for (const child of children ?? []) out.push(...transformNode(child, st));
  return out;
}

function transformNode(node: AnyNode, st: State): AnyNode[] {
  switch (node.type) {
    case 'mdxjsEsm':
      return [];
    case 'mdxFlowExpression': {
      const v = expressionText(node, st);
      return v ? [paragraph([text(v)])] : [];
    }
    case 'mdxTextExpression': {
      const v = expressionText(node, st);
      return v ? [text(v)] : [];
    }
    case 'code':
      // Mintlify's bare fence title (```` ```bash Terminal ````) → the portable `title="Terminal"`.
      node.meta = codeTitle(node.meta as string | null) ? titleMeta(codeTitle(node.meta as string | null)!) : null;
      return [node];
    case 'mdxJsxFlowElement':
      return convertElement(node, st, true);
    case 'mdxJsxTextElement':
      return convertElement(node, st, false);
    case 'heading':
      // An H1 is the page title (removed later), so sections under it still start at H3.
      st.depth = Math.max(Number(node.depth), 2);
      node.children = toPhrasing(transformChildren(node.children, st));
      return [node];
    case 'paragraph': {
      // `<Warning>text</Warning>` written on one line parses as a paragraph holding one inline
      // element: treat it as the block it stands for.
      const meaningful = (node.children ?? []).filter((c) => !(c.type === 'text' && !(c.value ?? '').trim()));
      if (meaningful.length === 1 && meaningful[0].type === 'mdxJsxTextElement') {
        return toBlocks(convertElement(meaningful[0], st, true));
      }
      node.children = toPhrasing(transformChildren(node.children, st));
      return [node];
    }
    default:
      if (node.children) {
        const kids = transformChildren(node.children, st);
        node.children = node.type === 'paragraph' ? toPhrasing(kids) : kids;
      }
      return [node];
  }
}

/** Runs `fn` with the heading depth context saved and restored. */
function scoped<T>(st: State, depth: number, fn: () => T): T {
  const saved = st.depth;
  st.depth = depth;
  try {
    return fn();
  } finally {
    st.depth = saved;
  }
}

function isElement(node: AnyNode, name?: string): boolean {
  return (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && (name === undefined || String(node.name ?? '').toLowerCase() === name);
}

function convertElement(node: AnyNode, st: State, flow: boolean): AnyNode[] {
  const rawName = String(node.name ?? '');
  const name = rawName.toLowerCase();
  const kids = (children: AnyNode[] | undefined = node.children): AnyNode[] => {
    const out = transformChildren(children, st);
    return flow ? toBlocks(out) : toPhrasing(out);
  };
  const asFlow = (phrasing: AnyNode[]): AnyNode[] => (flow ? toBlocks(phrasing) : phrasing);

  // Snippet imports and other imported components.
  const binding = st.bindings.get(rawName);
  if (binding) {
    const snippet = st.opts.loadSnippet(binding.source);
    if (snippet && binding.imported === 'default') {
      const blocks = structuredClone(snippet.blocks);
      return flow ? blocks : toPhrasing(blocks);
    }
    if (snippet?.strings.has(binding.imported)) return asFlow([text(snippet.strings.get(binding.imported)!)]);
    // A component we cannot render statically (e.g. a snippet exporting a React function): keep
    // whatever content was passed to it.
    return kids();
  }

  if (CALLOUTS[name]) {
    const label = CALLOUTS[name];
    if (!flow) return [strong(`${label}:`), text(' '), ...kids()];
    return [{ type: 'blockquote', children: [paragraph([strong(label)]), ...kids()] }];
  }

  if (name === 'steps') {
    const items: AnyNode[] = [];
    for (const child of node.children ?? []) {
      if (isElement(child, 'step')) items.push({ type: 'listItem', spread: true, children: stepBlocks(child, st) });
      else {
        const extra = toBlocks(transformNode(child, st));
        if (!extra.length) continue;
        if (items.length) items[items.length - 1].children!.push(...extra);
        else items.push({ type: 'listItem', spread: true, children: extra });
      }
    }
    if (!items.length) return [];
    const list: AnyNode = { type: 'list', ordered: true, start: 1, spread: true, children: items };
    return flow ? [list] : toPhrasing([list]);
  }
  if (name === 'step') {
    const blocks = stepBlocks(node, st);
    return flow ? blocks : toPhrasing(blocks);
  }

  if (name === 'codegroup' && flow) {
    // Each code block keeps its title (or gets its language's name, as Mintlify shows it); the
    // renderer turns adjacent titled blocks into tabs.
    const blocks = kids();
    const group = ++codeGroupIds;
    for (const b of blocks) {
      if (b.type !== 'code') continue;
      if (!b.meta) b.meta = titleMeta(languageLabel(b.lang as string | null));
      b.data = { ...(b.data as object), codeGroup: group };
    }
    return blocks;
  }

  if (name === 'tabs' && flow) return tabsBlocks(node, st);

  if (SECTIONS.has(name)) {
    let title = attrText(node, ['title', 'label'], st);
    let children = node.children;
    if (name === 'details') {
      const summary = (node.children ?? []).find((c) => isElement(c, 'summary'));
      if (summary) title = nodeText(summary).trim() || title;
      children = (node.children ?? []).filter((c) => c !== summary);
    }
    if (name === 'update') {
      const description = attrText(node, ['description'], st);
      if (description) title = title ? `${title} — ${description}` : description;
    }
    if (!flow) return title ? [strong(title), text(' '), ...kids(children)] : kids(children);
    const depth = Math.min(st.depth + 1, 6);
    return scoped(st, title ? depth : st.depth, () => {
      const body = kids(children);
      if (!title) return body;
      // Content with its own headings at or above that level (changelog <Update>s holding `##`
      // titles): a heading would invert the outline, so the title becomes a bold line instead.
      const clash = body.some(function deep(n: AnyNode): boolean {
        return (n.type === 'heading' && Number(n.depth) <= depth) || (n.children ?? []).some(deep);
      });
      return [clash ? paragraph([strong(title)]) : heading(depth, title), ...body];
    });
  }

  if (name === 'cardgroup' || name === 'columns') return cardList(node, st, flow);
  if (name === 'card') {
    const blocks = cardBlocks(node, st);
    return flow ? blocks : toPhrasing(blocks);
  }

  if (name === 'paramfield' || name === 'responsefield' || name === 'field') {
    const field = attrText(node, ['path', 'query', 'body', 'header', 'name', 'param'], st);
    const type = attrText(node, ['type'], st);
    const notes = [type, attr(node, 'required', st) === true ? 'required' : undefined].filter(Boolean).join(', ');
    const head: AnyNode[] = [];
    if (field) head.push({ type: 'inlineCode', value: field });
    if (notes) head.push(text(head.length ? ` (${notes})` : notes));
    const body = kids();
    if (!flow) return [...head, ...(head.length && body.length ? [text(' — ')] : []), ...body];
    return [...(head.length ? [paragraph(head)] : []), ...body];
  }

  if (name === 'frame') {
    const caption = attrText(node, ['caption'], st);
    const body = kids();
    if (caption) body.push(...asFlow([{ type: 'emphasis', children: [text(caption)] }]));
    return body;
  }

  if (name === 'img' || name === 'image') {
    const src = attrText(node, ['src'], st);
    if (!src) return [];
    // Mintlify's light/dark pairs (`block dark:hidden` + `hidden dark:block`): keep the light one.
    const cls = attrText(node, ['className', 'class'], st) ?? '';
    if (/(^|\s)hidden(\s|$)/.test(cls) && /(^|\s)dark:(block|inline|inline-block|flex)(\s|$)/.test(cls)) return [];
    const image: AnyNode = { type: 'image', url: src, alt: attrText(node, ['alt'], st) ?? '', title: null };
    return flow ? [paragraph([image])] : [image];
  }

  if (name === 'br') return flow ? [] : [{ type: 'break' }];
  if (name === 'hr') return flow ? [{ type: 'thematicBreak' }] : [];

  if (name === 'a') {
    const href = attrText(node, ['href'], st);
    const children = toPhrasing(transformChildren(node.children, st));
    if (!href) return asFlow(children);
    return asFlow([{ type: 'link', url: href, title: null, children: children.length ? children : [text(href)] }]);
  }

  if (name === 'iframe' || name === 'video' || name === 'audio' || name === 'embed' || name === 'object') {
    const sourceChild = (node.children ?? []).find((c) => isElement(c, 'source'));
    const src = attrText(node, ['src', 'data'], st) ?? (sourceChild ? attrText(sourceChild, ['src'], st) : undefined);
    if (!src) return [];
    const label = attrText(node, ['title'], st) ?? (name === 'video' ? 'Video' : name === 'audio' ? 'Audio' : 'Embedded content');
    return asFlow([{ type: 'link', url: src, title: null, children: [text(label)] }]);
  }

  const headingMatch = /^h([1-6])$/.exec(name);
  if (headingMatch) {
    const children = toPhrasing(transformChildren(node.children, st));
    if (!flow) return [{ type: 'strong', children }];
    st.depth = Math.max(Number(headingMatch[1]), 2);
    return [{ type: 'heading', depth: Number(headingMatch[1]), children }];
  }

  const inlineWrap: Record<string, string> = { b: 'strong', strong: 'strong', i: 'emphasis', em: 'emphasis', s: 'delete', del: 'delete', strike: 'delete' };
  if (inlineWrap[name]) {
    return asFlow([{ type: inlineWrap[name], children: toPhrasing(transformChildren(node.children, st)) }]);
  }
  if (name === 'code' || name === 'kbd') return asFlow([{ type: 'inlineCode', value: nodeText(node) }]);
  if (name === 'pre') return flow ? [{ type: 'code', lang: null, meta: null, value: nodeText(node) }] : [{ type: 'inlineCode', value: nodeText(node) }];

  if (DROP.has(name)) return [];

  // Tabs, AccordionGroup, CodeGroup, Tooltip, Badge, fragments, div/span/u/sup…, and any unknown
  // component: keep the content, lose the tag.
  return kids();
}

function stepBlocks(step: AnyNode, st: State): AnyNode[] {
  const title = attrText(step, ['title'], st);
  const body = toBlocks(transformChildren(step.children, st));
  return title ? [paragraph([strong(title)]), ...body] : body;
}

/**
 * `<Tabs>` as portable Markdown. Tabs that each hold one code block become a code group (the
 * blocks titled by their tab); other tabs become their usual section (heading or bold title, then
 * content), each preceded by `<!-- tab -->`, the group closed by `<!-- /tabs -->`
 * (lib/content/blocks.ts). Content between tabs stays where it is.
 */
function tabsBlocks(node: AnyNode, st: State): AnyNode[] {
  const children = node.children ?? [];
  const tabs = children.filter((c) => isElement(c, 'tab'));
  if (!tabs.length) return toBlocks(transformChildren(children, st));
  const codeOnly = tabs.every((t) => (t.children ?? []).length === 1 && t.children![0].type === 'code');
  const out: AnyNode[] = [];
  const group = ++codeGroupIds;
  tabs.forEach((t, i) => {
    t.data = { ...(t.data as object), tabIndex: i };
  });
  for (const child of children) {
    if (!isElement(child, 'tab')) {
      out.push(...toBlocks(transformNode(child, st)));
      continue;
    }
    if (codeOnly) {
      const code = child.children![0];
      const title =
        attrText(child, ['title', 'label'], st) ??
        codeTitle(code.meta as string | null) ??
        (code.lang ? languageLabel(code.lang as string) : `Tab ${(child.data as { tabIndex: number }).tabIndex + 1}`);
      code.meta = titleMeta(title);
      code.data = { ...(code.data as object), codeGroup: group };
      out.push(code);
    } else {
      out.push(blockMarker(TAB_MARKER), ...convertElement(child, st, true));
    }
  }
  if (!codeOnly) out.push(blockMarker(TABS_END_MARKER));
  return out;
}

function cardBlocks(card: AnyNode, st: State): AnyNode[] {
  const title = attrText(card, ['title'], st);
  const href = attrText(card, ['href'], st);
  const body = toBlocks(transformChildren(card.children, st));
  let head: AnyNode | null = null;
  if (href) head = { type: 'link', url: href, title: null, children: [text(title ?? href)] };
  else if (title) head = strong(title);
  return head ? [paragraph([head]), ...body] : body;
}

/** CardGroup / Columns: consecutive cards become one bullet list; other content stays as it is. */
function cardList(node: AnyNode, st: State, flow: boolean): AnyNode[] {
  const out: AnyNode[] = [];
  let items: AnyNode[] = [];
  const flush = () => {
    if (items.length) out.push({ type: 'list', ordered: false, spread: false, children: items });
    items = [];
  };
  for (const child of node.children ?? []) {
    if (isElement(child, 'card')) {
      const blocks = cardBlocks(child, st);
      if (blocks.length) items.push({ type: 'listItem', spread: false, children: blocks });
    } else {
      const blocks = toBlocks(transformNode(child, st));
      if (blocks.length) {
        flush();
        out.push(...blocks);
      }
    }
  }
  flush();
  return flow ? out : toPhrasing(out);
}

/**
 * Converts an MDX tree in place into plain mdast (no JSX, expression or ESM nodes left).
 * Mapping: Note/Warning/Info/Tip/Check/Danger → blockquote starting with a bold label paragraph;
 * Steps/Step → ordered list (bold step title, then its content); Accordion/Expandable/Update/Tab/
 * details → heading one level below the surrounding heading (H3 when none) + content;
 * AccordionGroup/Tabs/CodeGroup/Frame → their content; Card/CardGroup/Columns → `[title](href)`
 * (or bold title) + text, grouped cards as a bullet list; ParamField → `` `name` (type, required) ``
 * + text; `<img>` → image; `<a>` → link; iframe/video → link to the source; `<br>` → line break;
 * default-imported snippets → the snippet's converted content; string literals in `{…}` → text;
 * any other element → its children; other expressions and all import/export lines → removed.
 * @param tree root from `parseMarkdown(text, true)`; mutated.
 * @param opts snippet loader.
 * @returns the same tree.
 */
export function convertMdx(tree: AnyNode, opts: MdxOptions): AnyNode {
  const st: State = { depth: 2, bindings: new Map(), strings: new Map(), opts };
  collectEsm(tree, st);
  tree.children = toBlocks(transformChildren(tree.children, st));
  separateCodeGroups(tree);
  return tree;
}

/**
 * Adjacent titled code blocks render as one tab group (lib/content/blocks.ts). Where two such
 * blocks sit side by side but were not one group in the source (two CodeGroups in a row, or
 * Mintlify's titled blocks outside any group), a `<!-- /tabs -->` marker keeps them apart.
 */
function separateCodeGroups(node: AnyNode): void {
  const kids = node.children;
  if (!kids) return;
  const groupOf = (n: AnyNode) => (n.data as { codeGroup?: number } | undefined)?.codeGroup;
  const titled = (n: AnyNode | undefined) => n?.type === 'code' && Boolean(codeTitle(n.meta as string | null));
  const out: AnyNode[] = [];
  kids.forEach((k, i) => {
    const prev = kids[i - 1];
    if (i > 0 && titled(prev) && titled(k) && (groupOf(prev) === undefined || groupOf(prev) !== groupOf(k))) {
      out.push(blockMarker(TABS_END_MARKER));
    }
    out.push(k);
    separateCodeGroups(k);
  });
  node.children = out;
}
