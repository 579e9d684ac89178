/**
 * Contextual (history-aware) retrieval query. A follow-up such as "and can I do a partial one?"
 * carries little on its own; it is rewritten by prefixing the content words of the previous user
 * turn(s), so retrieval sees "refund payment … partial one". Deterministic, so the local model and
 * a hosted one retrieve alike.
 */

const STOP = new Set(
  'a an the and or but if then so to of in on at by for with from into about as is are was were be been being do does did done have has had i me my mine we us our you your it its this that these those there here what which who whom whose when where why how can could should would will shall may might must not no yes please thanks thank hi hello hey ok okay also just still really any some more most much many one ones get got make made want need like know tell let am im dont cant wont isnt arent doesnt didnt'
    .split(' '),
);

const FOLLOW_UP = /^(and|also|but|so|what about|how about|then|ok|okay|what if|is it|are they|can i|does it|do they|same|and if)\b|\b(it|its|that|this|those|them|they|one|ones|there|same)\b/i;

const QUESTION_START = /^\s*(how|what|why|when|where|which|who|can|could|do|does|is|are|should|will)\b/i;

/** Content words of `text` (lower-cased, stop words and 1-letter tokens removed), in order. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOP.has(w));
}

/**
 * Builds the retrieval query for the latest user turn.
 * @param userTurns the user's messages, oldest first (at least one).
 * @returns the last turn alone when it stands on its own (no follow-up cue, and 4+ content words or
 *   a question word first with 2+ content words),
 *   otherwise the content words of up to two earlier turns followed by the last turn; '' for none.
 */
export function contextualQuery(userTurns: string[]): string {
  // Markup a user pasted ("<img src=x onerror=…> how do refunds work?") is not what they ask about.
  const turns = userTurns.map((t) => t.replace(/<[^<>]{0,300}>/g, ' ').trim()).filter(Boolean);
  if (turns.length === 0) return '';
  const last = turns[turns.length - 1];
  if (turns.length === 1) return last;
  const words = contentWords(last);
  // A new question ("How do I refund a payment?") stands alone even when short; a follow-up cue
  // (a leading "and", "what about", a pronoun) never does.
  const standsAlone = !FOLLOW_UP.test(last) && (words.length >= 4 || (words.length >= 2 && QUESTION_START.test(last)));
  if (standsAlone) return last;
  const earlier = turns.slice(-3, -1).flatMap(contentWords);
  const seen = new Set(words);
  const context = earlier.filter((w) => !seen.has(w) && (seen.add(w), true));
  return [...context, last].join(' ').trim();
}

/**
 * A crude stem for matching question words to passage words: drops a plural / -ed / -ing ending,
 * then keeps 5 letters ("failed", "fails", "fail" → "fail"; "refunds" → "refun").
 */
export function stem(w: string): string {
  const base = w.length > 4 ? w.replace(/(?:ing|ed|es|s)$/, '') : w;
  return (base.length >= 3 ? base : w).slice(0, 5);
}
