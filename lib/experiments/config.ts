/**
 * The knobs an experiment's variant may change, validated with zod: the retrieval fusion of the
 * assistant's search tool (RRF k and per-leg weights, lib/search/hybrid.ts) and how many passages
 * one search hands the model. Anything else stays as in production. Shared by the admin form
 * (server side) and the chat turn; no server-only imports, so the form's types can use it too.
 */
import { z } from 'zod';

/** Production values of the knobs (lib/search/hybrid.ts RRF_K, LEG_WEIGHTS; search tool limit). */
export const PRODUCTION_CONFIG = {
  rrfK: 5,
  weights: { keyword: 1, typo: 1, semantic: 0.4 },
  searchLimit: 4,
} as const;

const weight = z.number().min(0, 'A weight from 0 to 2.').max(2, 'A weight from 0 to 2.');

/**
 * A variant's overrides, every field optional: `rrfK` integer 1–100, `weights.{keyword,typo,
 * semantic}` 0–2, `searchLimit` integer 2–8 (passages per search). Unknown keys are refused.
 */
export const variantConfigSchema = z
  .object({
    rrfK: z.number().int('A whole number.').min(1, 'From 1 to 100.').max(100, 'From 1 to 100.').optional(),
    weights: z.object({ keyword: weight.optional(), typo: weight.optional(), semantic: weight.optional() }).strict().optional(),
    searchLimit: z.number().int('A whole number.').min(2, 'From 2 to 8.').max(8, 'From 2 to 8.').optional(),
  })
  .strict();

export type VariantConfig = z.infer<typeof variantConfigSchema>;

/** The knobs with every value filled in, as a turn uses them. */
export interface TurnConfig {
  rrfK: number;
  weights: { keyword: number; typo: number; semantic: number };
  searchLimit: number;
}

/**
 * The configuration a turn runs with: production values overridden by the variant's.
 * @param overrides a validated VariantConfig, or null/undefined for production (the control arm).
 * @returns a fresh TurnConfig (never the frozen production object).
 */
export function resolveTurnConfig(overrides?: VariantConfig | null): TurnConfig {
  const p = PRODUCTION_CONFIG;
  return {
    rrfK: overrides?.rrfK ?? p.rrfK,
    weights: {
      keyword: overrides?.weights?.keyword ?? p.weights.keyword,
      typo: overrides?.weights?.typo ?? p.weights.typo,
      semantic: overrides?.weights?.semantic ?? p.weights.semantic,
    },
    searchLimit: overrides?.searchLimit ?? p.searchLimit,
  };
}

/**
 * A stored config read back: validated again (an edited or older row that no longer fits is
 * treated as no override rather than trusted).
 * @returns the overrides, or null when `raw` does not match variantConfigSchema.
 */
export function parseStoredVariantConfig(raw: unknown): VariantConfig | null {
  const r = variantConfigSchema.safeParse(raw);
  return r.success ? r.data : null;
}

/** A short human description of a variant's overrides, e.g. `k 10 · semantic 0.8`; `production` when empty. */
export function describeVariant(overrides: VariantConfig | null): string {
  if (!overrides) return 'production';
  const parts: string[] = [];
  if (overrides.rrfK !== undefined) parts.push(`RRF k ${overrides.rrfK}`);
  for (const leg of ['keyword', 'typo', 'semantic'] as const) {
    const w = overrides.weights?.[leg];
    if (w !== undefined) parts.push(`${leg} weight ${w}`);
  }
  if (overrides.searchLimit !== undefined) parts.push(`${overrides.searchLimit} passages per search`);
  return parts.length ? parts.join(' · ') : 'production';
}
