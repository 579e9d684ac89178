/**
 * The local model's answer composer: extractive and grounded. It reads each retrieved passage as
 * blocks (paragraph sentences, and lists together with the sentence or heading that introduces
 * them), picks the blocks that cover most of the question's content words and cites each with its
 * source number. A sentence ending in ':' is only ever quoted with the list it introduces. When no
 * block covers enough of the question, it says the help center does not cover it and offers a
 * human, with no citation.
 */
import { contentWords, stem } from './context';
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

/** The closing offer of a grounded answer; the local model treats a "yes" after it as accepting. */
export const HANDOFF_OFFER = "If this doesn't solve it, I can connect you with our support team.";

/** Max list items quoted from one list. */
const MAX_LIST_ITEMS = 10;

/** One quotable block of a passage. */
export interface PassageUnit {
  kind: 'sentence' | 'list';
  /** The sentence, or the lead line of a list (may be '' when the list starts the section). */
  text: string;
  /** List items without their bullets (lists only). */
  items: string[];
  ordered: boolean;
  /** Position in the passage, for keeping the document's order. */
  order: number;
}

const LIST_ITEM = /^(?:[-*+]|(\d+)[.)])\s+(.*)$/;

function isTableRow(line: string): boolean {
  return (line.match(/ \| /g) ?? []).length >= 1 && !/[.!?]$/.test(line);
}

