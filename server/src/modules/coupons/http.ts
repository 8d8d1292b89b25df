import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../../shared/context.ts';
import { invalid } from '../../shared/errors.ts';
import type { Source } from './coupons.schema.ts';
import { checkKey } from './idempotency.ts';

/** Documents the Idempotency-Key header; other headers pass through untouched. */
export const keyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .max(200)
    .optional()
    .describe('retries with the same key return the first answer; another payload with it is a 409'),
});

export function keyOf(req: FastifyRequest, required = false): string | undefined {
  const value = req.headers['idempotency-key'];
  const key = checkKey(typeof value === 'string' ? value : undefined);
  if (required && !key) throw invalid('Idempotency-Key', 'required header: a unique key per issue request');
  return key;
}

/** Who issued, when the caller does not say: the guide, the API key, or the staff member by hand. */
export function defaultSource(ctx: Ctx): Source {
  const { type, id, role } = ctx.actor;
  if (type === 'api_key') return { type: 'api', id: id ? `key_${id}` : null };
  if (role === 'guide') return { type: 'guide', id: id ? `stf_${id}` : null };
  return { type: 'manual', id: id ? `stf_${id}` : null };
}
