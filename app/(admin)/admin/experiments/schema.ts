import { z } from 'zod';
import { variantConfigSchema, type VariantConfig } from '@/lib/experiments/config';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const numberField = (schema: z.ZodNumber) => z.preprocess(blankToUndefined, z.coerce.number({ error: 'A number.' }).pipe(schema).optional());

/**
 * The new-experiment form: name 1–80, description ≤ 300, traffic share 1–99 (% of visitors in
 * the variant arm, whole number), and the variant's knobs (blank = production value): RRF k
 * integer 1–100, keyword/typo/semantic weights 0–2, passages per search integer 2–8. At least
 * one knob must be set.
 */
export const experimentFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the experiment a name.').max(80, 'At most 80 characters.'),
    description: z.string().trim().max(300, 'At most 300 characters.').default(''),
    share: z.preprocess(
      blankToUndefined,
      z.coerce.number({ error: 'A whole number from 1 to 99.' }).int('A whole number from 1 to 99.').min(1, 'A whole number from 1 to 99.').max(99, 'A whole number from 1 to 99.'),
    ),
    rrfK: numberField(z.number().int('A whole number from 1 to 100.').min(1, 'A whole number from 1 to 100.').max(100, 'A whole number from 1 to 100.')),
    keyword: numberField(z.number().min(0, 'From 0 to 2.').max(2, 'From 0 to 2.')),
    typo: numberField(z.number().min(0, 'From 0 to 2.').max(2, 'From 0 to 2.')),
    semantic: numberField(z.number().min(0, 'From 0 to 2.').max(2, 'From 0 to 2.')),
    searchLimit: numberField(z.number().int('A whole number from 2 to 8.').min(2, 'A whole number from 2 to 8.').max(8, 'A whole number from 2 to 8.')),
  })
  .transform((f, ctx) => {
    const weights = Object.fromEntries(Object.entries({ keyword: f.keyword, typo: f.typo, semantic: f.semantic }).filter(([, v]) => v !== undefined));
    const raw: VariantConfig = {
      ...(f.rrfK !== undefined ? { rrfK: f.rrfK } : {}),
      ...(Object.keys(weights).length ? { weights } : {}),
      ...(f.searchLimit !== undefined ? { searchLimit: f.searchLimit } : {}),
    };
    if (Object.keys(raw).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['rrfK'], message: 'Change at least one setting for the variant.' });
      return z.NEVER;
    }
    return { name: f.name, description: f.description, trafficShare: f.share / 100, config: variantConfigSchema.parse(raw) };
  });

/** id of the experiment a start/stop button acts on: a positive whole number. */
export const experimentIdSchema = z.coerce.number().int().positive();

/**
 * What the form gets back. A refused form carries the submitted text (`values`), so the fields
 * keep what the admin typed after React resets the form.
 */
export type ExperimentFormResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };
