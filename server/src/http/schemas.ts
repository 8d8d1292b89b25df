import { z } from 'zod';

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int() });

export const idParams = z.strictObject({ id: z.string().min(1).max(40) });

export const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, _ . - only');

export const name = z.string().trim().min(1).max(100);

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
