import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parsePublicId } from '../../shared/ids.ts';
import {
  addressInput,
  addressOut,
  addressView,
  createAddress,
  deleteAddress,
  listAddresses,
  updateAddress,
} from './addresses.service.ts';
import { type H5, memberSecurity, tenantIdParams, tenantParams } from './h5-context.ts';

export async function h5AddressRoutes(app: FastifyInstance, h5: H5): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['Member H5'];
  const security = memberSecurity;
  const parse = (id: string) => parsePublicId('memberAddress', id, 'Address');

  r.get(
    '/addresses',
    {
      schema: {
        tags,
        summary: 'My shipping addresses, the default first',
        security,
        params: tenantParams,
        response: { 200: z.object({ items: z.array(addressOut) }) },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m) => ({ items: (await listAddresses(tx, m.id)).map(addressView) })),
  );

  r.post(
    '/addresses',
    {
      schema: {
        tags,
        summary: 'Add a shipping address (the first one becomes the default)',
        security,
        params: tenantParams,
        body: addressInput,
        response: { 201: addressOut },
      },
    },
    async (req, reply) => {
      const row = await h5.withMember(req, (tx, m, ctx) => createAddress(tx, ctx, h5.pii, m.id, req.body));
      return reply.code(201).send(addressView(row));
    },
  );

  r.put(
    '/addresses/:id',
    {
      schema: {
        tags,
        summary: 'Replace one of my addresses',
        security,
        params: tenantIdParams,
        body: addressInput,
        response: { 200: addressOut },
      },
    },
    async (req) =>
      h5.withMember(req, async (tx, m, ctx) =>
        addressView(await updateAddress(tx, ctx, h5.pii, m.id, parse(req.params.id), req.body)),
      ),
  );

  r.delete(
    '/addresses/:id',
    {
      schema: {
        tags,
        summary: 'Delete one of my addresses',
        security,
        params: tenantIdParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await h5.withMember(req, (tx, m, ctx) => deleteAddress(tx, ctx, m.id, parse(req.params.id)));
      return reply.code(204).send(null);
    },
  );
}
