/**
 * What a support agent needs from a handed-off conversation, derived from its stored messages:
 * the transcript as the user saw it, what the assistant already tried (its answers and the
 * articles it cited or offered) and a reply-by-email link. Pure functions over stored UI parts
 * (already redacted); rendering the answers' Markdown is the page's job (components/assistant/answer).
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { toString as mdastToString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import { stripCitationMarkers } from './citations';
import { draftedRequest, HANDOFF_PAUSED_TEXT } from './handoff';
import { HANDOFF_TOOL_NAME } from './tools/handoff-to-human';

/** A stored message as the derivations need it (db/queries/handoffs.ts HandoffMessage fits). */
export interface ContextMessage {
  id: string;
  role: 'user' | 'assistant' | 'system';
  parts: unknown[];
  modelId?: string | null;
  /** The answer's provenance outcome (`answered`, `refused`, `clarify`, …), null when unknown. */
  outcome?: string | null;
}

/** An article linked from an answer: a same-site path and its title. */
export interface LinkedArticle {
  title: string;
  href: string;
}

/** One answer the assistant gave before the handoff. */
export interface TriedAnswer {
  messageId: string;
  /** The user message it answered (plain text, ≤ 300 characters), '' when none. */
  question: string;
  /** The answer as plain text without citation markers, ≤ 280 characters (… when cut). */
  excerpt: string;
  /** What kind of reply it was, in words: "Answered", "Could not answer", … */
  kind: string;
  /** Articles it cited, in citation order. */
  cited: LinkedArticle[];
  /** Articles it offered as search results (a refusal's suggestions), not cited. */
  offered: LinkedArticle[];
}

/** "Already tried", derived from the conversation rather than copied from the user's words. */
export interface AlreadyTried {
  answers: TriedAnswer[];
  /** Every article cited or offered before the handoff, once each, with how many answers named it. */
  articles: (LinkedArticle & { times: number })[];
}

type Part = { type?: unknown; text?: unknown; url?: unknown; title?: unknown; sourceId?: unknown; toolCallId?: unknown; data?: unknown };

const asParts = (parts: unknown[]): Part[] => parts.filter((p): p is Part => !!p && typeof p === 'object');

/** The message's text parts joined by blank lines. */
export function messageText(m: Pick<ContextMessage, 'parts'>): string {
  return asParts(m.parts)
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text as string)
    .join('\n\n');
}

const safeHref = (url: unknown, slug: unknown): string => (typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : `/articles/${encodeURIComponent(String(slug ?? ''))}`);

/** The `source-url` parts of an answer as article links (off-site URLs fall back to the slug's article). */
export function citedArticles(m: Pick<ContextMessage, 'parts'>): LinkedArticle[] {
  return asParts(m.parts)
    .filter((p) => p.type === 'source-url')
    .map((p) => ({ title: String(p.title || p.sourceId || p.url), href: safeHref(p.url, p.sourceId) }));
}

/** The articles of an answer's `data-search-results` part (offered under a refusal), same-site only. */
export function offeredArticles(m: Pick<ContextMessage, 'parts'>): LinkedArticle[] {
  for (const p of asParts(m.parts)) {
    if (p.type !== 'data-search-results') continue;
    const results = (p.data as { results?: unknown } | undefined)?.results;
    if (!Array.isArray(results)) continue;
    return results
      .filter((r): r is { url: string; title?: unknown } => !!r && typeof r.url === 'string' && r.url.startsWith('/') && !r.url.startsWith('//'))
      .slice(0, 4)
      .map((r) => ({ title: String(r.title || r.url), href: r.url }));
  }
  return [];
}

/** Whether a message carries the handoff tool call (the form the user filled in). */
export function hasHandoffCall(m: Pick<ContextMessage, 'parts'>, toolCallId?: string): boolean {
  return asParts(m.parts).some((p) => typeof p.type === 'string' && p.type === `tool-${HANDOFF_TOOL_NAME}` && (toolCallId === undefined || p.toolCallId === toolCallId));
}

/** Whether a message is the fixed notice the assistant sends while paused. */
export function isPausedNotice(m: ContextMessage): boolean {
  return m.role === 'assistant' && (m.modelId === 'resolve-handoff-notice' || m.outcome === 'paused' || messageText(m).trim() === HANDOFF_PAUSED_TEXT);
}

/**
 * Markdown to one line of plain text (citation markers dropped), cut at `max` characters on a
 * word boundary with "…".
 */
