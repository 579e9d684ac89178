/**
 * The local model's answer composer: extractive and grounded. It picks the sentences of the
 * retrieved passages that cover most of the question's content words and cites each with its
 * source number. When no passage covers enough of the question, it says the help center does not
 * cover it and offers a human, with no citation.
 */
import { contentWords } from './context';
import type { SourcePassage } from './passages';

export interface ComposedAnswer {
  /** Markdown with [n] markers. */
  text: string;
  /** Whether the answer is supported by the sources (false → "not covered" message). */
  grounded: boolean;
  /** Source numbers cited in `text`. */
  cited: number[];
}

export const NOT_COVERED_TEXT =
  "I couldn't find this in the help center, so I don't want to guess. Would you like me to connect you with our support team? They can look at your account directly.";

function stem(w: string): string {
  return w.length > 5 ? w.slice(0, 5) : w;
}

interface Candidate {
  source: SourcePassage;
  order: number;
  text: string;
  score: number;
}

function units(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=[A-Z0-9])/))
    .map((s) => s.trim())
    .filter((s) => s.length >= 20 && s.length <= 500 && /[\p{L}]{3}/u.test(s));
}

/**
 * Composes an extractive answer.
 * @param question the contextual query of this turn.
 * @param sources retrieved passages, best first, numbered.
 * @param opts.minCoverage fraction (0–1) of the question's content words the best sentence (with
 *   its source title and section) must contain to count as grounded; default 0.5.
 * @returns Markdown with citations, or the not-covered text.
 */
export function composeAnswer(question: string, sources: SourcePassage[], opts: { minCoverage?: number } = {}): ComposedAnswer {
  const q = [...new Set(contentWords(question).map(stem))];
  if (q.length === 0 || sources.length === 0) return { text: NOT_COVERED_TEXT, grounded: false, cited: [] };
  const candidates: Candidate[] = [];
  sources.forEach((source, rank) => {
    const context = new Set(contentWords(`${source.title} ${source.headingPath}`).map(stem));
    units(source.text).forEach((text, order) => {
      const words = new Set(contentWords(text).map(stem));
      let hits = 0;
      for (const w of q) if (words.has(w)) hits += 1;
      else if (context.has(w)) hits += 0.6;
      const score = hits / q.length - rank * 0.04 - order * 0.005;
      candidates.push({ source, order, text, score });
    });
  });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  const minCoverage = opts.minCoverage ?? 0.5;
  if (!best || best.score + best.source.n * 0.04 - 0.04 < minCoverage) {
    return { text: NOT_COVERED_TEXT, grounded: false, cited: [] };
  }
  const chosen: Candidate[] = [];
  const perSource = new Map<number, number>();
  let chars = 0;
  for (const c of candidates) {
    if (chosen.length >= 4 || chars > 700) break;
    if (c.score < best.score * 0.5) break;
    if ((perSource.get(c.source.n) ?? 0) >= 2 || perSource.size >= 3 && !perSource.has(c.source.n)) continue;
    if (chosen.some((x) => x.text === c.text)) continue;
    chosen.push(c);
    perSource.set(c.source.n, (perSource.get(c.source.n) ?? 0) + 1);
    chars += c.text.length;
  }
  // Keep the sources' own order so steps read as written.
  chosen.sort((a, b) => a.source.n - b.source.n || a.order - b.order);
  const lead = chosen[0].source;
  const lines = chosen.map((c) => `- ${c.text.replace(/^(?:[-*]|\d+\.)\s+/, '')} [${c.source.n}]`);
  const cited = [...new Set(chosen.map((c) => c.source.n))];
  const text = [
    `Here is what the help center says${lead.title ? ` in **${lead.title}**` : ''}:`,
    '',
    ...lines,
    '',
    `For the full details, open [${lead.title}](${lead.url}). If this doesn't solve it, I can connect you with our support team.`,
  ].join('\n');
  return { text, grounded: true, cited };
}
