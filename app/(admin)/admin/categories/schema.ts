/** The category forms' fields (admin /admin/categories). */
import { z } from 'zod';

const name = z
  .string('Name is required.')
  .trim()
  .min(1, 'Name is required.')
  .max(120, 'Name is at most 120 characters.')
  // Zero-width and other format characters only: nothing a reader could see.
  .refine((s) => s.replace(/[\p{Cf}\s]/gu, '').length > 0, 'Name needs visible letters or digits.');

export const createCategorySchema = z.object({
  name,
  collection: z.string('Pick a product.').trim().min(1, 'Pick a product.').max(100),
});

export const renameCategorySchema = z.object({
  id: z.coerce.number().int().positive(),
  name,
});

export const moveCategorySchema = z.object({
  id: z.coerce.number().int().positive(),
  direction: z.enum(['up', 'down']),
});
