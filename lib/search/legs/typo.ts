/**
 * The typo leg of the hybrid search: the keyword leg on the query with its out-of-vocabulary words
 * corrected (lib/search/typo.ts finds the corrections).
 */
import 'server-only';
import type { Db } from '@/db/client';
import type { Correction } from '../typo';
import type { ChunkHit } from '../fusion';
import { keywordLeg } from './keyword';

/**
 * Typo leg: the keyword leg run on the query with its out-of-vocabulary words corrected
 * (lib/search/typo.ts); no correction → no hits. `searchArticles` runs the keyword leg itself on
 * the corrected query, so this leg runs there only when the keyword leg does not (evaluation).
 * @returns chunk hits best first; [] without a corrected query.
 * @throws database errors.
 */
export async function typoLeg(db: Db, args: { correctedQuery: string | null; collection?: string; prefix?: boolean; depth?: number }): Promise<ChunkHit[]> {
  if (!args.correctedQuery) return [];
  return (await keywordLeg(db, { query: args.correctedQuery, collection: args.collection, prefix: args.prefix, depth: args.depth })) ?? [];
}

/**
 * Applies corrections to the user's text, keeping everything else as typed.
 * @returns the corrected text, or null when nothing was corrected.
 */
export function applyCorrections(query: string, corrections: Correction[]): string | null {
  if (corrections.length === 0) return null;
  let out = query;
  for (const c of corrections) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${c.from}(?![\\p{L}\\p{N}])`, 'giu'), c.to);
  }
  return out === query ? null : out;
}
