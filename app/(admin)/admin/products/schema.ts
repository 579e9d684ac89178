import { z } from 'zod';

/** The product edit form: title 1–80, description ≤ 200, colour `#rgb`/`#rrggbb` or blank, a BCP 47 locale (canonicalized), order −999…999. */
export const productFormSchema = z.object({
  slug: z.string().trim().min(1, 'Missing product').max(100),
  title: z.string().trim().min(1, 'Give the product a name.').max(80, 'At most 80 characters.'),
  description: z.string().trim().max(200, 'At most 200 characters.'),
  color: z
    .string()
    .trim()
    .transform((v) => v.toLowerCase())
    .refine((v) => v === '' || /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/.test(v), 'A colour like #0177ff, or leave it blank.'),
  locale: z
    .string()
    .trim()
    .min(1, 'A language tag like en or pt-BR.')
    .max(35, 'A language tag like en or pt-BR.')
    .refine((v) => {
      try {
        return Intl.getCanonicalLocales(v).length === 1;
      } catch {
        return false;
      }
    }, 'A language tag like en or pt-BR.')
    .transform((v) => Intl.getCanonicalLocales(v)[0]),
  position: z
    .string()
    .trim()
    .regex(/^-?\d{1,3}$/, 'A whole number from -999 to 999.')
    .transform(Number),
});

export type ProductFormResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string> };
