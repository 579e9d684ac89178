/**
 * Chunking by heading path with a token ceiling. Each chunk is plain text (Markdown syntax removed,
 * list items and table rows kept on their own lines) and carries its heading path, so both search
 * legs see the context ("Refunds › Partial refunds") even when the text itself does not repeat it.
 */
import GithubSlugger from 'github-slugger';
import { encode } from 'gpt-tokenizer';
import type { Content, Root, RootContent } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';

export interface Chunk {
  /** 0-based order within the article. */
  position: number;
  /** Heading texts above the chunk, outermost first, joined by " › " ('' before the first heading). */
  headingPath: string;
  /** Anchor id (as rendered by rehype-slug) of the nearest heading, '' when none. */
  anchor: string;
  /** Plain text of the chunk. */
  content: string;
  /** cl100k tokens of `content` (gpt-tokenizer). */
  tokenCount: number;
}

export interface ChunkOptions {
  /** Token ceiling per chunk (cl100k tokens). Default 320. */
  maxTokens?: number;
}

/** Longest run of non-whitespace characters encoded in one piece by `countTokens`. */
const MAX_RUN_CHARS = 1000;
const LONG_RUN = new RegExp(`(\\S{${MAX_RUN_CHARS}})`);

/**
 * Tokens of a string in the cl100k encoding (gpt-tokenizer).
 * BPE merges within one pre-tokenized piece in time quadratic in its length, and gpt-tokenizer
 * overflows the stack near 250k characters: a body of one 260k-character "word" blocked the server
 * for minutes, then failed. Runs of non-whitespace longer than 1,000 characters are therefore
 * counted in 1,000-character slices (at most one token more per slice than the exact count; text
 * with ordinary words is counted exactly).
 * @returns the token count.
 */
export function countTokens(text: string): number {
  if (!LONG_RUN.test(text)) return encode(text).length;
  let n = 0;
  for (const part of text.split(LONG_RUN)) if (part) n += encode(part).length;
  return n;
}

function blockText(node: RootContent | Content): string[] {
  switch (node.type) {
    case 'list':
      return node.children.flatMap((item, i) => {
        const lines = item.children.flatMap((c) => blockText(c as Content));
        const bullet = node.ordered ? `${(node.start ?? 1) + i}.` : '-';
        return lines.length ? [`${bullet} ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`)] : [];
      });
    case 'table':
      return node.children.map((row) => row.children.map((cell) => mdToString(cell).trim()).join(' | '));
    case 'code':
      return node.value.split('\n');
    case 'blockquote':
      return node.children.flatMap((c) => blockText(c as Content));
    case 'html':
      return [];
    case 'thematicBreak':
      return [];
    default: {
      const text = mdToString(node).replace(/\s+/g, ' ').trim();
      return text ? [text] : [];
    }
  }
}

/**
 * Splits a Markdown article into chunks: a new chunk at every heading, and within a section at
 * block (then line) boundaries once the token ceiling is reached, so long lists and tables are
 * split too.
 * @param markdown article body (the title is not part of it).
 * @returns chunks in document order; an empty body gives one chunk with the empty string only when
 *   `fallbackText` is given (the summary), otherwise [].
 */
export function chunkMarkdown(markdown: string, options: ChunkOptions & { fallbackText?: string } = {}): Chunk[] {
  const maxTokens = options.maxTokens ?? 320;
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  // Imported screenshots (served from /media, or missing: `![alt]()`) stay out of the indexed text,
  // as when the importer dropped them: their alt texts are captions, not answers.
  visit(tree, 'image', (node, index, parent) => {
    if (!parent || index === undefined || (node.url && !node.url.startsWith('/media/'))) return undefined;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  const slugger = new GithubSlugger();
  const chunks: Chunk[] = [];
  const path: { depth: number; text: string }[] = [];
  let anchor = '';
  let lines: string[] = [];
  let tokens = 0;

  const flush = () => {
    const content = lines.join('\n').trim();
    if (content) {
      chunks.push({
        position: chunks.length,
        headingPath: path.map((p) => p.text).join(' › '),
        anchor,
        content,
        tokenCount: countTokens(content),
      });
    }
    lines = [];
    tokens = 0;
  };

  for (const node of tree.children) {
    if (node.type === 'heading') {
      flush();
      const text = mdToString(node).trim();
      const id = slugger.slug(text);
      while (path.length && path[path.length - 1].depth >= node.depth) path.pop();
      if (node.depth > 1) path.push({ depth: node.depth, text });
      anchor = node.depth > 1 ? id : anchor;
      continue;
    }
    for (const line of blockText(node)) {
      const t = countTokens(line) + 1;
      if (tokens + t > maxTokens && lines.length) flush();
      if (t > maxTokens) {
        // One very long line (a paragraph with no breaks): split it on sentence ends, then words.
        for (const piece of splitLong(line, maxTokens)) {
          lines.push(piece);
          flush();
        }
        continue;
      }
      lines.push(line);
      tokens += t;
    }
  }
  flush();
  if (chunks.length === 0 && options.fallbackText?.trim()) {
    const content = options.fallbackText.trim();
    chunks.push({ position: 0, headingPath: '', anchor: '', content, tokenCount: countTokens(content) });
  }
  return chunks;
}

function splitLong(text: string, maxTokens: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/(?<=[.!?])\s+|\s+/)) {
    const next = cur ? `${cur} ${word}` : word;
    if (countTokens(next) > maxTokens && cur) {
      out.push(cur);
      cur = word;
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}
