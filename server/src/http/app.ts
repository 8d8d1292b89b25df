import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { auditRoutes } from '../modules/audit/audit.routes.ts';
import { couponRoutes } from '../modules/coupons/coupons.routes.ts';
import { couponTemplateRoutes } from '../modules/coupons/templates.routes.ts';
import { webhookRoutes } from '../modules/events/webhooks.routes.ts';
import { pointsRoutes } from '../modules/loyalty/points.routes.ts';
import { programRoutes } from '../modules/loyalty/programs.routes.ts';
import { mallExchangeRoutes } from '../modules/mall/exchanges.routes.ts';
import { mallItemRoutes } from '../modules/mall/items.routes.ts';
import { memberCardRoutes } from '../modules/member-h5/card.routes.ts';
import { memberH5Routes } from '../modules/member-h5/member-h5.routes.ts';
import { memberSettingsRoutes } from '../modules/members/member-settings.routes.ts';
import { memberRoutes } from '../modules/members/members.routes.ts';
import { importRoutes } from '../modules/orders/imports.routes.ts';
import { ordersRoutes } from '../modules/orders/orders.routes.ts';
import { productRoutes } from '../modules/orders/products.routes.ts';
import { apiKeyRoutes } from '../modules/staff/api-keys.routes.ts';
import { authRoutes } from '../modules/staff/auth.routes.ts';
import { staffRoutes } from '../modules/staff/staff.routes.ts';
import { tenancyRoutes } from '../modules/tenancy/tenancy.routes.ts';
import { AppError } from '../shared/errors.ts';
import { registerAuth } from './auth.ts';
import type { AppDeps } from './deps.ts';
import { healthRoutes } from './health.routes.ts';
import { loggerOptions } from './logging.ts';
import { errorHandler, notFoundHandler } from './problem.ts';

export const consoleDist = fileURLToPath(new URL('../../../console/dist', import.meta.url));
/** The member H5 is a second page of the same build; its client-side routes live under /h5/. */
const h5Page = 'h5.html';

export interface BuildOptions {
  logger?: boolean;
  /** Where logs go (default stdout); tests capture them to prove what never appears. */
  logStream?: { write(line: string): void };
  serveConsole?: boolean;
}

/** The HTTP application: every route validated by zod, documented in /openapi.json, errors as problem+json. */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            ...loggerOptions(deps.config.logLevel),
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1_048_576,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  const withConsole = options.serveConsole !== false && existsSync(join(consoleDist, 'index.html'));
  const withH5 = withConsole && existsSync(join(consoleDist, h5Page));
  // Client-side routes of the console fall back to index.html; API paths stay problem+json 404s.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (
      withConsole &&
      request.method === 'GET' &&
      !/^\/(api|docs|openapi\.json)/.test(path) &&
      !path.includes('.')
    ) {
      return reply.sendFile(withH5 && /^\/h5(\/|$)/.test(path) ? h5Page : 'index.html');
    }
    return notFoundHandler(request, reply);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    // The plugin throws what this returns: an AppError, so the error handler answers 429 problem+json.
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Siyu API',
        version: '0.1.0',
        description:
          'Siyu (私域) SCRM. Authenticate with the session cookie from POST /api/v1/auth/login, or with `Authorization: Bearer <API key>`. Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'siyu_session' },
          apiKey: { type: 'http', scheme: 'bearer' },
          memberSession: { type: 'apiKey', in: 'cookie', name: 'siyu_member' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true }, config: { public: true } }, async () => app.swagger());

  registerAuth(app, deps);
  await app.register(healthRoutes, deps);
  await app.register(
    async (api) => {
      await api.register(authRoutes, deps);
      await api.register(tenancyRoutes);
      await api.register(staffRoutes);
      await api.register(apiKeyRoutes);
      await api.register(webhookRoutes, deps);
      await api.register(auditRoutes);
      await api.register(memberRoutes, deps);
      await api.register(memberSettingsRoutes);
      await api.register(productRoutes);
      await api.register(ordersRoutes, deps);
      await api.register(importRoutes, deps);
      await api.register(pointsRoutes);
      await api.register(programRoutes);
      await api.register(couponTemplateRoutes, deps);
      await api.register(couponRoutes);
      await api.register(mallItemRoutes);
      await api.register(mallExchangeRoutes, deps);
      await api.register(memberCardRoutes, deps);
      await api.register(memberH5Routes, deps);
    },
    { prefix: '/api/v1' },
  );

  if (withConsole) {
    await app.register(fastifyStatic, {
      root: consoleDist,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }
  return app;
}
