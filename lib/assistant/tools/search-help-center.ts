/**
 * Tool: search the help center. Runs the hybrid search (published articles only), then within
 * each article found picks the section that best covers the query (the search ranks articles by
 * their best chunk for retrieval; the answer needs the section that answers), and returns
 * numbered passages; `onSources` lets the route emit them as `source-url` parts so citation
 * marker [n] maps to the n-th source of the turn.
 */
import 'server-only';
import { asksForInvestmentAdvice, asksForTaxOrLegalAdvice } from '@/lib/assistant/advice';
import { tool } from 'ai';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { getArticleSections, type ArticleSection } from '@/db/queries/article-outlines';
import { listProducts, productShortNames } from '@/db/queries/collections';
import { embedTexts } from '@/lib/ai/embeddings';
import { searchArticles, type SearchOptions } from '@/lib/search/hybrid';
import {
  ANSWERABILITY_MODEL,
  ASKS_DURATION,
  ASKS_WHERE,
  STATES_PLACE,
  carriedQuestionUnknown,
  featureUnnamed,
  decideAnswer,
  headingIsSynonymSaid,
  messageCoverage,
  REFUSED_ALONE_COVERAGE,
  onTopic,
  STATES_DURATION,
  pointsElsewhere,
  splitCompounds,
  titleIsTopic,
  type AnswerDecision,
  type RetrievedCandidate,
} from '../answerability';
import { getTermStats, idf, type TermStats } from '@/lib/search/term-stats';
import { synonymReading } from '../synonym-reading';
import {
  askedPart,
  askedQuestions,
  asksSomething,
  contentWords,
  cutQuestionPointsBack,
  danglingReference,
  PERSON_INDEFINITES,
  pointedNouns,
  stem,
  switchesTopic,
  turnMeaning,
  wholeMessageReading,
  withoutMarkup,
} from '../context';
import { forModel, NO_LONGER_SUPPORTED, UNTRUSTED_NOTICE, type ProductChoice, type SearchDecision, type SearchToolOutput, type SourcePassage } from '../passages';
import { routeProducts, type ProductPosterior } from '@/lib/search/router';
import { misspelledEnglish } from '@/lib/search/typo';
import { words } from '@/lib/search/words';

/** Sources per search call. */
export const SEARCH_TOOL_LIMIT = 4;

