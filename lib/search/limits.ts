/** Longest search text, in characters (code points): `/api/search` refuses more, `/search` searches the first ones. */
export const MAX_QUERY_CHARS = 500;
