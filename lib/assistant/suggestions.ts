/**
 * Suggested follow-up questions after a grounded answer, made from the section headings of the
 * articles the answer cited, and only from headings that name a question or a task the section
 * answers ("How do I add an endpoint?", "Can I refund part of a payment?"), never from topic
 * headings ("Note for the assistant", "Refund windows") or text addressed to an AI. Pure functions.
 */
import { contentWords, stem } from './context';
import { isInstructionText } from './instructions';

/** Headings that name no topic of their own. */
const GENERIC =
  /^(overview|introduction|intro|summary|next steps?|see also|related( articles)?|before you (start|begin)|prerequisites|requirements|tips?|notes?|faq|more|learn more|examples?|contents|table of contents)$/i;

/** First words that are verbs (an imperative heading: "Add an endpoint"). */
const IMPERATIVE = new Set(
  'accept add allow apply block cancel check choose close configure connect contact create delete disable download edit enable export find fix get import invite keep manage move open protect remove rename reset respond restore review rotate run see send set share sign start stop submit switch turn update upgrade upload use verify view write'.split(
    ' ',
  ),
);
/** First words that are verbs or nouns ("Refund a payment" vs "Refund windows"): verbs only before a determiner. */
const VERB_OR_NOUN = new Set('change charge issue pay payout refund report request return test track transfer'.split(' '));
const DETERMINER = /^(a|an|the|your|my|our|it|them|this|that|up|on|off|out|to|for|with|all|some|money)$/i;

/**
 * ATX headings (`##`, `###`) of a Markdown body, outside code fences, in order.
 * @returns heading texts with inline Markdown (emphasis, code, links) removed.
 */
export function markdownHeadings(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{2,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m)
      out.push(
        m[1]
          .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
          .replace(/[*_`]/g, '')
          .trim(),
      );
  }
  return out.filter(Boolean);
}

function lowerFirst(s: string): string {
  // Keep acronyms and proper nouns ("ACH", "Ledgerly") as written.
  return /^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+[A-Z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

/**
 * Turns a section heading into a question a user would ask.
 * @returns e.g. "Add an endpoint" → "How do I add an endpoint?", "How to verify" → "How do I
 *   verify?", "Can I refund part of it?" as is; null for topic headings ("Refund windows"), generic
 *   ones ("Next steps") and text addressed to an AI assistant.
 */
export function questionFromHeading(heading: string): string | null {
  const h = heading.replace(/\s+/g, ' ').trim().replace(/[.:]$/, '');
  if (h.length < 3 || h.length > 80 || GENERIC.test(h) || isInstructionText(h)) return null;
  if (h.endsWith('?')) return h;
  const howTo = /^how to\s+(.+)$/i.exec(h);
  if (howTo) return `How do I ${howTo[1]}?`;
  const first = h.split(' ')[0].toLowerCase();
  if (/^(what|when|where|why|which|who|how|can|do|does|is|are|should|will)$/.test(first)) return `${h}?`;
  const second = h.split(' ')[1] ?? '';
  if (IMPERATIVE.has(first) || (VERB_OR_NOUN.has(first) && DETERMINER.test(second))) return `How do I ${lowerFirst(h)}?`;
  // "Using webhooks" → "How does using webhooks work?"; not a headline in Title Case ("Pending
  // Subscription Updates Now Surface in the UI" is a changelog entry, not a task).
  const capitalised = h
    .split(' ')
    .slice(1)
    .filter((w) => /^[A-Z][a-z]/.test(w)).length;
  if (/ing$/.test(first) && first.length > 5 && capitalised <= 1 && h.split(' ').length <= 6) return `How does ${lowerFirst(h)} work?`;
  // A topic heading ("Refund windows", "Note for the assistant") names no question the section answers.
  return null;
}

/**
 * Picks follow-up questions.
 * @param args.articles cited articles, most relevant first: their title and section headings.
 * @param args.exclude headings already quoted in the answer, and questions already asked (compared
 *   case-insensitively, without punctuation).
 * @param args.max how many to return (default 3).
 * @returns 0..max distinct questions, taking from each article in turn.
 */
export function suggestFollowUps(args: { articles: { title: string; headings: string[] }[]; exclude?: string[]; max?: number }): string[] {
  const max = args.max ?? 3;
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N} ]/gu, '')
      .replace(/\s+/g, ' ')
      .trim();
  const excluded = new Set((args.exclude ?? []).map(norm));
  // A suggestion whose words are all in something already asked or quoted asks it again.
  const askedWords = (args.exclude ?? []).map((e) => new Set(contentWords(e).map(stem)));
  const repeats = (q: string) => {
    const words = contentWords(q).map(stem);
    return words.length > 0 && askedWords.some((a) => words.every((w) => a.has(w)));
  };
  const pools = args.articles.map((a) =>
    a.headings
      .filter((h) => !excluded.has(norm(h)) && norm(h) !== norm(a.title))
      .map(questionFromHeading)
      .filter((q): q is string => !!q),
  );
  const out: string[] = [];
  for (let round = 0; out.length < max && pools.some((p) => p.length > round); round++) {
    for (const pool of pools) {
      const q = pool[round];
      if (q && !out.some((x) => norm(x) === norm(q)) && !excluded.has(norm(q)) && !repeats(q)) out.push(q);
      if (out.length >= max) break;
    }
  }
  return out;
}
