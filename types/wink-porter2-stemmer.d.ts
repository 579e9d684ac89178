/** Types for wink-porter2-stemmer (ships none): the Snowball English (Porter2) stemmer. */
declare module 'wink-porter2-stemmer' {
  /** @param word a lower-case word. @returns its Porter2 stem. */
  export default function stem(word: string): string;
}
