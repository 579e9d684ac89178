/**
 * Suggested follow-up questions after a grounded answer, made from the section headings of the
 * articles the answer cited, and only from headings that name a question or a task the section
 * answers ("How do I add an endpoint?", "Can I refund part of a payment?"), never from topic
 * headings ("Note for the assistant", "Refund windows") or text addressed to an AI. Pure functions
 * (Title Case is read against the GloVe vocabulary's word frequencies, loaded once per process).
 */
import { contentWords, stem } from './context';
import { isInstructionText } from './instructions';
import { englishRank } from '@/lib/ai/glove';

/** Headings that name no topic of their own. */
const GENERIC =
  /^(overview|introduction|intro|summary|next steps?|see also|related( articles)?|before you (start|begin)|prerequisites|requirements|tips?|notes?|faq|more|learn more|examples?|contents|table of contents|use cases?|get(ting)? started|contact us|get in touch|get help|getting help|support|open source)$/i;
/** How a question a user would ask starts: a wh-word, an auxiliary or modal, or the asker. */
const ASKS = /^(?:what|when|where|why|which|who|whose|how|can|could|do|does|did|is|are|was|were|will|would|should|may|might|must|has|have|i|my|am)\b/i;
/** Objects that name nothing out of their section ("Enable the feature", "Configure it"). */
const VAGUE_OBJECT = /^(?:(?:the|this|that) (?:feature|option|setting|settings|page|button|app|integration|plugin)|it|them|this|that)$/i;

/** First words that are verbs (an imperative heading: "Add an endpoint"). */
const IMPERATIVE = new Set(
  'accept add allow apply block cancel check choose close configure connect contact create delete disable edit enable export find fix get import invite keep manage move open protect remove rename reset respond restore review rotate run see send set share sign start stop submit switch turn update upgrade upload use verify view write'.split(
    ' ',
  ),
);
/**
 * First words that are verbs or nouns ("Refund a payment" vs "Refund windows"; "Download your
 * invoice" vs "Download access and limits", which was suggested as "How do I download access and
 * limits?"): verbs only before a determiner.
 */
const VERB_OR_NOUN = new Set('change charge download issue pay payout refund report request return test track transfer'.split(' '));
const DETERMINER = /^(a|an|the|your|my|our|it|them|this|that|up|on|off|out|to|for|with|all|some|money)$/i;
/** Task verbs a gerund heading may start with ("Refunding…", "Connecting…", "Setting up…"). */
const TASK_VERBS = new Set([
  ...IMPERATIVE,
  ...VERB_OR_NOUN,
  // Not ship, host, bill, price or process: their gerunds usually modify a noun ("Shipping methods", "Hosting providers").
  ...'access activate archive assign authenticate automate back calculate capture claim collect complete confirm convert copy customize customise debug define deploy deposit display duplicate embed enter fund generate grant handle hide install integrate launch limit link list load log map merge migrate monitor offer override pair preview print receive recreate redirect register reinstall renew replace require restrict revoke save schedule search select sell serve sort spend split store subscribe suspend sync translate troubleshoot uninstall unlock validate void withdraw'.split(
    ' ',
  ),
]);

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

/** Whether a heading word is a name: CamelCase or an acronym ("BTCPay", "LND"), has a digit, or is capitalised and no common English word ("Klaviyo"). */
function isName(word: string, common: (w: string) => boolean): boolean {
  // "Multi-Currency" is two common words in Title Case, not a name.
  const parts = word.split('-');
  if (parts.length > 1 && parts.every((p) => /^[A-Z][a-z]+$/.test(p) && common(p.toLowerCase()))) return false;
  return /[A-Z].*[A-Z]|\d/.test(word) || (/^[A-Z]/.test(word) && !common(word.toLowerCase()));
}

/**
 * A heading in Title Case ("Update Products in Bulk") read as a sentence ("update products in
 * bulk"): a capitalised word that is a common English word (among the 40,000 most frequent GloVe
 * words) is lower-cased, unless it continues a name ("BTCPay Server"); names, acronyms and
 * CamelCase stay. A heading in sentence case is returned as it is.
 */
function sentenceCase(heading: string, names: ReadonlySet<string> = NAMES): string {
  // Each word without the punctuation after it ("Model?"), which goes back on at the end.
  const tails = heading.split(' ').map((w) => /[?!.,:;]*$/.exec(w)?.[0] ?? '');
  const words = heading.split(' ').map((w, i) => w.slice(0, w.length - tails[i].length));
  const common = (w: string) => englishRank(w) < 40_000;
  // Title Case: every word after the first capitalised but the small ones ("Update Products in Bulk",
  // "Delete a Location"), and one of them a common word. "Connect Fernand with Polar" is in sentence case.
  const titleCase =
    words.slice(1).every((w) => /^[A-Z]/.test(w) || SMALL_WORD.test(w) || !/^\p{L}/u.test(w)) &&
    words.slice(1).some((w) => /^[A-Z][a-z]+$/.test(w) && common(w.toLowerCase()) && !names.has(w.toLowerCase()));
  if (!titleCase) return heading;
  // A name, and each capitalised word that follows a name ("Google Tag Manager", "BTCPay Server"), keeps its capital.
  let afterName = false;
  return words
    .map((w, i) => {
      const name = /^[A-Z]/.test(w) && (isName(w, common) || names.has(w.toLowerCase()) || (afterName && /^[A-Z]/.test(w)));
      afterName = i > 0 && name;
      return (i === 0 || name || !/^[A-Z][a-z]+(?:-[A-Z][a-z]+)*$/.test(w) ? w : w.toLowerCase()) + tails[i];
    })
    .join(' ');
}

/** The verb of a gerund heading ("Refunding an invoice" → "refund"), or null when it is no task verb. */
function verbOfGerund(word: string): string | null {
  const w = word.toLowerCase();
  if (!w.endsWith('ing') || w.length < 6) return null;
  const base = w.slice(0, -3);
  const doubled = /([bdgmnprt])\1$/.test(base) ? base.slice(0, -1) : null;
  for (const v of [base, `${base}e`, doubled]) if (v && TASK_VERBS.has(v)) return v;
  return null;
}

/** Words a Title Case heading leaves in lower case. */
const SMALL_WORD = /^(?:a|an|the|and|or|of|in|on|to|for|with|from|at|by|via|into|as|your|my|our|&|-|\/)$/;
/** Nouns that make a gerund before them a noun modifier ("Pairing process", "Editing experience"). */
const COMPOUND_HEAD = /^(?:process(?:es)?|experience|flow|methods?|options?|providers?|fees?|pages?|rules?|status|details|modes?|settings|urls?|ids?|numbers?)$/i;
/** Names that are also common words: they keep their capital in a Title Case heading ("Connect Google Tag Manager"). */
const NAMES = new Set(['google', 'apple', 'stripe', 'slack', 'amazon', 'microsoft', 'windows', 'square', 'discord', 'zoom', 'wise', 'ledger', 'trezor', 'tor']);

/** A question addressed to the asker: "your" reads as "my" ("connect your wallet" → "connect my wallet"). */
function asAsker(text: string): string {
  return text
    .replace(/\byour\b/g, 'my')
    .replace(/\byours\b/g, 'mine')
    .replace(/\byourself\b/g, 'myself');
}

/** Auxiliaries that, after a wh-word and a subject, are moved before it ("How the amount is calculated" → "How is the amount calculated?"). */
const AUX = /^(?:is|are|was|were|can|could|will|would|should|does|do|did|has|have)$/i;
/** Verbs a wh-heading's subject may take without an auxiliary ("How credits work", "Where the money comes from"). */
const PLAIN_VERBS = new Set(['work', 'come', 'go', 'take', 'get', 'appear', 'show', 'happen', 'change', 'look', 'count', 'apply', 'differ', 'run', 'end', 'start']);
/** Subjects that mean nothing out of their section ("How it works", "Why this matters"). */
const PRONOUN_SUBJECT = /^(?:it|this|that|these|those|they|them)$/i;

/**
 * A heading that starts with a wh-word as a direct question: "What is my configuration" as it is,
 * "How the prorated amount is calculated" → "How is the prorated amount calculated?", "How
 * subscriptions work" → "How do subscriptions work?", "When to use this method" → "When should I
 * use this method?". Null when it cannot be read as one or its subject is a bare pronoun.
 */
function directQuestion(h: string): string | null {
  const words = h.split(' ');
  // "How long refunds take": the wh-phrase is "How long".
  const whLength = /^(?:much|many|long|often)$/i.test(words[1] ?? '') ? 2 : 1;
  const wh = words.slice(0, whLength).join(' ');
  const rest = words.slice(whLength);
  if (rest.length === 0) return null;
  const second = rest[0].toLowerCase();
  // Already a direct question: "What is my…", "How do I…", "How long does…", "What happens after…".
  if (AUX.test(second) || /^(?:happens|happened)$/.test(second)) return `${h}?`;
  if (second === 'to') return `${wh} should I ${rest.slice(1).join(' ')}?`;
  const auxAt = rest.findIndex((w, i) => i > 0 && i <= 4 && AUX.test(w));
  const subject = auxAt > 0 ? rest.slice(0, auxAt) : rest.slice(0, -1);
  if (subject.length === 1 && PRONOUN_SUBJECT.test(subject[0])) return null;
  if (auxAt > 0) return `${wh} ${rest[auxAt].toLowerCase()} ${[...subject, ...rest.slice(auxAt + 1)].join(' ')}?`;
  // "How subscriptions work", "Where the money comes from": do-support, the subject's number picks it.
  const baseOf = (w: string) => [w, w.replace(/ies$/, 'y'), w.replace(/es$/, ''), w.replace(/s$/, '')].find((b) => PLAIN_VERBS.has(b));
  const verbAt = rest.findIndex((w, i) => i > 0 && i <= 4 && baseOf(w.toLowerCase()));
  if (verbAt > 0) {
    const v = rest[verbAt].toLowerCase();
    const base = baseOf(v)!;
    const subj = rest.slice(0, verbAt);
    if (subj.length === 1 && PRONOUN_SUBJECT.test(subj[0])) return null;
    return `${wh} ${v === base ? 'do' : 'does'} ${[...subj, base, ...rest.slice(verbAt + 1)].join(' ')}?`;
  }
  return null;
}

/**
 * Turns a section heading into a question a user would ask.
 * @param productNames product names whose words keep their capital though common English words ("Polar").
 * @returns e.g. "Add an endpoint" → "How do I add an endpoint?", "How to verify" → "How do I
 *   verify?", "Refunding an invoice" → "How do I refund an invoice?", "Update Products in Bulk" →
 *   "How do I update products in bulk?", "How the amount is calculated" → "How is the amount
 *   calculated?", "Can I refund part of it?" as is; null for topic headings ("Refund windows",
 *   "Monitoring"), generic ones ("Next steps"), indirect questions it cannot turn ("How it works")
 *   and text addressed to an AI assistant.
 */
