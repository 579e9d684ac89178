/** Response shape of `GET /api/search` (see app/api/search). */
export interface SearchHit {
  slug: string;
  title: string;
  snippet: string;
  /** Character ranges [start, end) in `snippet` to highlight. */
  highlights: [number, number][];
  score: number;
  category: { slug: string; name: string } | null;
  source: { collection: string; sourceId: string | null; url: string | null };
}

export interface SearchResponse {
  query: string;
  results: SearchHit[];
  didYouMean?: string | null;
  /** True when the query is only very common words (or symbols): nothing to search by yet. */
  keywordEmpty?: boolean;
}