/** Sections that point elsewhere or close a walkthrough ("All set!") rather than answer. */
const POINTER_SECTION = /^(next steps?|see also|related( articles)?|learn more|more help|(you'?re )?all set!?|that'?s it!?|you'?re done!?)$/i;

/**
 * Scores a section for a query: the idf-weighted share of the query's content words (stems) found
 * in the section's own heading (weight 1.5), in a heading above it (1.25) or in its text (1),
 * times 0.4 for "Next steps"-like sections, PROCEDURE_BONUS for a procedure when the query asks
 * how, REMOVAL_WEIGHT for a section on deleting when it does not ask to delete and DURATION_BONUS
 * for a section that states a duration ("4-7 business days") when it asks how long or when (such
 * a section's heading and text are then read with the user's synonyms, `synonymReading`: "when can
 * i withdraw my money?" is Payouts' "Payout Delay"), PLACE_BONUS for one that names a place in the app ("Store Settings > Email") when it asks where. A word in the section's own heading counts more than
 * one in a parent's, so "How do I issue a refund?" gets "Issuing a refund" (the steps), not its
 * subsection "Issuing a refund › Reason", whose path holds the same words; and a word every
 * section of the product uses ("BTCPay" in "How do I refund an invoice in BTCPay?") weighs little
 * next to the words that pick the section.
 *
 * `forQuote` scores the section to quote from the article the answerability model judged by the
 * plain score: for a question that asks how, a synonym the user said (`synonymReading`: "add a
 * product" for "create") counts in a heading that holds the articles' word, so "how do i add a new
 * product" quotes "Create a New Product", not "Media" ("add visual media to your product"); and a
 * section headed "What…", or the article's opening, weighs WHAT_HEADING_WEIGHT, so "How do I refund
 * a payment?" quotes the steps of "Issuing a refund", not "What's refundable". For a question that
 * asks what something is, a section that defines it (`definesAskedThing`) weighs DEFINITION_BONUS.
 * All of these choose the quote only: judged by the
 * model, the other sections moved citations both ways (dev-001 lost its gold second source,
 * held-out-2's us-polar-009 its gold lead; dev-021 gained one). For every score, a section's own
 * heading that is just the articles' words (two at least) for a phrase the user said counts as
 * saying it (`headingIsSynonymSaid`, then `synonymReading`): "browser says connection not secure … the https
 * cert ran out" is Deployment FAQ's "How can I renew my SSL certificate?", not its "Why activate
 * Tor?". Read with one-word entries too, dev-006's "take a break" found the changelog's pause
 * entry and held-out-2's "promo code" an Integrations FAQ section; read in any heading that holds
 * the words, dev-030's "put $20 on a customer's account" quoted "Remove Store Credits" (README,
 * thirtieth session); read in any own heading that holds them (thirty-fourth session), "we are
 * located in uruguay, can we get payouts?" quoted Supported Countries' India FAQ instead of its list.
 * @param weight a query stem's weight (default 1 each; the search tool passes its idf in the
 *   article's collection, term-stats.ts, halved and capped at 1).
 * @param forQuote score the section to quote (default false: the section the model judges).
 * @returns a number, higher is better; 0 for no overlap.
 */
export function sectionScore(query: string, section: Pick<ArticleSection, 'headingPath' | 'content'>, weight: (stem: string) => number = () => 1, forQuote = false): number {
  // An amount the user gives ("orders over $50", "20% off") is their figure, not a word to find:
  // "free shipping on orders over $50" quoted Promotion Actions' calculators ("$5 off orders over
  // $50"), not its "Free Shipping" section.
  const amounts = new Set([...query.matchAll(AMOUNT)].map((m) => m[1] ?? m[2]));
  const q = [...new Set(contentWords(query).map(stem))].filter((w) => !amounts.has(w));
  if (q.length === 0) return 0;
  const how = HOW_TO.test(query);
  const read = forQuote && how ? synonymReading(query) : (text: string) => text;
  // A compound the user spelled apart counts where the section's own heading writes it as one word:
  // "how do i back up my server?" is the General FAQ's "How can I backup my BTCPay Server?"
  // (`splitCompounds`). Not in its text or the headings above it: read there too, "can i set up a
  // bitcoin atm in my shop" found a "setup" in Comet Cash's "Create your BTCPay Server account", and
  // in the conference guide's "Setup merchant stores", and was answered from them.
  const split = splitCompounds(query);
  const path = section.headingPath.split(' › ');
  const last = split(path.pop()?.trim() ?? '');
  // A heading that is just the articles' words for a phrase the user said (`headingIsSynonymSaid`) holds that phrase.
  // A question that asks how long or when, and a section that states a duration, are read with the
  // user's synonyms: "when can i withdraw my money?" is Payouts' "Payout Delay" ("7-day settlement
  // delay"), not its "Manual Withdrawal" (the heading holds "withdraw"), nor Payout Accounts.
  const timed = ASKS_DURATION.test(query) && STATES_DURATION.test(section.content);
  const own = new Set(contentWords((forQuote && how) || timed || headingIsSynonymSaid(query, section.headingPath) ? synonymReading(query)(last) : last).map(stem));
  const above = new Set(contentWords(read(path.join(' '))).map(stem));
  const text = new Set(contentWords(timed ? synonymReading(query)(section.content) : section.content).map(stem));
  let s = 0;
  let total = 0;
  for (const w of q) {
    const x = weight(w);
    total += x;
    s += x * (own.has(w) ? 1.5 : above.has(w) ? 1.25 : text.has(w) ? 1 : 0);
  }
  // The section the model judges keeps the measured rule (any numbered list); the quote wants steps
  // that instruct: "How do I cancel a subscription?" led with "How subscriptions work" ("1. A
  // customer subscribes."), "how do i get paid" with the payout fees ("1. $2 per month…").
  const procedure = how && isProcedure(section.content, forQuote ? 'steps' : 'numbered') ? PROCEDURE_BONUS : 1;
  // So does an article's opening (no heading): "how do I import products from a csv" quoted the
  // import article's introduction ("see Step 2 below"), not "How to Import Products".
  const describes = forQuote && how && (WHAT_HEADING.test(last) || section.headingPath === '') ? WHAT_HEADING_WEIGHT : 1;
  // For a question that asks what something is, the section that says it: "what is a taxon" quoted
  // "Add Taxons › Taxon Type" ("Taxon Type allows you to choose…"), not "Taxons are individual
  // nodes or items within a taxonomy" from the article's opening.
  const defines = forQuote && !how && definesAskedThing(query, section.content) ? DEFINITION_BONUS : 1;
  // A section on deleting something answers only a question that asks to delete: "can i put some
  // credit on a customers account as a sorry" quoted Issue Store Credits' "Delete Store Credits"
  // ("…remove the assigned balance from the customer's account"), not "How to Issue Store Credits".
  const removal = REMOVAL_HEADING.test(last) && !ASKS_REMOVAL.test(query) ? REMOVAL_WEIGHT : 1;
  // A question that asks how long something takes is answered by a section that states a duration:
  // "how long before i can actually withdraw the money" quoted Payouts' "Manual Withdrawal" (its
  // heading holds "withdraw"), not "Payouts typically take 4-7 business days".
  const duration = timed ? DURATION_BONUS : 1;
  // A question that asks where something is set is answered by a section that names the place: "where
  // do i put my smtp details for that?" after store emails quoted Notifications' "SMTP Email Setup"
  // (its heading holds "smtp"), not "Store Emails" ("Store Settings > General Settings > Services > Email").
  const place = ASKS_WHERE.test(query) && STATES_PLACE.test(section.content) ? PLACE_BONUS : 1;
  return total > 0 ? (s / total) * (POINTER_SECTION.test(last) ? 0.4 : 1) * procedure * describes * defines * removal * duration * place : 0;
}

/** A heading on deleting something: "Delete Store Credits", "Removing a member". */
const REMOVAL_HEADING = /^(?:how to |how do i |can i )?(?:delete|deleting|remove|removing)\b/i;
/** A question that asks to delete or remove something, in any words. */
const ASKS_REMOVAL = /\b(?:delet\w*|remov\w*|get rid|rid of|erase|wipe|clear out|take (?:it |them )?(?:off|down|out)|undo|unassign|revoke|cancel\w*)\b/i;
/** What a section on deleting weighs for a question that does not ask to delete (`sectionScore`). */
const REMOVAL_WEIGHT = 0.6;

/** What a section that names a place weighs for a question that asks where (`sectionScore`). */
const PLACE_BONUS = 1.5;

/** What a section that states a duration weighs for a question that asks how long (`sectionScore`). */
const DURATION_BONUS = 2;

/**
 * A text without the amounts of money and percentages it gives ("$12", "20%"; AMOUNT).
 * @param text any text. @returns the text with each amount replaced by a space; the text itself when it has none.
 */
export function withoutAmounts(text: string): string {
  const out = text.replace(AMOUNT, ' ');
  return out === text ? text : out.replace(/\s+/g, ' ').trim();
}

/** An amount of money or a percentage: "$50", "€ 20", "15%" (group 1 or 2: the number's digits as a word). */
const AMOUNT = /[$€£¥]\s?(\d+)(?![\d.,]*\d)|(?<![\d.])(\d+)\s?%/g;

/** A question that asks what something is ("what is a taxon?", "what are benefits", "wat is a zone"); group 1 is the thing. */
const WHAT_IS = /^\s*(?:(?:what|wat|wht|waht)(?:'s|’s|\s+is|\s+are)|whats|wats)\s+(?:a\s+|an\s+|the\s+)?([^?.!,;:]{2,40}?)\s*\?*\s*$/i;
/** Words that go on from the thing a sentence defines ("Taxons are…", "A meter is…", "Webhooks let you…"). */
const DEFINES_VERB = new Set(['is', 'are', 'refers', 'means', 'lets', 'let', 'allows', 'allow']);
/**
 * Weight of a section that defines what the question asks about: above a section headed by the
 * thing's name (1.5 per word), so the definition is quoted first.
 */
const DEFINITION_BONUS = 2;

/**
 * Whether a text has a sentence that defines what a "what is …?" question asks about: one that
 * starts with the thing's words (optionally after a/an/the), in order, followed by is, are, lets…
 * @param query the question; @param content a section's text.
 * @returns false for any other question, or for a thing of more than three content words.
 */
export function definesAskedThing(query: string, content: string): boolean {
  const m = WHAT_IS.exec(query);
  if (!m) return false;
  const thing = words(m[1]).filter((w) => !['a', 'an', 'the'].includes(w));
  if (thing.length === 0 || thing.length > 3 || contentWords(m[1]).length === 0) return false;
  const want = thing.map(stem);
  for (const sentence of content.split(/(?<=[.!?])\s+|\n+/)) {
    const ws = words(sentence);
    const from = ['a', 'an', 'the'].includes(ws[0]) ? 1 : 0;
    if (want.every((w, k) => ws[from + k] !== undefined && stem(ws[from + k]) === w) && DEFINES_VERB.has(ws[from + want.length])) return true;
  }
  return false;
}

/**
 * Whether a section's own heading (the last part of its path) holds a content word of the query.
 * @param query the question; @param headingPath "A › B". @returns true when a stem is shared.
 */
function headingHoldsWord(query: string, headingPath: string): boolean {
  const own = new Set(contentWords(headingPath.split(' › ').pop() ?? '').map(stem));
  return contentWords(query).some((w) => own.has(stem(w)));
}

/** A heading that says what something is ("What's refundable", "What Happens After Cancellation"). */
const WHAT_HEADING = /^(?:what|what's|whats|which)\b/i;
/**
 * Weight of the section under such a heading when a question asks how: it describes; the procedure
 * beside it answers. At 0.6 "Issuing a refund" (steps, "refund" in its heading) wins over "What's
 * refundable" ("refund" in its heading, "payment" in its text) for "How do I refund a payment?".
 */
const WHAT_HEADING_WEIGHT = 0.6;

/**
 * A question that asks for a procedure ("how do i cancel it", "how to update…", "steps to…"), typed
 * in a hurry too: "hw do i…", "how add new product", "how i refund"; done by someone else too: "how
 * can she create the transaction and I sign it?" (a bookkeeper; quoted the guide's introduction,
 * not its steps).
 */
const HOW_TO =
  /\bh(?:o)?w (?:do|can|could|should|would) (?:i|we|you|she|he|they|someone|(?:my|our) [a-z]+)\b|\bhow to\b|\bsteps? to\b|\bwalk me through\b|\bstep by step\b|^\s*h(?:o)?w (?:i |we )?(?:add|create|make|set|change|edit|update|delete|remove|cancel|refund|connect|install|enable|disable|import|export|invite|issue|request|withdraw|configure|setup|use)\b/i;
/** A line that gives an instruction ("Navigate to the Orders tab…", "Click Save"). */
const INSTRUCTION = /^(?:(?:first|then|next|finally),?\s+)?(?:navigate|go|click|open|select|find|enter|choose|log ?in|sign in|tap|press|type|fill|scroll|head)\b/i;
/**
 * A numbered line that is a step: it tells the reader to do something ("1. Go to…", "2. Click
 * Refund", "1. In the field "BTCPay Server URL", enter…"), unlike a numbered list that describes
 * ("1. $2 per month in which you have at least one active payout", "1. A customer subscribes.").
 */
const STEP_LINE =
  /^\d+[.)]\s+(?:(?:first|then|next|finally),?\s+)?(?:(?:in|on|from|under|within|inside|at) (?:the|your|a)\b|(?:navigate|go|click|open|select|find|enter|choose|log|login|sign|tap|press|type|fill|scroll|head|create|add|set|copy|paste|run|install|insert|connect|configure|upload|download|save|confirm|review|check|make|use|visit|access|update|edit|change|delete|remove|enable|disable|toggle|specify|provide|follow|wait|restart|generate|define|give|name|assign|pick|drag|return|switch|complete|submit|send|share|approve|verify|expand|hover|scan|import|export|search|locate|mark|tick|apply|request|issue|start|register|attach|link|write|fund|ssh|point|sync|back)\b)/i;

/** Any numbered line ("1. …", "2) …"). */
const NUMBERED_LINE = /^\d+[.)]\s/;

/**
 * Whether a section's text is a procedure: at least two lines that instruct, or a numbered step.
 * `steps` (the quote) counts a numbered line only when it instructs (STEP_LINE, on the text without
 * emphasis marks); `numbered` (the section the answerability model judges, the rule measured with
 * PROCEDURE_BONUS) counts any numbered line: judged by `steps`, dev-001 lost its gold second source
 * (Refunds gave way to Failed Payments).
 */
function isProcedure(content: string, rule: 'steps' | 'numbered'): boolean {
  const lines = content.split('\n').map((l) => (rule === 'steps' ? l.trim().replace(/[*_`]/g, '') : l.trim()));
  const step = rule === 'steps' ? STEP_LINE : NUMBERED_LINE;
  return lines.some((l) => step.test(l)) || lines.filter((l) => INSTRUCTION.test(l)).length >= 2;
}

/**
 * Weight of a section with steps for a question that asks how: "customer emailed to cancel order
 * that hasnt shipped yet, how do i cancel it" gets Spree's "How to Cancel an Order", not "What
 * Happens After Cancellation › Order Status". Measured with `npm run eval -- --answers --app-db`
 * (three corpora): 1.1, 1.2 and 1.35 change no citation on dev or held-out; held-out key-fact
 * recall 0.380 → 0.388, and on the answerability training questions citation precision 0.780 → 0.791.
 */
const PROCEDURE_BONUS = 1.2;

/**
 * The stems of every product's names (`productNames`): "btcpay", "polar", "spree", "commerc"…
 * @param products the help center's products (slug and title).
 * @returns a set of stems (`stem` of each content word of each name).
 */
function productNameStems(products: { slug: string; title?: string }[]): Set<string> {
  return new Set(products.flatMap((p) => productNames(p).flatMap(contentWords)).map(stem));
}

/**
 * Names a user may say for a product: its short names (db/queries/collections.ts: the folder,
 * "polar-docs" → "polar", the title's first word "spree", "btcpay") and its title ("spree
 * commerce"), without a name that is only common words ("the" from "the-docs", which would match
 * every question).
 */
export function productNames(product: { slug: string; title?: string }): string[] {
  const title = product.title?.toLowerCase().trim();
  return [...new Set([...productShortNames(product), ...(title && title.length >= 3 ? [title] : [])])].filter((x) => contentWords(x).length > 0);
}

/** The words of a name ("BTCPay Server" → BTCPay, Server). */
function nameWords(name: string): string[] {
  return name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * A name's words as written in a text, whatever stands between them ("spree-commerce", "Spree
 * Commerce"), each word captured; case-insensitive, global.
 */
function namePattern(words: string[]): RegExp {
  const escaped = words.map((w) => `(${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * A question without the names of some products ("refund order spree what about in BTCPay?"
 * without Spree's → "refund order what about in BTCPay?"), for a search within another product.
 * @param products the products (slug and title).
 * @returns the text without the names, or '' when no content word is left.
 */
export function withoutProductNames(text: string, products: { slug: string; title?: string }[]): string {
  let out = ` ${text} `;
  const names = products.flatMap((p) => productNames(p)).sort((a, b) => b.length - a.length);
  for (const n of names) {
    const words = nameWords(n);
    if (words.length > 0) out = out.replace(namePattern(words), ' ');
  }
  // A name's possessive goes with it: "do i get polar's fee back" → "do i get fee back", not "… get 's fee back".
  out = out
    .replace(/(?<=\s)['’]s(?![\p{L}\p{N}])/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return contentWords(out).length > 0 ? out : '';
}

/** idf (term-stats.ts) from which a word of a product's title is left out of a search in that product (withoutRareTitleWords). */
const TITLE_WORD_RARE_IDF = 1.5;

/**
 * A question with a product's title without the title's words that are rare in the product's own
 * text ("refund in Spree Commerce" → "refund in Spree"): such a word ranks the few pages that use
 * it for the name alone ("commerce" → Avalara's page). Common ones stay ("BTCPay Server": "server"
 * is on most BTCPay pages, and "How to update BTCPay Server?" is a heading).
 * @param product the product (slug and title); undefined leaves the text as it is.
 * @param rare whether a title word (lower-cased) is rare in the product's text.
 * @returns the text with the title's rare words dropped (its first word always stays).
 */
export function withoutRareTitleWords(text: string, product: { slug: string; title?: string } | undefined, rare: (word: string) => boolean): string {
  const words = nameWords(product?.title ?? '');
  if (words.length < 2) return text;
  const kept = [words[0], ...words.slice(1).filter((w) => !rare(w.toLowerCase()))];
  if (kept.length === words.length) return text;
  // Each word as the user wrote it, the rare ones left out.
  return text.replace(namePattern(words), (...m: string[]) =>
    words
      .map((w, i) => (kept.includes(w) ? m[i + 1] : ''))
      .filter(Boolean)
      .join(' '),
  );
}

/**
 * The product a question names ("refund an order in Spree" → spree-user-docs), when exactly one
 * is named.
 * @param query user text; @param products the products that have published articles (slugs, or
 *   `{ slug, title }`).
 * @returns the product's slug, or undefined for none or several.
 */
export function namedCollection(query: string, products: (string | { slug: string; title?: string })[]): string | undefined {
  const text = ` ${query.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const hits = products.map((p) => (typeof p === 'string' ? { slug: p } : p)).filter((p) => productNames(p).some((n) => text.includes(` ${n.replace(/[^\p{L}\p{N}]+/gu, ' ')} `)));
  return hits.length === 1 ? hits[0].slug : undefined;
}

interface Retrieval {
  query: string;
  /**
   * The words the answer's quote should cover, when they are not the query's: a message refused on
   * its own and answered in context (searched with the previous message's words) is quoted for its
   * own words.
   */
  quoteFor?: string;
  passages: Omit<SourcePassage, 'n'>[];
  candidates: RetrievedCandidate[];
  decision: AnswerDecision;
  didYouMean: string | null;
}

const TABLE_ROW = /^[^\n]* \| [^\n]*$/;

/**
 * A long table is split over several chunks and only the first holds its header row. A passage
 * that starts inside a table gets the header of that table back (from the section's first chunk).
 * @returns the passage text, with the header row prepended when it was missing.
 */
export function withTableHeader(passage: { headingPath: string; content: string }, articleSections: { headingPath: string; content: string; position: number }[]): string {
  const firstLine = passage.content.split('\n', 1)[0];
  if (!TABLE_ROW.test(firstLine) || /[.!?]$/.test(firstLine)) return passage.content;
  const first = articleSections.filter((s) => s.headingPath === passage.headingPath).sort((a, b) => a.position - b.position)[0];
  if (!first || first.content === passage.content) return passage.content;
  const lines = first.content.split('\n');
  const start = lines.findIndex((l) => TABLE_ROW.test(l) && !/[.!?]$/.test(l));
  if (start < 0 || lines[start] === firstLine) return passage.content;
  return `${lines[start]}\n${passage.content}`;
}

/**
 * The question as the answerability model should read it: the typo-corrected query when the search
 * corrected it ("refnud" → refund), without the words that no article uses and that are
 * misspellings of common English words the corrector could not fix ("yestrday"): a typo is
 * not a topic the help center lacks, where an unknown real word ("quickbooks") is; nor the
 * indefinite pronouns for a person (PERSON_INDEFINITES: "how do i refund someone" asks what "how do i
 * refund a customer" asks, though the model read "someone" as a word the Refunds steps lack).
 * @param query the query searched. @param didYouMean the search's corrected query, or null.
 * @returns the text to decide on (the query itself when nothing is dropped).
 */
export function decisionQuery(query: string, didYouMean: string | null, stats: TermStats): string {
  const text = didYouMean ?? query;
  const collections = stats.collections();
  const unknownTypo = (w: string) => collections.every((c) => stats.df(c, stem(w)) === 0) && misspelledEnglish(w);
  const all = words(text);
  const kept = all.filter((w) => !unknownTypo(w) && !PERSON_INDEFINITES.has(w));
  return kept.length === all.length ? text : kept.join(' ');
}

/** A heading that names a procedure: "How to Refund an Order", "Steps to connect Stripe". */
const PROCEDURE_HEADING = /^(?:how (?:to|do i|can i)|steps? (?:to|for)|step 1\b)/i;

/**
 * The procedure a section continues: "Completing the Refund" after its sibling "How to Refund an
 * Order" (same parent, a procedure heading sharing a question word with the section's own
 * heading) is the end of the steps, not an answer on its own; the answer quotes both, from the
 * first step.
 * @param query the search query; @param section the chosen section (chunk) of an article.
 * @param sections that article's chunks in position order.
 * @returns the sibling procedure (its heading path, anchor and text, all its chunks, at most 1,500
 *   characters), or null.
 */
export function procedureBefore(
  query: string,
  section: { chunkId: number; headingPath: string },
  sections: Pick<ArticleSection, 'chunkId' | 'headingPath' | 'anchor' | 'content'>[],
): { headingPath: string; anchor: string; content: string } | null {
  const at = sections.findIndex((s) => s.chunkId === section.chunkId);
  if (at <= 0) return null;
  const prev = sections[at - 1];
  const split = (p: string) => p.split(' › ').map((x) => x.trim());
  const [mine, theirs] = [split(section.headingPath), split(prev.headingPath)];
  const ownHeading = mine.pop() ?? '';
  const prevHeading = theirs.pop() ?? '';
  if (prev.headingPath === section.headingPath || mine.join(' › ') !== theirs.join(' › ')) return null;
  // An FAQ entry (a question heading) is its own answer, not the end of the entry before it: "Can I
  // delete invoices from BTCPay?" quoted "How to redirect store invoices after payment?" first.
  if (!PROCEDURE_HEADING.test(prevHeading) || PROCEDURE_HEADING.test(ownHeading) || /\?\s*$/.test(ownHeading)) return null;
  const q = new Set(contentWords(query).map(stem));
  const ownStems = new Set(contentWords(ownHeading).map(stem));
  if (!contentWords(prevHeading).some((w) => q.has(stem(w)) && ownStems.has(stem(w)))) return null;
  let from = at - 1;
  while (from > 0 && sections[from - 1].headingPath === prev.headingPath) from--;
  const content = sections
    .slice(from, at)
    .map((s) => s.content)
    .join('\n');
  return content.length <= 1_500 ? { headingPath: sections[from].headingPath, anchor: sections[from].anchor, content } : null;
}

/** A line that is a list item ("- Nigeria", "* Albania", "3. Click Save"). */
const LIST_LINE = /^(?:[-*+•]|\d+[.)])\s/;
/** The lines that introduce a list continued in a later chunk, this long at most (characters). */
const LIST_LEAD_CHARS = 800;

/**
 * The start of a section split over several chunks, when the chosen chunk is not its first: a
 * procedure's steps ("sudo su -", "reset-server-policy", then register) come before its last
 * paragraph ("After applying the changes…"), and the answer quotes from the first step. When
 * those chunks are too long and the chosen one continues a list, the lines that introduce the
 * list (the section's opening line and the line just before the list): "im based in nigeria,
 * can i even get paid" quoted countries from Mongolia to Norway without "Polar uses Stripe Connect
 * Express to issue payouts to residents or businesses in any of the countries below".
 * @param section the chosen chunk; @param sections the article's chunks.
 * @returns the text of the section's chunks before the chosen one (at most 1,600 characters in
 *   all), else those two lines of the first chunk (at most LIST_LEAD_CHARS), or null.
 */
export function sectionHead(section: { chunkId: number; headingPath: string }, sections: Pick<ArticleSection, 'chunkId' | 'headingPath' | 'content' | 'position'>[]): string | null {
  const same = sections.filter((s) => s.headingPath === section.headingPath).sort((a, b) => a.position - b.position);
  const at = same.findIndex((s) => s.chunkId === section.chunkId);
  if (at <= 0) return null;
  const before = same
    .slice(0, at)
    .map((s) => s.content)
    .join('\n');
  if (before.length <= 1_600) return before;
  if (!LIST_LINE.test(same[at].content.trimStart())) return null;
  const lines = same[0].content.split('\n');
  const first = lines.findIndex((l) => LIST_LINE.test(l.trim()));
  if (first <= 0) return null;
  // The section's opening line and the line that leads into the list, not the asides between them.
  const lead = (first > 1 ? [lines[0], lines[first - 1]] : [lines[0]]).join('\n').trim();
  return lead.length <= LIST_LEAD_CHARS ? lead : null;
}

/**
 * The notice an article (or a section above the quoted one) gives that what it describes is no
 * longer supported: BTCPay's "Connecting Ledger Wallet to BTCPay Server" opens with a warning
 * "Direct Ledger Nano S integration is no longer supported. For Bitcoin wallets, you can use your
 * Ledger hardware wallet regularly via the new hardware wallet integration.", and "how do i connect
 * my ledger nano?" quoted its Quick Setup steps without it (a fresh user's trial, 2026-12-06). A
 * support agent says that first.
 * @param section the chosen chunk; @param sections the article's chunks.
 * @returns the callout's line (its label dropped, at most its first two sentences) of the article's
 *   opening or an ancestor section of `section`, or null when none says so or `section` holds it.
 */
export function deprecationNotice(
  section: { chunkId: number; headingPath: string; content: string },
  sections: Pick<ArticleSection, 'chunkId' | 'headingPath' | 'content' | 'position'>[],
): string | null {
  if (NO_LONGER_SUPPORTED.test(section.content)) return null;
  const parts = section.headingPath ? section.headingPath.split(' › ') : [];
  const ancestors = new Set(parts.map((_, i) => parts.slice(0, i).join(' › ')));
  for (const s of sections) {
    if (s.chunkId === section.chunkId || !ancestors.has(s.headingPath)) continue;
    const line = s.content.match(NOTICE)?.[1];
    if (!line || !NO_LONGER_SUPPORTED.test(line)) continue;
    return (line.match(/^.*?[.!](?=\s|$)(?:\s.*?[.!](?=\s|$))?/)?.[0] ?? line).trim();
  }
  return null;
}

/** A callout's line after its label line ("Warning" / "Direct Ledger Nano S integration is…"): group 1. */
const NOTICE = /^(?:Warning|Caution|Danger|Important|Note|Deprecated)\n([^\n]+)/m;

/** A parent section's first step: "Go to the Discounts page", "Open Settings → Payments". */
const PARENT_STEP = /^(?:to [^,.]{3,80}, )?(?:first,? )?(?:go to|navigate to|head to|open|click|in the (?:admin|dashboard)|from the (?:admin|dashboard))\b/i;
/** A parent section this short at most (characters, all its chunks) is only its first step. */
const PARENT_STEP_CHARS = 300;

/**
 * The first step a subsection leaves to its parent section: Polar's "Create a discount" says only
 * "Go to the Discounts page" and then describes each field under its own heading ("Code", "Name"),
 * so "how do I create a discount code?" quoted the Code field with no way to the page. The parent's
 * text comes first, then the subsection under its own heading as a `####` line (the citation
 * still links the subsection, just below the step).
 * @param query the search query (it must share a word with the parent's heading).
 * @param section the chosen chunk; @param sections the article's chunks in position order.
 * @returns the text to quote before the subsection's (the parent's step and the subsection's
 *   heading line), or null when the parent is not a short first step or the question is not about it.
 */
export function parentFirstStep(query: string, section: { headingPath: string }, sections: Pick<ArticleSection, 'headingPath' | 'content'>[]): string | null {
  const parts = section.headingPath.split(' › ').map((x) => x.trim());
  if (parts.length < 2) return null;
  const parentPath = parts.slice(0, -1).join(' › ');
  const parent = sections.filter((s) => s.headingPath === parentPath);
  const content = parent
    .map((s) => s.content)
    .join('\n')
    .trim();
  if (!parent.length || content.length > PARENT_STEP_CHARS || !PARENT_STEP.test(content)) return null;
  const q = new Set(contentWords(query).map(stem));
  if (!contentWords(parts.at(-2) ?? '').some((w) => q.has(stem(w)))) return null;
  return `${content}\n#### ${parts.at(-1)}`;
}

/**
 * Where the article's opening says the way to a place for a question that asks where
 * (ASKS_WHERE), and the chosen section names none (STATES_PLACE): "where do I set the customer
 * support email that shows up in the footer of the store?" quoted Emails' "Email Addresses"
 * ("Customer Support Email: This will be shown in your store's footer…"), while the way there is
 * the opening's "To configure email settings, navigate to the Emails tab of the Settings menu." (a
 * fresh user's trial, 2026-12-07). That line comes first, then the section under its own heading
 * as a `####` line, as `parentFirstStep` does for a parent section.
 * @param query the search query; @param section the chosen chunk; @param sections the article's
 *   chunks in position order.
 * @returns the text to quote before the section's, or null.
 */
export function openingPlace(query: string, section: Pick<ArticleSection, 'headingPath' | 'content'>, sections: Pick<ArticleSection, 'headingPath' | 'content'>[]): string | null {
  if (!section.headingPath || !ASKS_WHERE.test(query) || STATES_PLACE.test(section.content)) return null;
  const opening = sections.filter((s) => s.headingPath === '');
  const line = opening
    .flatMap((s) => s.content.split('\n'))
    .map((x) => x.trim())
    .find((x) => PARENT_STEP.test(x) && STATES_PLACE.test(x));
  return line ? `${line}\n#### ${section.headingPath.split(' › ').at(-1)?.trim()}` : null;
}

/** A section this short (characters, all its chunks) only introduces its subsections. */
const INTRO_SECTION_CHARS = 400;
/** The introduction and the subsections quoted with it, at most (characters). */
const WITH_SUBSECTIONS_CHARS = 1_200;
/** …or the introduction and its first subsection, when that alone is longer (characters). */
const FIRST_SUBSECTION_CHARS = 2_400;

/**
 * The subsections of a section that only introduces them: "Rate Limits" says "Limits differ
 * between the Sandbox and Production environments." and the limits themselves stand under its
 * "Production" and "Sandbox" headings. An answer from the introduction alone never gives the
 * figure, so the passage takes the subsections along, each under its own heading as a `####` line
 * (passageUnits makes that line the bold title of what follows it).
 * @param section the chosen chunk; @param sections the article's chunks in position order.
 * @returns the subsections' text (heading lines and content, in order) when the section itself is
 *   prose or numbered steps under 400 characters (no bullet list or table of its own: Polar's
 *   "Issuing a refund" is three steps, then "Amount" says what is refunded), the chosen chunk is
 *   its last and subsections follow it directly: the first subsections, whole, that fit with it in
 *   1,200 characters, the first one alone up to 2,400 (Polar's "Create a discount" is one line, "Go
 *   to the Discounts page", then its fields Name, Code, Percentage Discount… under their own
 *   headings); else null.
 */
export function sectionChildren(section: { chunkId: number; headingPath: string }, sections: Pick<ArticleSection, 'chunkId' | 'headingPath' | 'content'>[]): string | null {
  const at = sections.findIndex((s) => s.chunkId === section.chunkId);
  if (at < 0) return null;
  const own = sections.filter((s) => s.headingPath === section.headingPath);
  if (own[own.length - 1]?.chunkId !== section.chunkId) return null;
  let total = own.reduce((n, s) => n + s.content.length, 0);
  if (total >= INTRO_SECTION_CHARS) return null;
  // A list or a table of its own answers already; prose introduces, and so do short steps whose
  // subsections fill in the form they open ("Issuing a refund": 1. 2. 3., then Amount, Reason).
  if (own.some((s) => s.content.split('\n').some((l) => /^\s*[-*+]\s|\|/.test(l)))) return null;
  const prefix = `${section.headingPath} › `;
  const lines: string[] = [];
  let heading = '';
  // Where the subsection being added starts in `lines`: one that does not fit is left out whole.
  let start = 0;
  for (let k = at + 1; k < sections.length && sections[k].headingPath.startsWith(prefix); k++) {
    const child = sections[k];
    const title = child.headingPath.slice(prefix.length).replace(/ › /g, ': ');
    if (title !== heading) {
      start = lines.length;
      lines.push(`#### ${title}`);
    }
    heading = title;
    lines.push(child.content);
    total += title.length + child.content.length;
    // The first subsection comes whole even when longer, up to FIRST_SUBSECTION_CHARS: "Cancel or
    // revoke" is two sentences before "Cancel at period end", and an answer of those two said
    // neither how nor when.
    if (total > WITH_SUBSECTIONS_CHARS && (start > 0 || total > FIRST_SUBSECTION_CHARS)) {
      lines.length = start;
      break;
    }
  }
  return lines.length ? lines.join('\n') : null;
}

/**
 * Share of the named search's lead probability that the search without the product's name must
 * reach for its passages to be quoted instead (retrievePassages). "how do I cancel it?" → "my
 * subscription in Polar" leads with "Cancel or revoke" at 0.72 with the name, and with Laravel's
 * "Cancelling Subscriptions" at 0.23 without it. At 0.5 every eval set keeps its gain (the same
 * figures as with no bar, `npm run eval -- --dataset <set> --answers`); at 1 the plain set falls
 * below the named search alone (cites gold 0.545 against 0.576).
 */
const UNNAMED_RELATIVE = 0.5;

/**
 * A passage that holds what a follow-up points at leads over a more probable one that does not
 * while at least this likely relative to it (0.5, EXACT_HEADING_RELATIVE's value; retrievePassages).
 */
const POINTED_RELATIVE = 0.5;

/**
 * The most probable candidate of a retrieval other than its lead that passes `test`, at the
 * answerability model's threshold and at `relative` of the lead's probability at least.
 * @param r a retrieval that answers (its lead set); @param relative 0–1 of the lead's probability.
 * @returns the candidate's index, or -1 when none qualifies.
 */
function mostProbableOther(r: Retrieval, relative: number, test: (c: RetrievedCandidate) => boolean): number {
  const { probabilities, lead } = r.decision;
  if (lead === null) return -1;
  const min = Math.max(ANSWERABILITY_MODEL.threshold, relative * probabilities[lead]);
  let best = -1;
  r.candidates.forEach((c, i) => {
    if (i !== lead && probabilities[i] >= min && (best < 0 || probabilities[i] > probabilities[best]) && test(c)) best = i;
  });
  return best;
}

/** The retrieval led by candidate `i` instead, alone (no second source), at its probability. */
function ledBy(r: Retrieval, i: number): Retrieval {
  return { ...r, decision: { ...r.decision, lead: i, probability: r.decision.probabilities[i], also: [] } };
}

/**
 * How much more a word of the follow-up itself (not said in the earlier turns) weighs when an
 * article's section is chosen for a query that carries the earlier turns: "and what are the fees?"
 * after "How long do Polar payouts take?" is searched with the payout words, and the Payouts
 * article's "Stripe Payout Fees" section, not the "Payout Delay" one already quoted, answers it.
 */
const FOLLOW_UP_WORD_WEIGHT = 3;

/** An article's opening section answers a bare topic that is its title when at least this long (characters). */
const OPENING_MIN_CHARS = 100;

/**
 * How much a word weighs when an article's section is chosen or scored for a quote: a word in most
 * of the product's chunks ("btcpay" in BTCPay's) weighs little; any word at least as rare as one
 * chunk in e^2 ≈ 7.4 (idf ≥ 2) weighs 1.
 * @param stats the collections' term statistics; @param collection the passage's collection.
 * @returns stem → weight in [0, 1].
 */
function sectionWordWeight(stats: TermStats, collection: string): (stem: string) => number {
  return (w) => Math.min(1, idf(stats, collection, w) / 2);
}

/** An article's sections by its slug (`articleSectionsOnce`). */
type SectionsOf = (slug: string) => Promise<ArticleSection[]>;

/**
 * One fetch of an article's sections per turn: the quoted-section and second-question steps read
 * the same lead article.
 * @returns slug → its sections (empty when the read fails).
 */
function articleSectionsOnce(db: Db): SectionsOf {
  const bySlug = new Map<string, Promise<ArticleSection[]>>();
  return (slug) => {
    let got = bySlug.get(slug);
    if (!got) {
      got = getArticleSections(db, { slugs: [slug] }).catch(() => []);
      bySlug.set(slug, got);
    }
    return got;
  };
}

/** A passage's site-relative URL: the article's, with the section's heading anchor when it has one. */
function passageUrl(slug: string, anchor: string | undefined): string {
  return `/articles/${slug}${anchor ? `#${anchor}` : ''}`;
}

/** How `retrieveOnce` searches and decides; every field optional. */
interface RetrieveOptions {
  /** Passages searched for (default SEARCH_TOOL_LIMIT). */
  limit?: number;
  fusion?: SearchOptions['fusion'];
  /** Stems that weigh FOLLOW_UP_WORD_WEIGHT times more when a section is chosen (a follow-up's own words). */
  focus?: Set<string>;
  /** A follow-up's topic stems (`decideAnswer`'s `topic`). */
  topic?: ReadonlySet<string>;
  /** Stems of the products' names (`decideAnswer`'s `names`). */
  names?: ReadonlySet<string>;
  /** The question as asked, when the query leaves words out (`decideAnswer`'s `asked`). */
  asked?: string;
  /** A message's own words that the lead must hold (`decideAnswer`'s `mustHold`). */
  mustHold?: string[];
}

async function retrieveOnce(db: Db, query: string, collection: string | undefined, stats: TermStats, opts: RetrieveOptions = {}): Promise<Retrieval> {
  const { limit = SEARCH_TOOL_LIMIT, fusion, focus, topic, names, asked, mustHold } = opts;
  const res = await searchArticles(db, { query, limit, collection, fusion });
  const sections = await getArticleSections(db, { slugs: res.results.map((r) => r.slug) }).catch(() => []);
  // Sections are chosen by the words the search corrected the query to: "where do i change the
  // email adress that order emails are sent from" quoted Emails' "Saving Changes" (a tie, the
  // misspelled "adress" in no heading), not its "Email Addresses".
  const read = res.didYouMean ?? query;
  const candidates: RetrievedCandidate[] = [];
  const passages = res.results.map((r, i) => {
    let best = { headingPath: r.headingPath, anchor: r.passageAnchor, content: r.passage, chunkId: r.chunkId, articleVersion: r.articleVersion };
    const base = sectionWordWeight(stats, r.source.collection);
    const weight = (w: string) => base(w) * (focus?.has(w) ? FOLLOW_UP_WORD_WEIGHT : 1);
    let bestScore = sectionScore(read, best, weight);
    for (const s of sections) {
      if (s.slug !== r.slug) continue;
      const score = sectionScore(read, s, weight);
      if (score > bestScore + 0.05) {
        best = s;
        bestScore = score;
      }
    }
    const own = sections.filter((x) => x.slug === r.slug);
    // A bare topic that is the article's title ("gift cards?" → "Gift Cards") asks what the article
    // is about: its opening section, not the subsection "How to Redeem Gift Cards" (`titleIsTopic`).
    // A question about the topic ("how do I create a promotion?" → "Create a Promotion") keeps its section.
    const opening = own.find((x) => x.position === 0 && x.content.trim().length >= OPENING_MIN_CHARS);
    const topic = opening !== undefined && titleIsTopic(asked ?? query, r.title, names);
    if (topic) best = opening;
    const text = withTableHeader(best, own).slice(0, 2400);
    // The answerability model judges the section itself; the quote may start at its procedure's first step.
    candidates.push({ rank: i + 1, score: r.score, legs: r.legs, title: r.title, headingPath: best.headingPath, text, collection: r.source.collection });
    // The section quoted from the article (`sectionScore` for a quote: the steps for a question that
    // asks how), never one that only sends the reader elsewhere (`pointsElsewhere`).
    // Only a question that asks how or what something is scores sections differently for the quote (`sectionScore`).
    let pick = best;
    if (!topic && (HOW_TO.test(read) || WHAT_IS.test(read))) {
      let pickScore = sectionScore(read, best, weight, true);
      // A section whose own heading holds a word of the question gives way only to one that holds
      // a word of it too, not only a synonym: every "Payout…" heading reads as "withdraw money", and
      // "how do I withdraw money" quoted the payout fees instead of "Manual Withdrawal".
      const literal = headingHoldsWord(read, best.headingPath);
      for (const s of own) {
        if (pointsElsewhere(s.content)) continue;
        if (literal && s !== best && sectionScore(read, s, weight) === 0) continue;
        const score = sectionScore(read, s, weight, true);
        if (score > pickScore + 0.05) {
          pick = s;
          pickScore = score;
        }
      }
    }
    const pickText = pick === best ? text : withTableHeader(pick, own).slice(0, 2400);
    const steps = procedureBefore(read, pick, own);
    const head = steps ? null : sectionHead(pick, own);
    const children = steps || head ? null : sectionChildren(pick, own);
    const parent = steps || head || children ? null : (parentFirstStep(read, pick, own) ?? openingPlace(read, pick, own));
    const quotedPlain = steps
      ? { headingPath: steps.headingPath, anchor: steps.anchor, text: `${steps.content}\n${pickText}`.slice(0, 2400) }
      : head
        ? { headingPath: pick.headingPath, anchor: pick.anchor, text: `${head}\n${pickText}` }
        : parent
          ? { headingPath: pick.headingPath, anchor: pick.anchor, text: `${parent}\n${pickText}` }
          : { headingPath: pick.headingPath, anchor: pick.anchor, text: children ? `${pickText}\n${children}` : pickText };
    // What the article says is no longer supported comes first.
    const notice = deprecationNotice(pick, own);
    const quoted = notice ? { ...quotedPlain, text: `${notice}\n${quotedPlain.text}` } : quotedPlain;
    return {
      slug: r.slug,
      title: r.title,
      url: passageUrl(r.slug, quoted.anchor),
      headingPath: quoted.headingPath,
      text: quoted.text,
      collection: r.source.collection,
      chunkId: pick.chunkId,
      articleId: r.articleId,
      articleVersion: pick.articleVersion,
    };
  });
  // How close each passage is in meaning, as the index embeds it (title, heading path, text).
  const embedded = await embedTexts([query, ...candidates.map((c) => [c.title, c.headingPath, c.text].filter(Boolean).join('\n'))]).catch(() => null);
  const qv = embedded?.vectors[0];
  candidates.forEach((c, i) => {
    const pv = embedded?.vectors[i + 1];
    c.similarity = qv && pv ? cosine(qv, pv) : 0;
  });
  return { query, passages, candidates, decision: decideAnswer(decisionQuery(query, res.didYouMean, stats), candidates, stats, { topic, names, asked, mustHold }), didYouMean: res.didYouMean };
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * An unscoped question asks which product when the router's second-likeliest product is at least
 * this likely relative to the first (0.7: 0.59 : 0.41 between two products; measured on the dev questions asked with no product, 3 of 67 ask).
 */
const CLARIFY_RATIO = 0.7;

/** A product is offered in the choice when at least this likely relative to the first. */
const OFFER_RATIO = 0.5;

/**
 * The one product an unscoped question is about, when the router (lib/search/router.ts) is sure:
 * its second-likeliest product is less than CLARIFY_RATIO as likely as its first.
 * @param candidates the pooled search's passages (their collections and fused scores).
 * @returns the product's slug and the router's posterior (best first), or undefined with fewer
 *   than two products or an unsure router.
 */
function sureProduct(
  question: string,
  candidates: Pick<RetrievedCandidate, 'score' | 'collection'>[],
  stats: TermStats,
  products: { slug: string }[],
): { collection: string; posterior: ProductPosterior } | undefined {
  if (products.length < 2 || candidates.length === 0) return undefined;
  const posterior = routeProducts(
    question,
    candidates,
    stats,
    products.map((p) => p.slug),
  );
  return posterior.length >= 2 && posterior[1].probability < CLARIFY_RATIO * posterior[0].probability ? { collection: posterior[0].collection, posterior } : undefined;
}

/**
 * Whether to ask which product the user means: the help center has several, the passages come
 * from more than one, and the router (lib/search/router.ts) cannot tell them apart: its second
 * product is at least CLARIFY_RATIO as likely as its first.
 * @returns the choice (products most likely first, at most 4), or undefined to answer.
 */
export function productChoice(question: string, candidates: RetrievedCandidate[], stats: TermStats, products: { slug: string; title: string }[]): ProductChoice | undefined {
  if (products.length < 2 || new Set(candidates.map((c) => c.collection)).size < 2) return undefined;
  const posterior = routeProducts(
    question,
    candidates,
    stats,
    products.map((p) => p.slug),
  );
  if (posterior.length < 2 || posterior[1].probability < CLARIFY_RATIO * posterior[0].probability) return undefined;
  const title = new Map(products.map((p) => [p.slug, p.title]));
  // Only the products the router finds about as likely: a product of two articles that shares no
  // word with the question is no choice to offer.
  const offered = posterior.filter((p) => p.probability >= OFFER_RATIO * posterior[0].probability).slice(0, 4);
  return { question, products: offered.map((p) => ({ slug: p.collection, title: title.get(p.collection) ?? p.collection })) };
}

/**
 * Asking which product beats answering from the routed one when another product answers the
 * question this much more confidently (its best passage's probability over the routed product's):
 * the router's sureness is about words, not answers. "How do I issue a refund?" reads like BTCPay
 * ("issue" fills its troubleshooting pages), whose best passage scores 0.48, while Spree's "How to
 * Refund an Order" scores 0.88. Measured on the 118 single-turn dev and held-out questions asked
 * with no product (a scratch run of retrievePassages per question): at 1.5 with
 * ANSWERING_PRODUCT_ROUTER_FLOOR, answers from another product than the gold one 8 → 6, from the
 * gold product 77 → 77, questions asked back 13 → 15; at 1.0, 8 → 3 but 77 → 61 (34 asked back).
 */
const ANSWERING_PRODUCT_RATIO = 1.5;

/**
 * Only a product the router gives at least this share of the routed product's probability is
 * searched as another candidate: "the btc price on my invoices looks a bit off compared to
 * kraken" is about BTCPay, however confidently a Spree passage matches it (at 0, 3 more questions
 * were asked back, each offering a product the question cannot be about).
 */
const ANSWERING_PRODUCT_ROUTER_FLOOR = 0.25;

/**
 * Whether to ask which product though the router is sure of one: each other product the router
 * finds plausible (ANSWERING_PRODUCT_ROUTER_FLOOR) is searched too, and one that answers the
 * question ANSWERING_PRODUCT_RATIO times as confidently as the routed product makes it a choice.
 * Once the user is asked, the choice is widened as a pooled one is (`withAnsweringProducts`): a
 * product whose own articles answer at least 1/ANSWERING_PRODUCT_RATIO as confidently as the
 * routed one is offered too. "How do I refund a payment?" is routed to Spree (0.39), Polar answers
 * far more confidently (0.68), and BTCPay's "Refunds" (0.34) was left out of the choice.
 * @param routedRetrieval the search within the routed product (it answers).
 * @param posterior the router's posterior, routed product first.
 * @returns the choice (the routed product and those that answer, most confident first, at most
 *   4), or undefined to answer from the routed product.
 * @throws database errors.
 */
async function otherProductsAnswer(
  db: Db,
  query: string,
  routedRetrieval: Retrieval,
  posterior: ProductPosterior,
  products: { slug: string; title: string }[],
  stats: TermStats,
  limit?: number,
  fusion?: SearchOptions['fusion'],
): Promise<ProductChoice | undefined> {
  const routed = posterior[0].collection;
  const plausible = new Set(posterior.filter((x) => x.probability >= ANSWERING_PRODUCT_ROUTER_FLOOR * posterior[0].probability).map((x) => x.collection));
  const others = products.filter((p) => p.slug !== routed && plausible.has(p.slug));
  const names = productNameStems(products);
  const tried = await Promise.all(others.map(async (p) => ({ p, decision: (await retrieveOnce(db, query, p.slug, stats, { limit, fusion, names })).decision })));
  const confident = tried.filter((t) => t.decision.answer && t.decision.probability >= ANSWERING_PRODUCT_RATIO * routedRetrieval.decision.probability);
  const first = products.find((p) => p.slug === routed);
  if (confident.length === 0 || !first) return undefined;
  const offered = [...confident.map((t) => ({ p: t.p, probability: t.decision.probability })), { p: first, probability: routedRetrieval.decision.probability }]
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 4);
  const choice = { question: query, products: offered.map(({ p }) => ({ slug: p.slug, title: p.title })) };
  // The products searched above are not searched again.
  const known = new Map(tried.map((t) => [t.p.slug, t.decision]));
  return withAnsweringProducts(db, choice, routedRetrieval.decision.probability, stats, products, limit, fusion, known);
}

/**
 * The products whose own passages answer a question the pooled search could not: each product the
 * router (lib/search/router.ts) gives at least ANSWERING_PRODUCT_ROUTER_FLOOR of its best
 * product's probability (at most 3) is searched within itself.
 * @param pooled the pooled search's candidates (for the router).
 * @returns the products whose search answers, most confident first, each with its retrieval.
 * @throws database errors.
 */
async function answeringProducts(
  db: Db,
  query: string,
  pooled: RetrievedCandidate[],
  stats: TermStats,
  products: { slug: string; title: string }[],
  limit?: number,
  fusion?: SearchOptions['fusion'],
): Promise<{ product: { slug: string; title: string }; retrieval: Retrieval }[]> {
  if (pooled.length === 0) return [];
  const posterior = routeProducts(
    query,
    pooled,
    stats,
    products.map((p) => p.slug),
  );
  const plausible = posterior.filter((p) => p.probability >= ANSWERING_PRODUCT_ROUTER_FLOOR * posterior[0].probability).slice(0, 3);
  const names = productNameStems(products);
  const tried = await Promise.all(
    plausible.map(async (p) => ({
      product: products.find((x) => x.slug === p.collection)!,
      retrieval: await retrieveOnce(db, query, p.collection, stats, { limit, fusion, names }),
    })),
  );
  return tried.filter((t) => t.product && t.retrieval.decision.answer).sort((a, b) => b.retrieval.decision.probability - a.retrieval.decision.probability);
}

/**
 * A product choice made from the pooled passages, widened by the products they left out whose own
 * articles answer the question: "How do I refund?" offered Spree and Polar, whose refund pages
 * the pooled search ranked first, and not BTCPay, whose own "Refunds" page answers "refund" (0.72
 * against the pooled lead's 0.75) though the router, reading the pooled passages, gave BTCPay
 * little. Each left-out product is searched within itself and offered when it answers at least
 * 1/ANSWERING_PRODUCT_RATIO as confidently as the pooled lead.
 * The same widening serves a choice asked though the router was sure (`otherProductsAnswer`),
 * measured against the routed product's lead.
 * @param choice the choice from `productChoice` or `otherProductsAnswer`; @param pooledProbability
 *   the pooled (or routed) lead's answerability probability (0–1). @param known decisions of
 *   products already searched with the same question (by slug), not searched again.
 * @returns the choice with the answering products appended (at most 4 in all).
 * @throws database errors.
 */
async function withAnsweringProducts(
  db: Db,
  choice: ProductChoice,
  pooledProbability: number,
  stats: TermStats,
  products: { slug: string; title: string }[],
  limit?: number,
  fusion?: SearchOptions['fusion'],
  known: ReadonlyMap<string, AnswerDecision> = new Map(),
): Promise<ProductChoice> {
  if (choice.products.length >= 4) return choice;
  const offered = new Set(choice.products.map((p) => p.slug));
  const left = products.filter((p) => !offered.has(p.slug));
  const names = productNameStems(products);
  const tried = await Promise.all(left.map(async (p) => ({ p, decision: known.get(p.slug) ?? (await retrieveOnce(db, choice.question, p.slug, stats, { limit, fusion, names })).decision })));
  const more = tried.filter((t) => t.decision.answer && t.decision.probability * ANSWERING_PRODUCT_RATIO >= pooledProbability).map(({ p }) => ({ slug: p.slug, title: p.title }));
  return { ...choice, products: [...choice.products, ...more].slice(0, 4) };
}

/**
 * Retrieves numbered passages for a query and decides whether they answer it (`answerPassages`),
 * then keeps a follow-up from being answered with the section an earlier answer quoted when the
 * article has another one for it (`unquotedLead`).
 * @param args as `answerPassages`, and `quoted`: the URLs (with their section anchors) that the
 *   conversation's earlier answers cited.
 * @returns as `answerPassages`.
 * @throws database errors.
 */
export async function retrievePassages(db: Db, args: Parameters<typeof answerPassages>[1] & { quoted?: ReadonlySet<string> }): ReturnType<typeof answerPassages> {
  const r = await answerPassages(db, args);
  const sectionsOf = articleSectionsOnce(db);
  const moved = args.quoted?.size && args.latestMessage ? await unquotedLead(sectionsOf, r, args.latestMessage, args.quoted) : r;
  return args.latestMessage ? secondQuestionSection(sectionsOf, moved, args.latestMessage) : moved;
}

/**
 * Share of a question's words (idf-weighted `sectionScore` for a quote) a section of another
 * question's lead article must hold to answer it beside the lead: at least this, and twice what the
 * lead's own section holds of it.
 */
const SECOND_QUESTION_MIN = 0.5;

/** An email address or a link in a section's text. */
const ADDRESS = /\S+@\S+\.\S+|https?:\/\/\S+/g;

/**
 * A message that asks two things (`askedQuestions`) gets the lead article's section for the one its
 * quoted section leaves out: "Can the Polar checkout show up in German or Japanese? And would the
 * receipt emails be translated too?" quoted Checkout Localization's "Supported languages" only; its
 * "Known limitations" says transactional emails are sent in English (a fresh user's trial,
 * 2026-12-07). Each question is scored against the lead's section (`sectionScore` for a quote,
 * idf-weighted, headings read with the question's synonyms); the least covered one takes the
 * article's best other section when that holds at least SECOND_QUESTION_MIN of it and twice what the
 * lead's holds. A section that only points elsewhere is not taken.
 * @param sectionsOf the turn's article sections (`articleSectionsOnce`); @param r the retrieval; @param latestMessage the user's latest message.
 * @returns r, the lead source with `second` set when such a section is found.
 */
async function secondQuestionSection(sectionsOf: SectionsOf, r: Awaited<ReturnType<typeof answerPassages>>, latestMessage: string): ReturnType<typeof answerPassages> {
  const lead = r.decision.answer ? r.sources.find((x) => x.n === r.decision.lead) : undefined;
  const questions = lead ? askedQuestions(withoutMarkup(latestMessage)) : [];
  if (!lead || questions.length < 2) return r;
  const weight = sectionWordWeight(r.stats, lead.collection);
  const scored = questions.map((q) => ({ q, read: synonymReading(q), score: 0 }));
  for (const x of scored) x.score = sectionScore(x.q, { headingPath: x.read(lead.headingPath), content: lead.text }, weight, true);
  const least = scored.reduce((a, b) => (b.score < a.score ? b : a));
  const own = await sectionsOf(lead.slug);
  let best: ArticleSection | undefined;
  let bestScore = Math.max(SECOND_QUESTION_MIN, 2 * least.score);
  for (const x of own) {
    if (passageUrl(lead.slug, x.anchor) === lead.url || x.headingPath === lead.headingPath || pointsElsewhere(x.content)) continue;
    // Words of an address are no words of the section: "Email us at translations@polar.sh" is no
    // answer to "would the receipt emails be translated too?".
    const score = sectionScore(least.q, { headingPath: least.read(x.headingPath), content: x.content.replace(ADDRESS, ' ') }, weight, true);
    if (score >= bestScore) {
      best = x;
      bestScore = score;
    }
  }
  if (!best) return r;
  const second = { question: least.q, headingPath: best.headingPath, url: passageUrl(lead.slug, best.anchor), text: withTableHeader(best, own).slice(0, 2400) };
  return { ...r, sources: r.sources.map((x) => (x === lead ? { ...lead, second } : x)) };
}

/**
 * A follow-up whose lead passage is a section an earlier answer already quoted ("where do i find
 * the link to send them?" after the portal article's "Emails Polar sends to your customers") is
 * answered from the article's best other section for the latest message's own words
 * (`sectionScore` for a quote, idf-weighted) whose own heading holds one of them ("Pre-authenticated
 * portal links"), when that section holds at least as much of them as the quoted one; the passage
 * keeps its place, number and the model's decision. A section that only points elsewhere, or that
 * was quoted too, is not taken; without such a section the lead stays (and the answer says it was
 * quoted above, `alreadyQuotedText`, or leaves out the blocks already quoted). Without the heading
 * condition, measured on the seven sets: "how do i stop someone using it more than once" after a
 * 15% off code moved from a quoted sale-pricing section to its "Add Products and Set Sale Prices"
 * (dev-069, a non-gold citation kept), and "how do i send it back to them?" after a paid-late
 * invoice to its archived invoices (dev-071).
 * @param sectionsOf the turn's article sections (`articleSectionsOnce`); @param r the retrieval; @param latestMessage the user's latest message; @param quoted URLs cited before.
 * @returns r, with the lead source's section replaced when one is found.
 */
async function unquotedLead(sectionsOf: SectionsOf, r: Awaited<ReturnType<typeof answerPassages>>, latestMessage: string, quoted: ReadonlySet<string>): ReturnType<typeof answerPassages> {
  const lead = r.decision.answer ? r.sources.find((x) => x.n === r.decision.lead) : undefined;
  if (!lead || !quoted.has(lead.url)) return r;
  const own = await sectionsOf(lead.slug);
  const urlOf = (x: ArticleSection) => passageUrl(lead.slug, x.anchor);
  const current = own.find((x) => urlOf(x) === lead.url);
  if (!current) return r;
  const weight = sectionWordWeight(r.stats, lead.collection);
  const message = withoutMarkup(latestMessage);
  // Headings read with the message's synonym phrases (`synonymReading`): "will the money go back on
  // their card by itself?" after cancelling an order is "What Happens After Cancellation › Payment
  // Refunds", not the cancelling steps quoted again.
  const read = synonymReading(message);
  const withPhrases = (x: ArticleSection) => ({ ...x, headingPath: read(x.headingPath) });
  const floor = sectionScore(message, withPhrases(current), weight, true);
  let best: ArticleSection | undefined;
  let bestScore = 0;
  for (const x of own) {
    if (x === current || quoted.has(urlOf(x)) || pointsElsewhere(x.content) || !headingHoldsWord(message, read(x.headingPath))) continue;
    const score = sectionScore(message, withPhrases(x), weight, true);
    if (score > bestScore && score >= floor) {
      best = x;
      bestScore = score;
    }
  }
  if (!best) return r;
  // The section alone: the steps or parent before it (`procedureBefore`, `parentFirstStep`) are
  // what the earlier answer quoted.
  const moved: SourcePassage = {
    ...lead,
    url: urlOf(best),
    headingPath: best.headingPath,
    text: withTableHeader(best, own).slice(0, 2400),
    chunkId: best.chunkId,
    articleVersion: best.articleVersion,
  };
  return { ...r, sources: r.sources.map((x) => (x === lead ? moved : x)) };
}

/**
 * Retrieves numbered passages for a query and decides whether they answer it (`retrievePassages`
 * without its quoted-section step). When the query's
 * passages do not answer, it falls back to the alternative reading of the conversation (the last
 * message alone, or with the earlier turns) and to the typo-corrected query, and keeps the one
 * whose best passage the answerability model trusts most among those that answer. A long first
 * message is read whole too (`wholeMessageReading`): as a fallback, or, when its cut question only
 * points back (`cutQuestionPointsBack`), in place of the question whenever it answers more confidently.
 * @param args.collection scope (the page's product); a product the query names takes its place.
 * @param args.latestMessage the user's latest message: a product it names wins over one the
 *   query's earlier turns name; a message that is only a product's name asks the previous
 *   message's question in that product. Title words rare in the named product are not searched by
 *   (withoutRareTitleWords). @param args.earlierMessages the user's earlier messages, oldest
 *   first: when the latest message names no product, the one named last is the scope.
 *   A question that names its product is decided with the name and, when it answers, quoted from
 *   the search without the name if that one answers too, at least UNNAMED_RELATIVE as confidently.
 *   A follow-up (one with an alternative reading) is answered on its topic or not at all: when a
 *   passage holds one of the earlier turns' words its query carries (their own words, and the
 *   thesaurus's for their synonym phrases: "get paid out" → payout), passages that hold none do not
 *   answer it (`onTopic`).
 * @param args.alternative another reading of the same turn, or null.
 * @param args.limit passages per search (default SEARCH_TOOL_LIMIT); args.fusion RRF k and leg
 *   weights in place of production's (an experiment's variant).
 * @returns the sources (section passages, best first, one per article), the answerability model's
 *   candidates (same order), its decision (lead/also as citation numbers) and the query used. With
 *   no product scope or name and an unsure router, no sources and `decision.clarify` instead; when
 *   such a question's pooled passages do not answer, the plausible products are searched one by
 *   one (answeringProducts): one that answers is answered from, several are offered as the choice.
 * @throws database errors.
 */
async function answerPassages(
  db: Db,
  args: {
    query: string;
    alternative?: string | null;
    collection?: string;
    latestMessage?: string;
    earlierMessages?: string[];
    nextNumber: () => number;
    limit?: number;
    fusion?: SearchOptions['fusion'];
  },
): Promise<{
  sources: SourcePassage[];
  candidates: RetrievedCandidate[];
  decision: SearchDecision;
  query: string;
  collection?: string;
  stats: TermStats;
  /** As `Retrieval`'s. */
  quoteFor?: string;
}> {
  // A product the question names wins over the page's product ("how do I do this in Spree?" asked
  // on a Polar page); otherwise the page's, if any.
  const products = await listProducts(db).catch(() => []);
  // The product the latest message names wins over one an earlier turn named ("How do I refund an
  // order in Spree?" → "what about in BTCPay?": the contextual query names both).
  // A message that names no product stays with the one the user named last, as on that product's
  // page: "can I do a partial refund?" or "does the customer get notified?" after "refund an order
  // in Spree?" → "what about in BTCPay?" is about BTCPay, though the query may hold "Spree".
  // A message that says it changes the topic ("ok different question: …") leaves that product behind too.
  const lastNamed = () => {
    if (args.latestMessage && switchesTopic(args.latestMessage)) return undefined;
    for (const m of [...(args.earlierMessages ?? [])].reverse()) {
      const c = namedCollection(m, products);
      if (c) return c;
    }
    return undefined;
  };
  const namedNow = args.latestMessage ? namedCollection(args.latestMessage, products) : undefined;
  const inherited = namedNow ? undefined : lastNamed();
  const named = namedNow ?? inherited ?? namedCollection(`${args.query} ${args.alternative ?? ''}`, products);
  let collection = named ?? args.collection;
  const stats = await getTermStats(db);
  // Investment, tax and legal advice are no help center's to give: refused as off topic, with no
  // sources and no search results offered, so nothing is searched for them.
  if (args.latestMessage && (asksForInvestmentAdvice(args.latestMessage) || asksForTaxOrLegalAdvice(args.latestMessage))) {
    return { sources: [], candidates: [], decision: { answer: false, lead: null, also: [], probability: 0, offTopic: true, advice: true }, query: args.query, collection, stats };
  }
  // Within the product named, another product's name from an earlier turn is no word of its
  // articles ("refund order spree what about in BTCPay?" is searched in BTCPay without "spree").
  // The product's own name stays (the answerability model was trained with it in questions), but
  // not its title's rare words: "How do I issue a refund in Spree Commerce?" (a product-choice chip)
  // ranked the one Spree page with "commerce" in its text, Avalara's, over "Refunding Orders".
  // A message that is only a product's name ("Spree Commerce", answering "Which product is this
  // about?") asks the previous message's question in that product.
  const otherProducts = products.filter((p) => p.slug !== named);
  const own = products.find((p) => p.slug === named);
  const earlier = args.earlierMessages?.at(-1);
  const onlyName = !!named && !!args.latestMessage && !!earlier && !withoutProductNames(args.latestMessage, products);
  const asked = onlyName ? `${earlier} ${args.query}` : args.query;
  // A title word on fewer than about one in five of the product's chunks (idf ≥ 1.5) is rare:
  // Spree's "commerce" (143 of 951 chunks, 1.89), not BTCPay's "server" (659 of 1,028, 0.44).
  const rare = (w: string) => idf(stats, named ?? '', stem(w)) >= TITLE_WORD_RARE_IDF;
  const query = named ? withoutRareTitleWords(withoutProductNames(asked, otherProducts) || asked, own, rare) : asked;
  const alternative = named && args.alternative ? withoutRareTitleWords(withoutProductNames(args.alternative, otherProducts) || args.alternative, own, rare) : args.alternative;
  // The latest message's words not said in the earlier ones: a follow-up searched with the earlier
  // turns' words lets them choose the article's section; none said before makes it a new topic.
  // The thesaurus's words for an earlier turn's synonym phrases are said too: the follow-up's query
  // carries them (retrievalQueries), so "and how long does it take?" after "how do i get paid
  // out?" is on the topic "payout", and the payouts FAQ's "How long do payouts take?" answers it,
  // not Payout Accounts ("…the bank account you want to be paid out to").
  const said = new Set((args.earlierMessages ?? []).flatMap(turnMeaning).map(stem));
  const ownWords = contentWords(args.latestMessage ?? '').map(stem);
  const newWords = ownWords.filter((w) => !said.has(w));
  const focus = args.alternative && said.size ? new Set(newWords) : undefined;
  // Such a follow-up's topic: the earlier turns' words its query carries, product names aside. When
  // a passage holds one of them, passages that hold none do not answer it (`onTopic`).
  const nameStems = productNameStems(products);
  const topic = focus
    ? new Set(
        contentWords(query)
          .map(stem)
          .filter((w) => said.has(w) && !nameStems.has(w)),
      )
    : undefined;
  let primary = await retrieveOnce(db, query, collection, stats, { limit: args.limit, fusion: args.fusion, focus, topic, names: nameStems });
  // Within the product a question names, its name ranks the pages with the name in their title:
  // "How do I add a Polar checkout to my website?" led with the Affonso integration's page.
  // Searched without it, the question's own words rank ("Embedded Checkout"). But the name also
  // pulls the product's overview pages
  // up for a question the product does not answer, which is what lets the model refuse it, so the
  // search with the name decides whether to answer, and the one without it which passages answer
  // (only when it answers too, and at least UNNAMED_RELATIVE as confidently). Without this the
  // plain set's product-named questions cited gold 0.576; with it 0.606, no refusal changed on
  // any set (README, "Passages without the name").
  // Only a query that holds the name (one inherited from an earlier turn may not). A section found
  // without the name whose heading is the question with it leads (decideAnswer's `asked`): "how do
  // I update BTCPay Server?" is the FAQ's "How to update BTCPay Server?", which "how do i update"
  // found below a troubleshooting step.
  const bare = own && namedCollection(query, [own]) === own.slug ? withoutProductNames(query, [own]) : '';
  if (bare && primary.decision.answer) {
    const unnamed = await retrieveOnce(db, bare, collection, stats, { limit: args.limit, fusion: args.fusion, focus, topic, names: nameStems, asked: query });
    if (unnamed.decision.answer && unnamed.decision.probability >= UNNAMED_RELATIVE * primary.decision.probability) primary = unnamed;
  }
  // A message that stands on its own in the middle of a conversation may still carry it on: "can
  // I prefill the customer's email?" after "How do I create a checkout link in Polar?" was searched
  // alone and answered from the Laravel guide; "how do I switch to production?" after the sandbox
  // question from the changelog. It is searched again with the previous message's words, and
  // those passages are used when they answer on that message's topic (`onTopic`), hold at least as
  // much of the new message's own words as the passages found without them
  // (`messageCoverage`: a new topic, "need a csv of every order…" after shipping zones, does not
  // find its words in the shipping passages), and answer more confidently. A message refused on its
  // own is answered so only from a passage that holds at least REFUSED_ALONE_COVERAGE of its words:
  // "where do I pick the default currency?" after creating a BTCPay store (Create a store, 0.53),
  // not "can buyers pay with PayPal?" after a checkout link (Checkout Links holds no "paypal"), nor
  // "can I schedule the export to run every week?" after exporting orders (0.17).
  const previous = args.earlierMessages?.at(-1);
  if (!args.alternative && previous && args.latestMessage && !switchesTopic(args.latestMessage) && !primary.decision.offTopic) {
    const asked = new Set(contentWords(query).map(stem));
    const before = [...new Set(contentWords(previous))].filter((w) => !asked.has(stem(w)) && !nameStems.has(stem(w)));
    if (before.length) {
      const earlierTopic = new Set(before.map(stem));
      const own = [...new Set(ownWords)].filter((w) => !nameStems.has(w));
      // A message refused on its own must be led by a passage that holds its words (`mustHold`).
      const inContext = await retrieveOnce(db, `${before.join(' ')} ${query}`, collection, stats, {
        limit: args.limit,
        fusion: args.fusion,
        focus: new Set(ownWords),
        topic: earlierTopic,
        names: nameStems,
        mustHold: primary.decision.answer ? undefined : own,
      });
      const leadOf = (r: Retrieval) => (r.decision.lead === null ? undefined : r.candidates[r.decision.lead]);
      const ctxLead = leadOf(inContext);
      const ctxCoverage = messageCoverage(own, ctxLead, stats);
      if (
        inContext.decision.answer &&
        ctxLead &&
        (primary.decision.answer || ctxCoverage >= REFUSED_ALONE_COVERAGE) &&
        inContext.decision.probability > primary.decision.probability &&
        onTopic(ctxLead, earlierTopic) &&
        ctxCoverage >= messageCoverage(own, leadOf(primary), stats)
      )
        // Refused on its own, the message is quoted for its own words: "can i add tips?" after
        // setting up a point of sale quoted the Point of Sale App's setup steps (the earlier
        // message's words), not "The app has a shopping cart feature, tips…".
        primary = primary.decision.answer ? inContext : { ...inContext, quoteFor: args.latestMessage };
    }
  }
  // No product given or named: when the router is sure of one, the question is searched again
  // within it. One product's passages never mix in an answer, and the answerability model was
  // trained on searches within one product: pooled, "My payout never arrived" ranked Polar's
  // payout article second on the keyword leg behind BTCPay's, and was refused (0.12 < 0.2).
  const routed = collection ? undefined : sureProduct(query, primary.candidates, stats, products);
  let answeredElsewhere: ProductChoice | undefined;
  if (routed) {
    collection = routed.collection;
    primary = await retrieveOnce(db, query, collection, stats, { limit: args.limit, fusion: args.fusion, focus, topic, names: nameStems });
    if (primary.decision.answer) answeredElsewhere = await otherProductsAnswer(db, query, primary, routed.posterior, products, stats, args.limit, args.fusion);
  }
  // A reading that is only a product's name and filler ("what about in Spree?" alone) has nothing
  // to search for: it found Spree's "About Spree Commerce" and answered with it.
  // Nor has one that alone points at nothing ("how long does it take?", `danglingReference`): after
  // a BTCPay refund it was answered from the Deployment FAQ's "it would take a long time to catch
  // up" (on the topic by its word "payment").
  const searchable = alternative && !danglingReference(alternative) ? alternative : null;
  // A first message that tells a story around its question is read as its asking part too
  // (`askedPart`): "customer got her order but one of the mugs was smashed. i just want to refund
  // the $12 for that mug, not the whole order. how do i do that in the admin" was refused, the
  // mugs and the smashing being no word of the refund steps.
  const part = !args.earlierMessages?.length && args.latestMessage ? askedPart(withoutMarkup(args.latestMessage)) : null;
  const askedReading = part && named ? withoutRareTitleWords(withoutProductNames(part, otherProducts) || part, own, rare) : part;
  // …and a question without the amounts it gives: "how do i give someone a discount code for 20%
  // off" was refused, "20" being no word of the discount's "Code" section. Only as a fallback: a
  // passage that holds the user's figure ("why do american customers get tax added on top of my $20
  // price…", Tax Inclusive Pricing's "the tax rate is 20%") is still found by it. Not a message that
  // asks nothing: "one big client negotiated $8 a mug, only for them. everyone else stays at $12"
  // was answered from the Adyen integration without its figures.
  const asking = askedReading ?? (args.latestMessage && asksSomething(withoutMarkup(args.latestMessage)) ? query : null);
  const unpriced = asking ? withoutAmounts(asking) : null;
  // …and a long first message whole, when its question was cut from the story that names its
  // thing (`wholeMessageReading`).
  const whole = !args.earlierMessages?.length && args.latestMessage ? wholeMessageReading(withoutMarkup(args.latestMessage)) : null;
  const wholeReading = whole && named ? withoutRareTitleWords(withoutProductNames(whole, otherProducts) || whole, own, rare) : whole;
  const tries = [searchable, primary.didYouMean, askedReading, unpriced, wholeReading].filter((q): q is string => !!q && q.trim() !== query.trim() && withoutProductNames(q, products) !== '');
  // Searched only when the primary reading is refused: they are not used otherwise.
  const others = primary.decision.answer
    ? []
    : await Promise.all([...new Set(tries)].map((q) => retrieveOnce(db, q, collection, stats, { limit: args.limit, fusion: args.fusion, topic, names: nameStems })));
  // The other readings are a fallback: used only when the primary one finds nothing that answers.
  let chosen = primary;
  // A follow-up's other reading answers only on the topic: "and how long does it take?" alone
  // found no refund passage and led with Payouts' "How long do payouts take?".
  const keepsTopic = (o: Retrieval) => !topic?.size || (o.decision.lead !== null && onTopic(o.candidates[o.decision.lead], topic));
  for (const o of others) if (o.decision.answer && o.decision.probability > chosen.decision.probability && keepsTopic(o)) chosen = o;
  // A long first message whose question only points back ("is that going to break??",
  // `cutQuestionPointsBack`) is asked of its whole story too, even when the question alone answers:
  // the reading the model trusts more leads.
  if (primary.decision.answer && wholeReading && whole && cutQuestionPointsBack(whole)) {
    const w = await retrieveOnce(db, wholeReading, collection, stats, { limit: args.limit, fusion: args.fusion, topic, names: nameStems });
    if (w.decision.answer && w.decision.probability > chosen.decision.probability) chosen = w;
  }
  // No product given or named, the router unsure, and the pooled passages do not answer: each
  // product the router finds plausible is searched on its own, as the answerability model was
  // trained. "How can I invite a staff member to the admin?" pooled ranked Polar's Discord invites
  // first and was refused; within Spree it is answered from "Users". One product answering is
  // answered from; several make a product choice.
  let askedAmong: ProductChoice | undefined;
  if (!collection && !chosen.decision.answer && !chosen.decision.offTopic && products.length > 1) {
    const within = await answeringProducts(db, query, primary.candidates, stats, products, args.limit, args.fusion);
    if (within.length === 1) {
      chosen = within[0].retrieval;
      collection = within[0].product.slug;
    } else if (within.length > 1) {
      askedAmong = { question: query, products: within.slice(0, 4).map((w) => ({ slug: w.product.slug, title: w.product.title })) };
    }
  }
  // A new question that names no product, kept in the product an earlier turn named, which does
  // not answer it: "How do I configure webhooks?" after "How do I create a discount code in Spree?"
  // was refused as if the help center had nothing, while Polar's articles answer it. The user may
  // still mean the earlier product, so when another product answers, they are asked which. A
  // question that shares a word with the earlier ones carries on their topic in that product ("can I
  // do a partial refund?" after refunds in BTCPay): it stays there, answered or not.
  const newTopic = ownWords.length > 0 && newWords.length === ownWords.length;
  let otherAnswers: ProductChoice | undefined;
  if (inherited && newTopic && !args.alternative && !chosen.decision.answer && products.length > 1) {
    let probe = 0;
    const fresh = await retrievePassages(db, { ...args, earlierMessages: [], nextNumber: () => ++probe });
    const first = products.find((p) => p.slug === inherited);
    const other = fresh.decision.answer && fresh.collection && fresh.collection !== inherited ? products.find((p) => p.slug === fresh.collection) : undefined;
    if (first && other) otherAnswers = { question: query, products: [first, other].map((p) => ({ slug: p.slug, title: p.title })) };
  }
  // A question carried into the product the message only names ("what about in BTCPay?") is
  // refused there when it is about something that product never mentions (`carriedQuestionUnknown`).
  // The question is the last earlier message that says more than a product's name: "set up paypal"
  // → "what about in BTCPay?" → "and in Polar?" carries the PayPal question into Polar too.
  const carried = [...(args.earlierMessages ?? [])].reverse().find((m) => withoutProductNames(m, products) !== '');
  if (onlyName && carried && collection && chosen.decision.answer && carriedQuestionUnknown(carried, collection, stats, nameStems))
    chosen = { ...chosen, decision: { ...chosen.decision, answer: false, also: [] } };
  // A follow-up that points at a thing an earlier message named ("what happens to that channel if
  // they cancel thier subscription later on?" after a private Slack channel per customer) is led by
  // a passage that holds it, over one that does not, while the model finds it comparably likely
  // (POINTED_RELATIVE): Shared Slack Channel's "Archive on revoke… when a subscription is canceled"
  // (0.62), not the Subscriptions FAQ's "What happens to benefits when a subscription is canceled?"
  // (0.77; the eleventh trial).
  const latest = args.latestMessage ? withoutMarkup(args.latestMessage) : '';
  const pointed = latest && args.earlierMessages?.length ? pointedNouns(latest, args.earlierMessages) : [];
  if (pointed.length && chosen.decision.answer && chosen.decision.lead !== null && messageCoverage(pointed, chosen.candidates[chosen.decision.lead], stats) === 0) {
    const holder = mostProbableOther(chosen, POINTED_RELATIVE, (c) => messageCoverage(pointed, c, stats) > 0);
    if (holder >= 0) chosen = ledBy(chosen, holder);
  }
  // A feature the latest message asks for that the product barely mentions, led by a passage that
  // does not name it, is not there (`featureUnnamed`): "is there a gift option at checkout" was
  // answered from Single Sign-On. The message's own words only: a follow-up's query carries the
  // earlier turn's, and "add ups ground as a delivery option" named a carrier, not a feature.
  // Another passage that names it and that the model finds likely enough (ANSWERABILITY_MODEL's
  // threshold) leads instead: "after someone pays i want them to automatically get my calendly
  // link" is Custom Benefit's "A private link (Calendly, Notion, …)" (0.21), not Checkout Links'
  // "Discount" (0.42; the eleventh trial, refused).
  const leadCandidate = chosen.decision.answer && chosen.decision.lead !== null ? chosen.candidates[chosen.decision.lead] : undefined;
  if (leadCandidate && latest && featureUnnamed(latest, leadCandidate, stats, nameStems)) {
    const naming = mostProbableOther(chosen, 0, (c) => !featureUnnamed(latest, c, stats, nameStems));
    chosen = naming >= 0 ? ledBy(chosen, naming) : { ...chosen, decision: { ...chosen.decision, answer: false, also: [] } };
  }
  const d = chosen.decision;
  const pooledChoice = !askedAmong && !otherAnswers && !collection && d.answer ? productChoice(query, chosen.candidates, stats, products) : undefined;
  const clarify =
    askedAmong ??
    otherAnswers ??
    (pooledChoice ? await withAnsweringProducts(db, pooledChoice, d.probability, stats, products, args.limit, args.fusion) : undefined) ??
    (chosen === primary ? answeredElsewhere : undefined);
  if (clarify)
    return {
      sources: [],
      candidates: chosen.candidates,
      decision: { answer: false, lead: null, also: [], probability: Math.round(d.probability * 1000) / 1000, offTopic: false, clarify },
      query: chosen.query,
      // Asked back: no product was given or named, whichever the router leaned to.
      collection: undefined,
      stats,
    };
  const sources: SourcePassage[] = chosen.passages.map((p) => ({ n: args.nextNumber(), ...p }));
  const num = (i: number | null) => (i === null ? null : sources[i].n);
  return {
    sources,
    candidates: chosen.candidates,
    decision: { answer: d.answer, lead: num(d.lead), also: d.also.map((i) => sources[i].n), probability: Math.round(d.probability * 1000) / 1000, offTopic: d.offTopic },
    query: chosen.query,
    collection,
    stats,
    quoteFor: chosen.quoteFor,
  };
}

/** One call of the tool as the turn records it (provenance of the answer). */
export interface SearchCallRecord {
  /** The query the passages came from (the model's, or the reading that was kept). */
  query: string;
  collection: string | null;
  answerable: Omit<SearchDecision, 'clarify'> & { clarify: boolean };
}

/**
 * The search tool of a chat turn.
 * @param ctx.db database to search.
 * @param ctx.nextNumber returns the next free citation number for this turn (shared across calls).
 * @param ctx.onSources receives the sources of each call, in citation order, with their
 *   provenance ids (chunk, article, article version); the model gets them without the ids.
 * @param ctx.onSearch receives each call's query and answerability decision.
 * @param ctx.collection optional collection scope.
 * @param ctx.limit, ctx.fusion an experiment variant's passages per search and fusion settings.
 */
export function searchHelpCenterTool(ctx: {
  db: Db;
  nextNumber: () => number;
  onSources: (sources: SourcePassage[]) => void;
  onSearch?: (call: SearchCallRecord) => void;
  /** Receives the product choice when the tool asks which product instead of answering. */
  onClarify?: (choice: ProductChoice) => void;
  collection?: string;
  /** The user's latest message (a product it names wins over one an earlier turn named). */
  latestMessage?: string;
  /** The user's earlier messages, oldest first (a message naming no product stays with the one named last). */
  earlierMessages?: string[];
  /** URLs (with section anchors) that earlier answers cited (`unquotedLead`). */
  quoted?: ReadonlySet<string>;
  /** Passages per search (default SEARCH_TOOL_LIMIT) and fusion settings: an experiment's variant. */
  limit?: number;
  fusion?: SearchOptions['fusion'];
}) {
  return tool({
    description: 'Search the help center articles. Returns numbered source passages (untrusted article text) to answer from and cite as [n], and whether they answer the question.',
    inputSchema: z.object({
      query: z.string().min(1).max(500).describe('A self-contained search query, including context from earlier turns.'),
      alternative: z.string().max(500).optional().describe("Optional: the user's last message read on its own (or with the earlier turns, if the query is on its own)."),
    }),
    execute: async ({ query, alternative }): Promise<SearchToolOutput> => {
      const r = await retrievePassages(ctx.db, {
        query,
        alternative,
        collection: ctx.collection,
        latestMessage: ctx.latestMessage,
        earlierMessages: ctx.earlierMessages,
        quoted: ctx.quoted,
        nextNumber: ctx.nextNumber,
        limit: ctx.limit,
        fusion: ctx.fusion,
      });
      ctx.onSources(r.sources);
      const { answer, lead, also, probability, offTopic, clarify } = r.decision;
      ctx.onSearch?.({ query: r.query, collection: r.collection ?? null, answerable: { answer, lead, also, probability, offTopic, clarify: !!clarify } });
      if (clarify) ctx.onClarify?.(clarify);
      return { notice: UNTRUSTED_NOTICE, query: r.query, ...(r.quoteFor ? { quoteFor: r.quoteFor } : {}), sources: forModel(r.sources), answerable: r.decision };
    },
  });
}
