/**
 * Whether a message may be written in another language than the help center's (English). The
 * offline model searches English articles with the message's own words, so "Comment rembourser
 * une commande ?" finds nothing; the refusal then says the articles are in English.
 */
import 'server-only';
import { franc } from 'franc-min';
import { englishRank } from '@/lib/ai/glove';
import { STOP_WORDS, words } from '@/lib/search/words';

/** Languages franc may name besides English (the most used ones written in Latin script). */
const CANDIDATES = ['eng', 'fra', 'spa', 'deu', 'por', 'ita', 'nld', 'pol', 'swe', 'tur', 'ron', 'ces', 'dan', 'fin', 'hun', 'ind', 'vie'];

/** A word is common English when it is among this many most frequent words of the GloVe vocabulary (lib/ai/glove.ts). */
const COMMON_ENGLISH_RANK = 10_000;

/** Below this share of common English words (0–1) a message may be in another language. */
const COMMON_ENGLISH_SHARE = 0.6;

/**
 * Whether a message may be in another language than English. franc (trigram language
 * identification, https://github.com/wooorm/franc) alone calls a quarter of short English support
 * questions something else ("how do i refund an order" → Dutch), so three guards come first: at
 * least 3 words, no English function word of two letters or more (STOP_WORDS), and under
 * COMMON_ENGLISH_SHARE of the words among the COMMON_ENGLISH_RANK most frequent English words.
 * Measured (a scratch run over each text): 12 of 13,657 English messages flagged (the dev,
 * held-out and answerability-training questions and BANKING77's train and test utterances: "I
 * prefer Mastercard.", "I see a duplicate payment."), and 15 of 16 French, Spanish, German,
 * Portuguese, Dutch and Italian support questions written for it ("Comment rembourser une
 * commande ?"; missed: "Mi pago no ha llegado", whose "no" reads as English).
 * So the refusal only adds a hint that is harmless when wrong; nothing else depends on it.
 * @param text the user's message.
 * @returns true when the message may be in another language.
 */
export function mayBeNonEnglish(text: string): boolean {
  const w = words(text);
  if (w.length < 3 || w.some((x) => x.length > 1 && STOP_WORDS.has(x))) return false;
  const common = w.filter((x) => englishRank(x) < COMMON_ENGLISH_RANK).length / w.length;
  if (common >= COMMON_ENGLISH_SHARE) return false;
  const lang = franc(text, { minLength: 10, only: CANDIDATES });
  return lang !== 'eng' && lang !== 'und';
}