export function questionFromHeading(heading: string, productNames: readonly string[] = []): string | null {
  const names = productNames.length ? new Set([...NAMES, ...productNames.flatMap((n) => n.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter(Boolean)]) : NAMES;
  const h = heading
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.:]+$/, '')
    // A parenthetical aside ("Create a gift card batch (Bulk Generation)") is no part of the question.
    .replace(/\s*\([^)]*\)$/, '');
  if (h.length < 3 || h.length > 80 || GENERIC.test(h) || isInstructionText(h)) return null;
  // A heading that asks is kept as it is, if it is one question asked as a user would ("Can I…?",
  // not "Looking for developer documentation?" or "My business is in A. Which one do I pick?").
  if (h.endsWith('?')) {
    if (!ASKS.test(h) || /[.!?]\s/.test(h)) return null;
    const asked = sentenceCase(h, names);
    const howTo = /^how to\s+(.+)$/i.exec(asked);
    return howTo ? `How do I ${asAsker(howTo[1])}` : asked;
  }
  const words = sentenceCase(h, names).split(' ');
  const first = words[0].toLowerCase();
  const rest = words.slice(1).join(' ');
  if (first === 'how' && words[1]?.toLowerCase() === 'to' && words.length > 2) return `How do I ${asAsker(words.slice(2).join(' '))}?`;
  if (/^(what|when|where|why|which|who|how)$/.test(first)) {
    const q = directQuestion(words.join(' '));
    return q && asAsker(q);
  }
  if (/^(can|does|is|are|should|will)$/.test(first) && words.length > 2) return `${words.join(' ')}?`;
  const second = words[1] ?? '';
  // "View only" is a role, not a task; "Apply via API" and "Enable the feature" name no object.
  if (/^(?:only|first|now|here|again)$/i.test(rest) || /^(?:via|using|through)$/i.test(second) || VAGUE_OBJECT.test(rest)) return null;
  if (IMPERATIVE.has(first) || (VERB_OR_NOUN.has(first) && DETERMINER.test(second))) return `How do I ${first}${rest ? ` ${asAsker(rest)}` : ''}?`;
  // "Refunding an invoice" → "How do I refund an invoice?": a gerund of a task verb with an object.
  // A lone gerund ("Monitoring") or one before a bare noun in Title Case ("Hosting providers",
  // "Existing Customer") names a topic, not a task.
  const verb = verbOfGerund(first);
  if (verb && words.length >= 2 && words.length <= 8 && !(words.length === 2 && COMPOUND_HEAD.test(words[1])) && !words.some((w) => AUX.test(w))) {
    // "Installing and configuring the plugin" → "install and configure the plugin"; "Sorting &
    // Filtering" → "sort and filter". A gerund joined to a noun ("Sorting & Columns") names a topic.
    const joined = /^(?:and|or|&) (\S+)/i.exec(rest);
    if (joined && !verbOfGerund(joined[1])) return null;
    const object = rest.replace(/^(and|or|&) (\S+ing)\b/i, (_m, conj: string, g: string) => `${conj === '&' ? 'and' : conj} ${verbOfGerund(g) ?? g}`);
    return `How do I ${verb} ${asAsker(object)}?`;
  }
  // A topic heading ("Refund windows", "Note for the assistant") names no question the section answers.
  return null;
}

/** Titles of changelogs ("Product Updates", "Changelog", "Release notes", "What's new"). */
const CHANGELOG_TITLE = /\b(?:changelog|change log|product updates|release notes|what['’]?s new)\b/i;

/**
 * Picks follow-up questions. None come from a changelog (CHANGELOG_TITLE).
 * @param args.articles cited articles, most relevant first: their title and section headings.
 * @param args.exclude headings already quoted in the answer, and questions already asked (compared
 *   case-insensitively, without punctuation).
 * @param args.max how many to return (default 3).
 * @param args.productNames the help center's product names: words of them keep their capital
 *   ("Configure a Polar API Client" → "How do I configure a Polar API Client?").
 * @returns 0..max distinct questions, taking from each article in turn, each article's sections
 *   nearest the one quoted first (in document order when none of its headings was quoted).
 */
export function suggestFollowUps(args: { articles: { title: string; headings: string[] }[]; exclude?: string[]; max?: number; productNames?: string[] }): string[] {
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
  // A changelog's headings announce changes ("Sign in with Apple", "Fix infinite rendering loop
  // with date picker"): no question a user asks of it.
  // An article's sections nearest the one quoted come first (the next after it before the one
  // before it): every answer from BTCPay's long Stores FAQ offered its first three entries ("How do
  // I create a store…?"), whatever entry it quoted (a fresh user's trial, 2026-12-06).
  // The quoted section is the deepest heading of its path: the caller excludes every part of the
  // path ("Invoices › Invoice expires after 15 minutes"), and the parent comes first in the outline.
  const nearQuoted = (headings: string[]) => {
    const at = headings.findLastIndex((h) => excluded.has(norm(h)));
    if (at < 0) return headings;
    const distance = (i: number) => (i > at ? 2 * (i - at) - 1 : 2 * (at - i));
    return headings
      .map((h, i) => ({ h, i }))
      .sort((x, y) => distance(x.i) - distance(y.i))
      .map((x) => x.h);
  };
  const pools = args.articles.map((a) =>
    nearQuoted(CHANGELOG_TITLE.test(a.title) ? [] : a.headings)
      .filter((h) => !excluded.has(norm(h)) && norm(h) !== norm(a.title))
      .map((h) => questionFromHeading(h, args.productNames))
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
