/**
 * Reading a passage with the user's synonyms: where a passage uses the articles' word for a
 * phrase the user said, the phrase counts as said there. Shared by the answerability features,
 * the section chosen to quote and the composer's choice of sentences.
 */
import { synonymsSaid } from '@/lib/search/synonyms';
import { contentWords, stem } from './context';

/** The last question read (`synonymReading`) per `minMeans`, with its reader. */
const lastBy = new Map<string, { query: string; read: (text: string) => string }>();

/**
 * The query's synonym phrases read in a passage that uses the articles' word for them: for "give
 * a customer their bitcoin back", a passage on refunds holds what the user said, as a split
 * compound does (`splitCompounds`). Only the thesaurus's synonym entries (`synonymsSaid`,
 * lib/search/synonyms.ts): a related entry ("spreadsheet" → export) read this way made the
 * passage on the related topic look like the answer (README, "Tried and not kept").
 * @param query the question. @param minMeans only entries of at least this many distinct article
 *   words (stems) are read (default 1: all). @param exact read a phrase only in a text whose
 *   content words are just its article words (default false: any text that holds them): with two
 *   and exact, "the https cert ran out" is read in the heading "How can I renew my SSL
 *   certificate?", not in "Remove Store Credits" for "put $20 on their account" (store credit),
 *   nor "take a break" in every heading that says "pause".
 * @returns a function from a passage text to that text with " <phrase>" appended for each synonym
 *   phrase whose article words (stems) all occur in it (the text itself otherwise).
 */
export function synonymReading(query: string, minMeans = 1, exact = false): (text: string) => string {
  // One question is read against every section of every retrieved article: its thesaurus
  // matches are found once.
  const key = `${minMeans}:${exact}`;
  const last = lastBy.get(key);
  if (last?.query === query) return last.read;
  const said = synonymsSaid(query)
    .map((s) => ({ said: s.said, means: [...new Set(s.means.map(stem))] }))
    .filter((s) => s.means.length >= minMeans);
  const read =
    said.length === 0
      ? (text: string) => text
      : (text: string) => {
          const has = new Set(contentWords(text).map(stem));
          const add = said.filter((s) => s.means.every((w) => has.has(w)) && (!exact || has.size === s.means.length)).map((s) => s.said);
          return add.length ? `${text} ${add.join(' ')}` : text;
        };
  lastBy.set(key, { query, read });
  return read;
}