function sentences(line: string): string[] {
  return line
    .split(/(?<=[.!?])\s+(?=[A-Z0-9“"(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function quotable(s: string): boolean {
  return s.length >= 20 && s.length <= 500 && /[\p{L}]{3}/u.test(s);
}

/**
 * Splits a passage (chunk text: one paragraph per line, list items as `- x` / `1. x` with
 * indented continuation lines, table rows as `a | b`) into quotable units.
 * @param text passage text.
 * @param heading the section heading the passage sits under ('' for none); it leads a list that
 *   has no introducing sentence.
 * @returns sentences and lists in document order. A sentence ending in ':' becomes the lead of the
 *   list right after it, or is dropped when no list follows.
 */
export function passageUnits(text: string, heading = ''): PassageUnit[] {
  const lines = text.split('\n');
  const units: PassageUnit[] = [];
  let order = 0;
  let i = 0;
  let pendingLead: string | null = null;
  let sawParagraph = false;
  while (i < lines.length) {
    const raw = lines[i];
    const line = raw.trim();
    if (!line || isTableRow(line)) {
      i++;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && !/^\s{2,}/.test(raw)) {
      const items: string[] = [];
      const ordered = item[1] !== undefined;
      while (i < lines.length) {
        const m = LIST_ITEM.exec(lines[i].trim());
        if (m && !/^\s{2,}/.test(lines[i])) items.push(m[2].trim());
        else if (/^\s{2,}\S/.test(lines[i]) && items.length) items[items.length - 1] += ` ${lines[i].trim().replace(LIST_ITEM, '$2')}`;
        else break;
        i++;
      }
      const lead = pendingLead ?? (!sawParagraph && heading ? heading : '');
      const kept = items.filter((x) => /[\p{L}]{2}/u.test(x));
      if (kept.length) units.push({ kind: 'list', text: lead, items: kept, ordered, order: order++ });
      pendingLead = null;
      continue;
    }
    sawParagraph = true;
    pendingLead = null;
    const parts = sentences(line);
    parts.forEach((s, k) => {
      if (s.endsWith(':')) {
        // Only the last sentence of a paragraph can introduce a following list.
        if (k === parts.length - 1) pendingLead = s;
        return;
      }
      if (quotable(s)) units.push({ kind: 'sentence', text: s, items: [], ordered: false, order: order++ });
    });
    i++;
  }
  return units;
}

interface Candidate {
  source: SourcePassage;
  unit: PassageUnit;
  score: number;
  chars: number;
}

function coverage(q: string[], words: Set<string>, context: Set<string>): number {
  let hits = 0;
  for (const w of q) {
    if (words.has(w)) hits += 1;
    else if (context.has(w)) hits += 0.6;
  }
  return hits / q.length;
}

function lastHeading(path: string): string {
  const parts = path.split(' › ').map((s) => s.trim()).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

function renderGroup(units: PassageUnit[], n: number): string[] {
  const blocks: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push(`${paragraph.join(' ')} [${n}]`);
    paragraph = [];
  };
  for (const u of units) {
    if (u.kind === 'sentence') {
      paragraph.push(u.text);
      continue;
    }
    flush();
    const items = u.items.slice(0, MAX_LIST_ITEMS);
    const lines = items.map((x, k) => `${u.ordered ? `${k + 1}.` : '-'} ${x}`);
    if (u.items.length > items.length) lines.push(`${u.ordered ? `${items.length + 1}.` : '-'} …and more in the article.`);
    lines[lines.length - 1] += ` [${n}]`;
    const lead = u.text ? (u.text.endsWith(':') ? u.text : `**${u.text}**`) : '';
    blocks.push([lead, ...lines].filter(Boolean).join('\n'));
  }
  flush();
  return blocks;
}

/**
 * Composes an extractive answer.
 * @param question the contextual query of this turn.
 * @param sources retrieved passages, best first, numbered.
 * @param opts.minCoverage fraction (0–1) of the question's content words the best block (with
 *   its source title and section) must contain to count as grounded; default 0.5.
 * @returns Markdown with citations, or the not-covered text.
 */
export function composeAnswer(question: string, sources: SourcePassage[], opts: { minCoverage?: number } = {}): ComposedAnswer {
  const q = [...new Set(contentWords(question).map(stem))];
  if (q.length === 0 || sources.length === 0) return { text: NOT_COVERED_TEXT, grounded: false, cited: [] };
  const candidates: Candidate[] = [];
  sources.forEach((source, rank) => {
    const context = new Set(contentWords(`${source.title} ${source.headingPath}`).map(stem));
    for (const unit of passageUnits(source.text, lastHeading(source.headingPath))) {
      const body = unit.kind === 'list' ? `${unit.text} ${unit.items.join(' ')}` : unit.text;
      const words = new Set(contentWords(body).map(stem));
      // Lists hold many words; weigh the lead more so a long list does not win on size alone.
      const cov = unit.kind === 'list' ? Math.max(coverage(q, words, context) * 0.9, coverage(q, new Set(contentWords(unit.text).map(stem)), context)) : coverage(q, words, context);
      const score = cov - rank * 0.04 - unit.order * 0.005;
      candidates.push({ source, unit, score, chars: body.length });
    }
  });
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  const minCoverage = opts.minCoverage ?? 0.5;
  if (!best || best.score + (best.source.n - 1) * 0.04 < minCoverage) {
    return { text: NOT_COVERED_TEXT, grounded: false, cited: [] };
  }
  const chosen: Candidate[] = [];
  const perSource = new Map<number, number>();
  let chars = 0;
  for (const c of candidates) {
    if (chosen.length >= 4 || chars > 700) break;
    if (c.score < best.score * 0.5) break;
    if ((perSource.get(c.source.n) ?? 0) >= 2 || (perSource.size >= 2 && !perSource.has(c.source.n))) continue;
    if (chosen.length > 0 && chars + c.chars > 1200) continue;
    if (chosen.some((x) => x.unit.text === c.unit.text && x.unit.items.join() === c.unit.items.join())) continue;
    chosen.push(c);
    perSource.set(c.source.n, (perSource.get(c.source.n) ?? 0) + 1);
    chars += c.chars;
  }
  // Keep the sources' own order so steps read as written.
  chosen.sort((a, b) => a.source.n - b.source.n || a.unit.order - b.unit.order);
  const groups = new Map<number, Candidate[]>();
  for (const c of chosen) groups.set(c.source.n, [...(groups.get(c.source.n) ?? []), c]);
  const lead = chosen[0].source;
  const blocks = [...groups.entries()].flatMap(([n, cs]) => renderGroup(cs.map((c) => c.unit), n));
  const cited = [...groups.keys()];
  const intro = groups.size === 1 && lead.title ? `Here's what **${lead.title}** says:` : "Here's what the help center says:";
  const text = [intro, '', ...blocks.flatMap((b) => [b, '']), `For the full details, open [${lead.title}](${lead.url}). ${HANDOFF_OFFER}`].join('\n');
  return { text, grounded: true, cited };
}
