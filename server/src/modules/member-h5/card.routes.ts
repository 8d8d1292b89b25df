import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import type { AppDeps } from '../../http/deps.ts';
import { toPublicId } from '../../shared/ids.ts';
import { currentTierName } from '../loyalty/member-tier.ts';
import { pointsSummary } from '../loyalty/points.query.ts';
import { getVisibleMember } from '../members/members.query.ts';
import { currentMemberId } from '../members/merge.service.ts';
import { verifyCardToken } from './card-token.ts';

/** The staff side of the member card: POS and guides turn a scanned QR payload into the member. */
export async function memberCardRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/member-card/verify',
    {
      preHandler: requirePermission('members:read'),
      schema: {
        tags: ['Members'],
        summary:
          'Identify a member from their H5 card’s QR payload (valid 60 s). Refuses expired, forged and other tenants’ codes',
        body: z.strictObject({ token: z.string().min(1).max(200).describe('the scanned QR text') }),
        response: {
          200: z.object({
            member: z.object({
              id: z.string(),
              name: z.string().nullable(),
              phone: z.string().nullable().describe('masked'),
              gender: z.enum(['male', 'female', 'unknown']).nullable(),
              birthday: z.string().nullable(),
              joinedAt: z.string(),
              homeStoreId: z.string().nullable(),
            }),
            tier: z.object({ code: z.string(), name: z.string() }).nullable(),
            points: z.object({ available: z.number().int(), pending: z.number().int() }),
          }),
        },
      },
    },
    async (req) =>
      req.tx(async (tx, ctx) => {
        const named = verifyCardToken(deps.config.hmacKey, ctx.tenantId, req.body.token);
        // Within the code's minute the member may have been merged: the survivor is who stands there.
        const m = await getVisibleMember(tx, ctx, await currentMemberId(tx, named));
        const points = await pointsSummary(tx, m.id, String(m.pool_id));
        return {
          member: {
            id: toPublicId('member', m.id),
            name: m.name,
            phone: m.phone_masked,
            gender: m.gender,
            birthday: m.birthday,
            joinedAt: m.joined_at.toISOString(),
            homeStoreId: toPublicId('store', m.home_store_id),
          },
          tier: await currentTierName(tx, m.id, String(m.pool_id)),
          points: { available: points.available, pending: points.pending },
        };
      }),
  );
}
