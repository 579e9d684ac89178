/**
 * Answer-level evaluation: every case is played through the same chat-turn code as POST
 * /api/chat (prepareChatTurn → runChatTurn, the active chat model), turn by turn, each answer fed
 * back as history. What the user meets is scored: does the answer cite a gold article, how many
 * of its citations are gold (citation precision), does it refuse when it should (and only then,
 * with no source listed), how much of the reference answer's key facts it holds (key-fact recall:
 * a lexical measure, the share of the reference's content-word stems found in the answer), whether
 * every quoted sentence stands verbatim in a cited article, and time to first token / to the end.
 */
import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { articleChunks, articles } from '@/db/schema';
import type { ActiveChatModel } from '@/lib/ai/chat-model';
import { prepareChatTurn, runChatTurn } from '@/lib/assistant/chat-turn';
import { stripCitationMarkers } from '@/lib/assistant/citations';
import { COMPOSER_OWN_LINE } from '@/lib/assistant/compose';
import { contentWords, stem } from '@/lib/assistant/context';
import type { EvalCase } from './dataset';
import { alignColumns, mean, percentile } from './metrics';

export interface AnswerCaseResult {
  id: string;
  kind: string;
  question: string;
  gold: string[];
  /** Source ids (or slugs when an article has none) of the cited articles, in citation order. */
  cited: string[];
  refused: boolean;
  /** Source-url parts listed (= cited articles). */
  sourcesListed: number;
  citesGold: boolean;
  /** Share (0–1) of reference content-word stems found in the answer; null without a reference. */
  keyFactRecall: number | null;
  /** Quoted sentences not found verbatim in any cited article. */
  unverifiedSentences: string[];
  ttftMs: number;
  totalMs: number;
  answer: string;
}

export interface AnswerMetrics {
  cases: number;
  /** Answerable-type cases whose answer cites a gold article (0–1). */
  cites_gold: number | null;
  /** Answerable-type cases refused (0–1). */
  wrong_refusals: number | null;
  /** Unanswerable cases refused with no source listed (0–1). */
  correct_refusals: number | null;
  /** Cited articles that are gold, over all cited articles of answerable-type cases (0–1). */
  citation_precision: number | null;
  key_fact_recall: number | null;
  /** Answers whose quoted sentences all stand verbatim in a cited article (0–1). */
  verbatim: number | null;
  ttft_p50_ms: number;
  ttft_p95_ms: number;
  total_p50_ms: number;
  total_p95_ms: number;
}

export interface AnswerReport {
  model: string;
  overall: AnswerMetrics;
  byKind: Record<string, AnswerMetrics>;
  results: AnswerCaseResult[];
}

/**
 * Key-fact recall, a lexical measure: the share of the reference's distinct content-word stems
 * that occur in the answer.
 * @returns 0–1; 1 for a reference with no content word.
 */
export function keyFactRecall(answer: string, reference: string): number {
  const ref = [...new Set(contentWords(reference).map(stem))];
  if (ref.length === 0) return 1;
  const got = new Set(contentWords(answer).map(stem));
  return ref.filter((w) => got.has(w)).length / ref.length;
}

const normalizeSpace = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Quoted sentences of an extractive answer that stand in none of the given article texts.
 * Markdown syntax, citation markers and the answer's own closing line are removed first; text is
 * checked sentence by sentence, table rows cell by cell.
 * @returns the sentences not found (empty when all are verbatim).
 */
