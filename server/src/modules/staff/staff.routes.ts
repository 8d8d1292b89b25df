import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { idParams, iso, listOf, name, pageQuery } from '../../http/schemas.ts';
import { parseFieldId, parsePublicId, toPublicId } from '../../shared/ids.ts';
import { roles, scopes } from '../../shared/permissions.ts';
import { hashPassword, passwordRule } from './passwords.ts';
import {
  createStaff,
  getStaff,
  listStaff,
  type StaffRow,
  setPassword,
  setStaffStatus,
  updateStaff,
} from './staff.service.ts';

export const staffOut = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: z.enum(roles),
  scope: z.enum(scopes),
  regionId: z.string().nullable(),
  storeId: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const staffView = (s: StaffRow) => ({
  id: toPublicId('staff', s.id),
  username: s.username,
  name: s.name,
  role: s.role,
  scope: s.scope,
  regionId: toPublicId('region', s.region_id),
  storeId: toPublicId('store', s.store_id),
  status: s.status,
  lastLoginAt: iso(s.last_login_at),
  lockedUntil: iso(s.locked_until && s.locked_until > new Date() ? s.locked_until : null),
  createdAt: iso(s.created_at)!,
  updatedAt: iso(s.updated_at)!,
});

const password = z
  .string()
  .min(passwordRule.min, `at least ${passwordRule.min} characters`)
  .max(passwordRule.max);
const ref = z.string().max(40).nullable().optional();
const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, '2–64 of a-z 0-9 . _ -');
const refs = (b: { regionId?: string | null | undefined; storeId?: string | null | undefined }) => ({
  regionId: b.regionId ? parseFieldId('region', b.regionId, 'regionId') : b.regionId,
  storeId: b.storeId ? parseFieldId('store', b.storeId, 'storeId') : b.storeId,
});

export async function staffRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('staff:read');
  const write = requirePermission('staff:write');
  const tags = ['Staff'];
  const parse = (id: string) => parsePublicId('staff', id, 'Staff member');

  r.get(
    '/staff',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'List staff (within the caller’s data scope)',
        querystring: z.strictObject({
          ...pageQuery,
          q: z.string().max(100).optional(),
          role: z.enum(roles).optional(),
          storeId: z.string().max(40).optional(),
          status: z.enum(['active', 'disabled']).optional(),
        }),
        response: { 200: listOf(staffOut) },
      },
    },
    async (req) => {
      const { storeId, ...rest } = req.query;
      const page = await req.tx((tx, ctx) =>
        listStaff(tx, ctx, {
          ...rest,
          storeId: storeId ? parseFieldId('store', storeId, 'storeId') : undefined,
        }),
      );
      return { items: page.items.map(staffView), total: page.total };
    },
  );

  r.post(
    '/staff',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Create a staff member',
        body: z.strictObject({
          username,
          name,
          role: z.enum(roles),
          scope: z.enum(scopes),
          regionId: ref,
          storeId: ref,
          password,
        }),
        response: { 201: staffOut },
      },
    },
    async (req, reply) => {
      const passwordHash = await hashPassword(req.body.password);
      const row = await req.tx((tx, ctx) =>
        createStaff(tx, ctx, { ...req.body, ...refs(req.body), passwordHash }),
      );
      return reply.code(201).send(staffView(row));
    },
  );

  r.get(
    '/staff/:id',
    {
      preHandler: read,
      schema: { tags, summary: 'Get a staff member', params: idParams, response: { 200: staffOut } },
    },
    async (req) => staffView(await req.tx((tx, ctx) => getStaff(tx, ctx, parse(req.params.id)))),
  );

  r.patch(
    '/staff/:id',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Update a staff member (a change of role or scope ends their sessions)',
        params: idParams,
        body: z.strictObject({
          name: name.optional(),
          role: z.enum(roles).optional(),
          scope: z.enum(scopes).optional(),
          regionId: ref,
          storeId: ref,
        }),
        response: { 200: staffOut },
      },
    },
    async (req) =>
      staffView(
        await req.tx((tx, ctx) =>
          updateStaff(tx, ctx, parse(req.params.id), { ...req.body, ...refs(req.body) }),
        ),
      ),
  );

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    r.post(
      `/staff/:id/${action}`,
      {
        preHandler: write,
        schema: {
          tags,
          summary:
            action === 'disable' ? 'Disable a staff member and end their sessions' : 'Enable a staff member',
          params: idParams,
          response: { 200: staffOut },
        },
      },
      async (req) =>
        staffView(await req.tx((tx, ctx) => setStaffStatus(tx, ctx, parse(req.params.id), status))),
    );
  }

  r.post(
    '/staff/:id/password',
    {
      preHandler: write,
      schema: {
        tags,
        summary: 'Set a staff member’s password (ends their sessions)',
        params: idParams,
        body: z.strictObject({ password }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const id = parse(req.params.id);
      const passwordHash = await hashPassword(req.body.password);
      await req.tx((tx, ctx) => setPassword(tx, ctx, id, passwordHash));
      return reply.code(204).send(null);
    },
  );
}