export function plainExcerpt(markdown: string, max = 280): string {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(stripCitationMarkers(markdown));
  // Block by block, so "days." and "Common codes:" of two paragraphs keep a space between them.
  const blocks: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell' || node.type === 'code') {
      blocks.push(mdastToString(node, { includeHtml: false }));
      return SKIP;
    }
  });
  const text = blocks.join(' ').replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd().replace(/[.,;:!?]+$/, '')}…`;
}

const KIND: Record<string, string> = {
  answered: 'Answered',
  refused: 'Could not answer',
  clarify: 'Asked to clarify',
  fallback: 'Answered from search results (model unavailable)',
  stopped: 'Stopped by the user',
  no_search: 'Replied without searching',
};

function kindOf(m: ContextMessage, cited: LinkedArticle[], offered: LinkedArticle[]): string {
  if (m.outcome && KIND[m.outcome]) return KIND[m.outcome];
  if (cited.length) return 'Answered';
  return offered.length ? 'Could not answer' : 'Replied';
}

/**
 * The index of the message that carries the handoff's tool call; the messages before it (and the
 * user's request in it) are "before the handoff". -1 when the call is not in the conversation.
 */
export function handoffMessageIndex(messages: ContextMessage[], toolCallId: string): number {
  return messages.findIndex((m) => hasHandoffCall(m, toolCallId));
}

/**
 * What the assistant already tried before the handoff: each answer it gave (question, excerpt,
 * kind, cited and offered articles) and the articles once each. Skips the handoff form message,
 * the paused notices and assistant messages without text.
 * @param messages the conversation's stored messages, oldest first.
 * @param toolCallId the handoff's tool call; messages from the one carrying it on are ignored
 *   (when it is absent, every message counts).
 */
export function deriveAlreadyTried(messages: ContextMessage[], toolCallId: string): AlreadyTried {
  const at = handoffMessageIndex(messages, toolCallId);
  const before = at === -1 ? messages : messages.slice(0, at);
  const answers: TriedAnswer[] = [];
  let question = '';
  for (const m of before) {
    if (m.role === 'user') {
      question = plainExcerpt(messageText(m), 300);
      continue;
    }
    if (m.role !== 'assistant' || isPausedNotice(m) || hasHandoffCall(m)) continue;
    const text = messageText(m);
    if (!text.trim() || draftedRequest(text)) continue;
    const cited = citedArticles(m);
    const offered = offeredArticles(m);
    answers.push({ messageId: m.id, question, excerpt: plainExcerpt(text), kind: kindOf(m, cited, offered), cited, offered });
  }
  const byHref = new Map<string, LinkedArticle & { times: number }>();
  for (const a of answers) {
    const seen = new Set<string>();
    for (const art of [...a.cited, ...a.offered]) {
      if (seen.has(art.href)) continue;
      seen.add(art.href);
      const cur = byHref.get(art.href);
      if (cur) cur.times++;
      else byHref.set(art.href, { ...art, times: 1 });
    }
  }
  return { answers, articles: [...byHref.values()] };
}

/**
 * A `mailto:` link to answer the customer: subject "Re: <topic> (handoff #id)", body with a
 * greeting, room to write, then the quoted summary and the assistant's last answer (each line
 * prefixed with "> "). The body is cut so the whole link stays under ~1,800 characters (mail
 * clients drop longer ones).
 * @param args.lastAnswer plain text of the last answer before the handoff, '' when none.
 */
export function replyMailto(args: { id: number; email: string; topic: string; summary: string; lastAnswer: string }): string {
  const quote = (s: string) =>
    s
      .split(/\r?\n/)
      .map((l) => `> ${l}`)
      .join('\n');
  const topic = args.topic.replace(/\s+/g, ' ').trim().slice(0, 80) || 'your question';
  const subject = `Re: ${topic} (handoff #${args.id})`;
  const parts = ['Hello,', '', '', '', 'You asked our help center assistant for a person. Your request:', quote(args.summary)];
  if (args.lastAnswer) parts.push('', 'The assistant had answered:', quote(args.lastAnswer));
  let body = parts.join('\n');
  const build = () => `mailto:${encodeURIComponent(args.email).replace(/%40/g, '@')}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  while (build().length > 1800 && body.length > 40) body = `${body.slice(0, Math.floor(body.length * 0.85)).trimEnd()}…`;
  return build();
}
