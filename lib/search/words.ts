/**
 * The one text analysis of the project's own code: one tokenizer (`words`), one stop-word list
 * (`STOP_WORDS`) and one stemmer (`stem`), shared by search (query analysis, the product router,
 * term statistics, snippets), the assistant (context, composer, answerability, suggestions), the
 * offline embedding models and the answer evaluation. The index side is Postgres's `english`
 * configuration over `indexText` (tokens.ts), which cuts words the same way.
 * Pure functions: no database, no server-only imports.
 */
import porter2 from 'wink-porter2-stemmer';
import { isCjkWord, segmentCjk } from './tokens';

/** Longest word kept, in UTF-16 units (longer runs are cut: a pasted hash is not a word). */
const MAX_WORD_CHARS = 64;

/**
 * Lower-cases and removes accents and compatibility forms (NFKD, combining marks dropped, then
 * recomposed so Hangul and kana stay whole): "Café" → "cafe", "𝐑efund" → "refund".
 * @param text any text. @returns the folded text (its length may differ from `text`'s).
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase();
}

/**
 * The tokenizer: letter/digit runs of `text`, folded (see foldText), CJK runs cut into words
 * (segmentCjk). Modifier-letter apostrophes (ʼ ʻ ʹ ʽ) split words as an apostrophe does;
 * zero-width characters and soft hyphens (pasted text) do not ("re\u200bfund" is "refund").
 * @param text any text.
 * @returns the words in order, each at most 64 UTF-16 units ("Next.js" → next, js; "Café" → cafe).
 */
export function words(text: string): string[] {
  const found = foldText(segmentCjk(text.replace(/[\u02b9\u02bb\u02bc\u02bd]/g, ' ').replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, ''))).match(/[\p{L}\p{M}\p{N}]+/gu);
  return (found ?? []).map((w) => (w.length > MAX_WORD_CHARS ? w.slice(0, MAX_WORD_CHARS) : w));
}

/**
 * Function words and chat filler that carry no topic, chat shorthand included ("pls", "thx", "ur":
 * "refund pls" was refused where "refund" was answered, the answerability model reading "pls" as a
 * word no article has). The tokenizer cuts a contraction at its apostrophe ("didn't" → didn, t),
 * so the negated auxiliaries' first halves are here too: "customer sent the jacket they didn't
 * want" was searched for "didn" with the next question. Contractions typed without the apostrophe
 * ("theyll", "whats", "shouldnt") and "gonna"/"wanna" are no topic either: the answerability model
 * read them as words no passage holds. Nor are chat interjections and abbreviations ("wtf", "lol",
 * "tbh", "ugh"): "my payout didnt arrive wtf" fell from 0.49 to 0.26 answerable on the word "wtf".
 * Misspelt question words ("hw", "wat") are no topic either: "hw do i conect my woocomerce shop"
 * was refused on "hw". Nor is "through", a stop word of Postgres's English configuration, which
 * builds the keyword index: the answerability model read it as a word a passage must hold ("can i
 * even get paid through this"). "even" stays a word: "sold even when its inventory reaches zero".
 */
export const STOP_WORDS = new Set(
  'a an the and or but if then so to of in on at by for with from into about as is are was were be been being do does did done have has had i me my mine we us our you your it its this that these those there here what which who whom whose when where why how can could should would will shall may might must not no yes please pls plz thanks thank thx thanx ty hi hello hey ok okay also just still really any some more most much many one ones get got make made want need like know tell let am im ur dont cant wont isnt arent doesnt didnt don didn doesn isn aren wasn weren haven hasn hadn couldn wouldn shouldn ll ve ive youre youve youll theyll theyre theyve hes shes whats hows wheres theres thats whos weve itll wasnt werent havent hasnt hadnt couldnt wouldnt shouldnt gonna wanna gotta hw wat wut wht waht hwo through thru wtf lol lmao omg ugh argh smh tbh idk btw fyi imo ffs hmm hmmm jeez'.split(
    ' ',
  ),
);

/**
 * Content words of `text`: `words(text)` without stop words and one-character tokens (a CJK
 * character is a word of its own and kept).
 * @returns the content words in order, duplicates kept.
 */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => (w.length > 1 || isCjkWord(w)) && !STOP_WORDS.has(w));
}

/** Stems already computed (a help center's vocabulary is small); cleared when it grows past STEM_CACHE_MAX. */
const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 100_000;

/**
 * The stemmer: Snowball English ("Porter2", Porter 2001, snowballstem.org/algorithms/english), the
 * algorithm of Postgres's `english_stem` dictionary that builds the keyword index, through the
 * `wink-porter2-stemmer` package: "refunds", "refunded", "refunding" → "refund"; "company" →
 * "compani". The two agree on the three corpora's 8,200-word vocabulary but one to three words, by Postgres version (tests/words.test.ts).
 * @param w a folded word (see `words`). @returns its stem (the word itself for non-English words).
 */
export function stem(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    s = porter2(w);
    stemCache.set(w, s);
  }
  return s;
}
