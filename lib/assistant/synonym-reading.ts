/**
 * Reading a passage with the user's synonyms: where a passage uses the articles' word for a
 * phrase the user said, the phrase counts as said there. Shared by the answerability features,
 * the section chosen to quote and the composer's choice of sentences.
 */
import { synonymsSaid } from '@/lib/search/synonyms';
import { contentWords, stem } from './context';

/**
 * The thesaurus's synonym phrases a query says, each with the content-word stems of the articles'
 * words for it (`synonymsSaid`): a heading holds "takes forever to synchronize" without its "to".
 * @param query the question. @returns `{ said, means }` per phrase, `means` as stems.
 */
export function synonymStemsSaid(query: string): { said: string; means: string[] }[] {
  return synonymsSaid(query).map((s) => ({ said: s.said, means: contentWords(s.means.join(' ')).map(stem) }));
}

/** The last question read (`synonymReading`), with its reader. */
let last: { query: string; read: (text: string) => string } | undefined;

/**
 * The query's synonym phrases read in a passage that uses the articles' word for them: for "give
 * a customer their bitcoin back", a passage on refunds holds what the user said, as a split
 * compound does (`splitCompounds`). Only the thesaurus's synonym entries (`synonymsSaid`,
 * lib/search/synonyms.ts): a related entry ("spreadsheet" → export) read this way made the
 * passage on the related topic look like the answer (README, "Tried and not kept").
 * @param query the question.
 * @returns a function from a passage text to that text with " <phrase>" appended for each synonym
 *   phrase whose article words (stems) all occur in it (the text itself otherwise).
 */
export function synonymReading(query: string): (text: string) => string {
  // One question is read against every section of every retrieved article: its thesaurus
  // matches are found once.
  if (last?.query === query) return last.read;
  const said = synonymStemsSaid(query);
  const read =
    said.length === 0
      ? (text: string) => text
      : (text: string) => {
          const has = new Set(contentWords(text).map(stem));
          const add = said.filter((s) => s.means.every((w) => has.has(w))).map((s) => s.said);
          return add.length ? `${text} ${add.join(' ')}` : text;
        };
  last = { query, read };
  return read;
}
