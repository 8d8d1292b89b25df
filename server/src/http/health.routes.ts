import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from './deps.ts';

export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['Health'],
        summary: 'Liveness: the process is up',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  r.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        tags: ['Health'],
        summary: 'Readiness: the database answers',
        security: [],
        response: {
          200: z.object({ status: z.literal('ready'), database: z.enum(['embedded', 'server']) }),
          503: z.object({ status: z.literal('unavailable'), reason: z.string() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await Promise.race([
          deps.db.ping(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000)),
        ]);
        return { status: 'ready' as const, database: deps.db.mode };
      } catch (error) {
        return reply
          .code(503)
          .send({ status: 'unavailable' as const, reason: `database: ${(error as Error).message}` });
      }
    },
  );
}
