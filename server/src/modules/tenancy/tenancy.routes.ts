import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../http/auth.ts';
import { code, idParams, iso, listOf, name, pageQuery } from '../../http/schemas.ts';
import { type IdKind, parseFieldId, parsePublicId, toPublicId } from '../../shared/ids.ts';
import {
  businessUnits,
  createOrg,
  deleteOrg,
  getOrg,
  listOrg,
  type OrgEntity,
  regions,
  stores,
  updateOrg,
} from './org.service.ts';
import { getTenant, type TenantRow, updateTenant } from './tenancy.service.ts';

const tenantOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  locale: z.string(),
  timezone: z.string(),
  currency: z.string(),
  createdAt: z.string(),
});

export const tenantView = (t: TenantRow) => ({
  id: toPublicId('tenant', t.tenant_id),
  code: t.code,
  name: t.name,
  locale: t.locale,
  timezone: t.timezone,
  currency: t.currency,
  createdAt: iso(t.created_at)!,
});

const locale = z.enum(['zh-CN', 'en']);
const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

const bu = {
  kind: z.enum(['retail', 'dining', 'hotel', 'other']),
  memberSharing: z.enum(['group', 'unit']).describe('group: members shared group-wide; unit: kept per unit'),
};
const store = {
  kind: z.enum(['physical', 'livestream', 'mini_mall', 'marketplace_shop']),
  status: z.enum(['active', 'closed']),
  city: z.string().trim().max(60).nullable(),
  address: z.string().trim().max(200).nullable(),
  ref: z.string().max(40).nullable(),
};

