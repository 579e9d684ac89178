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

/** Content words of `text` (lower-cased, stop words and 1-letter tokens removed), in order. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOP.has(w));
}

/**
 * Builds the retrieval query for the latest user turn.
 * @param userTurns the user's messages, oldest first (at least one).
 * @returns the last turn alone when it stands on its own (4+ content words and no follow-up cue),
 *   otherwise the content words of up to two earlier turns followed by the last turn; '' for none.
 */
export function contextualQuery(userTurns: string[]): string {
  const turns = userTurns.map((t) => t.trim()).filter(Boolean);
  if (turns.length === 0) return '';
  const last = turns[turns.length - 1];
  if (turns.length === 1) return last;
  const words = contentWords(last);
  const standsAlone = words.length >= 4 && !FOLLOW_UP.test(last);
  if (standsAlone) return last;
  const earlier = turns.slice(-3, -1).flatMap(contentWords);
  const seen = new Set(words);
  const context = earlier.filter((w) => !seen.has(w) && (seen.add(w), true));
  return [...context, last].join(' ').trim();
}
