/**
 * Content words and their stems, shared by search (the product router, term statistics) and the
 * assistant (context, composer, answerability).
 */

/** Function words and chat filler that carry no topic. */
export const STOP_WORDS = new Set(
  'a an the and or but if then so to of in on at by for with from into about as is are was were be been being do does did done have has had i me my mine we us our you your it its this that these those there here what which who whom whose when where why how can could should would will shall may might must not no yes please thanks thank hi hello hey ok okay also just still really any some more most much many one ones get got make made want need like know tell let am im dont cant wont isnt arent doesnt didnt'.split(
    ' ',
  ),
);

/** Content words of `text` (lower-cased, stop words and 1-letter tokens removed), in order. */
export function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOP_WORDS.has(w));
}

/**
 * A crude stem for matching question words to passage words: drops a plural / -ed / -ing ending,
 * then keeps 5 letters ("failed", "fails", "fail" → "fail"; "refunds" → "refun").
 */
export function stem(w: string): string {
  const base = w.length > 4 ? w.replace(/(?:ing|ed|es|s)$/, '') : w;
  return (base.length >= 3 ? base : w).slice(0, 5);
}