const common = {
  id: z.string(),
  code: z.string(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
};
const buOut = z.object({ ...common, kind: bu.kind, memberSharing: bu.memberSharing });
const regionOut = z.object(common);
const storeOut = z.object({
  ...common,
  kind: store.kind,
  status: store.status,
  businessUnitId: z.string().nullable(),
  regionId: z.string().nullable(),
  city: z.string().nullable(),
  address: z.string().nullable(),
});

type R = Record<string, unknown>;
const base = (e: OrgEntity, r: R) => ({
  id: toPublicId(e.kind, r.id as string),
  code: r.code as string,
  name: r.name as string,
  createdAt: iso(r.created_at as Date)!,
  updatedAt: iso(r.updated_at as Date)!,
});
const views = {
  business_units: (r: R) => ({ ...base(businessUnits, r), kind: r.kind, memberSharing: r.member_sharing }),
  regions: (r: R) => base(regions, r),
  stores: (r: R) => ({
    ...base(stores, r),
    kind: r.kind,
    status: r.status,
    businessUnitId: toPublicId('businessUnit', r.business_unit_id as string | null),
    regionId: toPublicId('region', r.region_id as string | null),
    city: r.city,
    address: r.address,
  }),
};

// Body fields in camelCase → columns, with referenced ids parsed from their public form.
function toColumns(body: R): R {
  const refs: Record<string, [IdKind, string]> = {
    businessUnitId: ['businessUnit', 'business_unit_id'],
    regionId: ['region', 'region_id'],
  };
  const out: R = {};
  for (const [key, value] of Object.entries(body)) {
    const ref = refs[key];
    if (ref) out[ref[1]] = value === null ? null : parseFieldId(ref[0], value as string, key);
    else out[key === 'memberSharing' ? 'member_sharing' : key] = value;
  }
  return out;
}

interface OrgRoute {
  entity: OrgEntity;
  path: string;
  tag: string;
  out: z.ZodType;
  create: z.ZodObject;
  /** Applied on create only; a patch leaves absent fields alone. */
  defaults: R;
  filters: z.ZodRawShape;
  filterColumns: Record<string, [string, IdKind | null]>;
}

const orgRoutes: OrgRoute[] = [
  {
    entity: businessUnits,
    path: '/business-units',
    tag: 'Business units',
    out: buOut,
    create: z.strictObject({
      code,
      name,
      kind: bu.kind.optional(),
      memberSharing: bu.memberSharing.optional(),
    }),
    defaults: { kind: 'retail', memberSharing: 'group' },
    filters: { kind: bu.kind.optional() },
    filterColumns: { kind: ['kind', null] },
  },
  {
    entity: regions,
    path: '/regions',
    tag: 'Regions',
    out: regionOut,
    create: z.strictObject({ code, name }),
    defaults: {},
    filters: {},
    filterColumns: {},
  },
  {
    entity: stores,
    path: '/stores',
    tag: 'Stores',
    out: storeOut,
    create: z.strictObject({
      code,
      name,
      kind: store.kind.optional(),
      status: store.status.optional(),
      businessUnitId: store.ref.optional(),
      regionId: store.ref.optional(),
      city: store.city.optional(),
      address: store.address.optional(),
    }),
    defaults: { kind: 'physical', status: 'active' },
    filters: {
      regionId: z.string().max(40).optional(),
      businessUnitId: z.string().max(40).optional(),
      kind: store.kind.optional(),
      status: store.status.optional(),
    },
    filterColumns: {
      regionId: ['region_id', 'region'],
      businessUnitId: ['business_unit_id', 'businessUnit'],
      kind: ['kind', null],
      status: ['status', null],
    },
  },
];

export async function tenancyRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const read = requirePermission('tenant:read');
  const write = requirePermission('tenant:write');

  r.get(
    '/tenant',
    {
      preHandler: read,
      schema: { tags: ['Tenant'], summary: 'The signed-in tenant', response: { 200: tenantOut } },
    },
    async (req) => tenantView(await req.tx((tx, ctx) => getTenant(tx, ctx))),
  );

  r.patch(
    '/tenant',
    {
      preHandler: write,
      schema: {
        tags: ['Tenant'],
        summary: 'Update tenant settings',
        body: z.strictObject({
          name: name.optional(),
          locale: locale.optional(),
          timezone: timezone.optional(),
          currency: z.enum(['CNY', 'HKD', 'USD']).optional(),
        }),
        response: { 200: tenantOut },
      },
    },
    async (req) => tenantView(await req.tx((tx, ctx) => updateTenant(tx, ctx, req.body))),
  );

  for (const o of orgRoutes) {
    const e = o.entity;
    const view = views[e.table] as (row: R) => R;
    const orgRead = requirePermission('org:read');
    const orgWrite = requirePermission('org:write');
    const parse = (id: string) => parsePublicId(e.kind, id, e.label);

    r.get(
      o.path,
      {
        preHandler: orgRead,
        schema: {
          tags: [o.tag],
          summary: `List ${o.tag.toLowerCase()}`,
          querystring: z.strictObject({ ...pageQuery, q: z.string().max(100).optional(), ...o.filters }),
          response: { 200: listOf(o.out) },
        },
      },
      async (req) => {
        const q = req.query as R & { limit: number; offset: number; q?: string };
        const eq: Record<string, string | undefined> = {};
        for (const [key, [column, kind]] of Object.entries(o.filterColumns)) {
          const value = q[key] as string | undefined;
          if (value !== undefined) eq[column] = kind ? parseFieldId(kind, value, key) : value;
        }
        const page = await req.tx((tx, ctx) =>
          listOrg(tx, ctx, e, { q: q.q, eq, limit: q.limit, offset: q.offset }),
        );
        return { items: page.items.map(view), total: page.total };
      },
    );

    r.post(
      o.path,
      {
        preHandler: orgWrite,
        schema: {
          tags: [o.tag],
          summary: `Create a ${e.label.toLowerCase()}`,
          body: o.create,
          response: { 201: o.out },
        },
      },
      async (req, reply) => {
        const row = await req.tx((tx, ctx) =>
          createOrg(tx, ctx, e, toColumns({ ...o.defaults, ...(req.body as R) })),
        );
        return reply.code(201).send(view(row));
      },
    );

    r.get(
      `${o.path}/:id`,
      {
        preHandler: orgRead,
        schema: {
          tags: [o.tag],
          summary: `Get a ${e.label.toLowerCase()}`,
          params: idParams,
          response: { 200: o.out },
        },
      },
      async (req) => view(await req.tx((tx, ctx) => getOrg(tx, ctx, e, parse(req.params.id)))),
    );

    r.patch(
      `${o.path}/:id`,
      {
        preHandler: orgWrite,
        schema: {
          tags: [o.tag],
          summary: `Update a ${e.label.toLowerCase()}`,
          params: idParams,
          body: o.create.partial(),
          response: { 200: o.out },
        },
      },
      async (req) => {
        const patch = toColumns(req.body as R);
        const closing = e.table === 'stores' && patch.status === 'closed';
        const row = await req.tx((tx, ctx) =>
          updateOrg(tx, ctx, e, parse(req.params.id), patch, closing ? 'store.closed' : undefined),
        );
        return view(row);
      },
    );

    r.delete(
      `${o.path}/:id`,
      {
        preHandler: orgWrite,
        schema: {
          tags: [o.tag],
          summary:
            e.table === 'stores'
              ? 'Close a store (stores are never deleted: their history stays)'
              : `Delete a ${e.label.toLowerCase()}`,
          params: idParams,
          response: e.table === 'stores' ? { 200: o.out } : { 204: z.null() },
        },
      },
      async (req, reply) => {
        const id = parse(req.params.id);
        if (e.table === 'stores') {
          return view(
            await req.tx((tx, ctx) => updateOrg(tx, ctx, e, id, { status: 'closed' }, 'store.closed')),
          );
        }
        await req.tx((tx, ctx) => deleteOrg(tx, ctx, e, id));
        return reply.code(204).send(null);
      },
    );
  }
}
