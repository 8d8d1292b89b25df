import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../http/deps.ts';
import { h5AddressRoutes } from './h5-addresses.routes.ts';
import { h5AuthRoutes } from './h5-auth.routes.ts';
import { h5Context } from './h5-context.ts';
import { h5MallRoutes } from './h5-mall.routes.ts';
import { h5MemberRoutes } from './h5-member.routes.ts';

/**
 * The member H5's API under /h5/{tenantCode}. These routes sit outside staff authentication (a
 * staff credential means nothing here, a member session nothing elsewhere): each handler runs
 * through `withMember`, whose first statement checks the member session.
 */
export async function memberH5Routes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const h5 = h5Context(deps, app.log);
  await app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...(route.config as object), public: true } as typeof route.config;
      });
      // Personal data: never kept by a browser or proxy cache.
      scope.addHook('onSend', async (_req, reply) => {
        reply.header('cache-control', 'no-store');
      });
      await scope.register(h5AuthRoutes, h5);
      await scope.register(h5MemberRoutes, h5);
      await scope.register(h5AddressRoutes, h5);
      await scope.register(h5MallRoutes, h5);
    },
    { prefix: '/h5/:tenantCode' },
  );
}