export function unverifiedSentences(answer: string, articleTexts: string[]): string[] {
  const corpus = normalizeSpace(articleTexts.join('\n').replace(/[*_`]/g, ''));
  const out: string[] = [];
  // Markers go first, over the whole answer, so code (`items[0]`, a fenced `[10, 20]`) keeps its brackets.
  for (const raw of stripCitationMarkers(answer).split('\n')) {
    let line = raw.trim();
    if (!line || COMPOSER_OWN_LINE.test(line) || /^\|?\s*-{3}/.test(line) || /^…/.test(line) || /^\*\*From the article:\*\*$/.test(line)) continue;
    // A bold lead is the section's heading (from the heading path), not quoted text.
    if (/^\*\*[^*]+\*\*$/.test(line)) continue;
    // A code fence and its language ("```bash") are the answer's markup, not quoted text.
    if (/^(?:`{3,}|~{3,})[\w-]*$/.test(line)) continue;
    line = line
      .replace(/^(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/\*\*/g, '')
      .replace(/[*_`]/g, '');
    // The composer's own pointer after a cut list ("- …and more in the article.") is no quote.
    if (/^…/.test(line)) continue;
    const pieces = line.startsWith('|')
      ? line
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean)
      : line
          .split(/(?<=[.!?])\s+(?=[A-Z0-9“"(])/)
          .map((x) => x.trim())
          .filter(Boolean);
    for (const p of pieces) if (!corpus.includes(normalizeSpace(p))) out.push(p);
  }
  return out;
}

type Chunk = { type: string; [k: string]: unknown };

/** One assistant turn as read from its UI message stream. */
export interface ReadTurn {
  /** Every chunk, in order. */
  chunks: Chunk[];
  text: string;
  /** The `source-url` parts (the cited articles), in order. */
  sources: { sourceId: string; url: string; title: string }[];
  /** The finish chunk's `refused` metadata. */
  refused: boolean;
  /** Time to the first text chunk and to the end, in ms from `startedAt` (first token = end when there is no text). */
  ttftMs: number;
  totalMs: number;
}

/**
 * Reads a chat turn's stream to its end.
 * @param stream what `runChatTurn` returned; @param startedAt `performance.now()` before the turn began.
 * @returns the chunks and what a client shows of them.
 */
export async function readChatStream(stream: ReadableStream<unknown>, startedAt: number): Promise<ReadTurn> {
  const out: ReadTurn = { chunks: [], text: '', sources: [], refused: false, ttftMs: NaN, totalMs: 0 };
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = value as Chunk;
    out.chunks.push(chunk);
    if (chunk.type === 'text-delta') {
      if (Number.isNaN(out.ttftMs)) out.ttftMs = performance.now() - startedAt;
      out.text += chunk.delta as string;
    } else if (chunk.type === 'source-url') {
      out.sources.push({ sourceId: chunk.sourceId as string, url: chunk.url as string, title: chunk.title as string });
    } else if (chunk.type === 'finish') {
      out.refused = !!(chunk.messageMetadata as { refused?: boolean } | undefined)?.refused;
    }
  }
  out.totalMs = performance.now() - startedAt;
  if (Number.isNaN(out.ttftMs)) out.ttftMs = out.totalMs;
  return out;
}

/** The assistant message a client would send back as history for a read turn. */
export function historyMessage(id: string, turn: ReadTurn): { id: string; role: 'assistant'; parts: Record<string, unknown>[] } {
  return { id, role: 'assistant', parts: [{ type: 'text', text: turn.text }, ...turn.sources.map((s) => ({ type: 'source-url', ...s }))] };
}

/**
 * Runs every case through the chat turn and scores the answers.
 * @param args.scope scope each case to its `collection`, as the panel does on that product's pages (default true).
 * @returns per-case results and metrics overall and per kind.
 * @throws database errors.
 */
export async function runAnswerEval(db: Db, cases: EvalCase[], args: { chat: ActiveChatModel; scope?: boolean; onCase?: (r: AnswerCaseResult) => void }): Promise<AnswerReport> {
  const slugToSource = new Map<string, string>();
  const rows = await db.select({ slug: articles.slug, sourceId: articles.sourceId }).from(articles);
  for (const r of rows) slugToSource.set(r.slug, r.sourceId ?? r.slug);
  const results: AnswerCaseResult[] = [];
  for (const c of cases) {
    const history: { id: string; role: 'user' | 'assistant'; parts: Record<string, unknown>[] }[] = [];
    let last: { text: string; sources: string[]; refused: boolean; ttft: number; total: number } | null = null;
    for (const [t, turnText] of c.turns.entries()) {
      history.push({ id: `${c.id}-u${t}`, role: 'user', parts: [{ type: 'text', text: turnText }] });
      const turn = prepareChatTurn({ id: `eval-${c.id}`, messages: history as never, collection: args.scope === false ? undefined : c.collection });
      const t0 = performance.now();
      const stream = await runChatTurn({ db, conversationId: `eval-${c.id}-${t}`, clientId: 'eval', turn, chat: args.chat, signal: new AbortController().signal });
      const read = await readChatStream(stream, t0);
      history.push(historyMessage(`${c.id}-a${t}`, read));
      last = { text: read.text, sources: read.sources.map((s) => s.sourceId), refused: read.refused || read.sources.length === 0, ttft: read.ttftMs, total: read.totalMs };
    }
    if (!last) continue;
    const cited = last.sources.map((slug) => slugToSource.get(slug) ?? slug);
    const gold = new Set(c.gold);
    let unverified: string[] = [];
    if (last.sources.length) {
      const chunks = await db.select({ content: articleChunks.content }).from(articleChunks).innerJoin(articles, eq(articles.id, articleChunks.articleId)).where(inArray(articles.slug, last.sources));
      unverified = unverifiedSentences(
        last.text,
        chunks.map((x) => x.content),
      );
    }
    const result: AnswerCaseResult = {
      id: c.id,
      kind: c.kind,
      question: c.turns[c.turns.length - 1],
      gold: c.gold,
      cited,
      refused: last.refused,
      sourcesListed: last.sources.length,
      citesGold: cited.some((x) => gold.has(x)),
      keyFactRecall: c.reference ? keyFactRecall(last.text, c.reference) : null,
      unverifiedSentences: unverified,
      ttftMs: Math.round(last.ttft * 10) / 10,
      totalMs: Math.round(last.total * 10) / 10,
      answer: last.text,
    };
    results.push(result);
    args.onCase?.(result);
  }
  const byKind: Record<string, AnswerMetrics> = {};
  for (const kind of [...new Set(results.map((r) => r.kind))]) byKind[kind] = metricsOf(results.filter((r) => r.kind === kind));
  return { model: args.chat.label, overall: metricsOf(results), byKind, results };
}

function metricsOf(rs: AnswerCaseResult[]): AnswerMetrics {
  const answerable = rs.filter((r) => r.gold.length > 0);
  const unanswerable = rs.filter((r) => r.gold.length === 0);
  const citedAll = answerable.flatMap((r) => r.cited.map((x) => r.gold.includes(x)));
  const withRef = rs.map((r) => r.keyFactRecall).filter((x): x is number => x !== null);
  const answered = rs.filter((r) => r.sourcesListed > 0);
  const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : null);
  const ttft = rs.map((r) => r.ttftMs);
  const total = rs.map((r) => r.totalMs);
  return {
    cases: rs.length,
    cites_gold: share(answerable.map((r) => r.citesGold)),
    wrong_refusals: share(answerable.map((r) => r.refused)),
    correct_refusals: share(unanswerable.map((r) => r.refused && r.sourcesListed === 0)),
    citation_precision: share(citedAll),
    key_fact_recall: withRef.length ? mean(withRef) : null,
    verbatim: share(answered.map((r) => r.unverifiedSentences.length === 0)),
    ttft_p50_ms: percentile(ttft, 50),
    ttft_p95_ms: percentile(ttft, 95),
    total_p50_ms: percentile(total, 50),
    total_p95_ms: percentile(total, 95),
  };
}

/** A plain-text table of the report: one row per kind, then overall. */
export function formatAnswerReport(report: AnswerReport): string {
  const f = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : x.toFixed(3));
  const ms = (x: number) => (Number.isNaN(x) ? '—' : `${Math.round(x)}`);
  const head = ['kind', 'cases', 'cites gold', 'wrong refusals', 'correct refusals', 'citation precision', 'key-fact recall (lexical)', 'verbatim', 'TTFT p50/p95 ms', 'total p50/p95 ms'];
  const row = (name: string, m: AnswerMetrics) => [
    name,
    String(m.cases),
    f(m.cites_gold),
    f(m.wrong_refusals),
    f(m.correct_refusals),
    f(m.citation_precision),
    f(m.key_fact_recall),
    f(m.verbatim),
    `${ms(m.ttft_p50_ms)}/${ms(m.ttft_p95_ms)}`,
    `${ms(m.total_p50_ms)}/${ms(m.total_p95_ms)}`,
  ];
  const lines = [head, ...Object.entries(report.byKind).map(([k, m]) => row(k, m)), row('overall', report.overall)];
  return [`answers by: ${report.model}`, ...alignColumns(lines)].join('\n');
}
