import type { Database } from '../../db/database.ts';
import { type Ctx, systemCtx } from '../../shared/context.ts';
import { allPermissions } from '../../shared/permissions.ts';
import type { Pii } from '../members/members.service.ts';
import { hashPassword } from '../staff/passwords.ts';
import { createStaff } from '../staff/staff.service.ts';
import { businessUnits, createOrg, regions, stores } from '../tenancy/org.service.ts';
import { createTenant } from '../tenancy/tenancy.service.ts';
import { Random } from './random.ts';
import { seedLoyalty } from './seed-loyalty.ts';
import { type DemoStore, personName, seedMembers } from './seed-members.ts';
import { seedOrders } from './seed-orders.ts';

export const demoLogin = { tenant: 'demo', username: 'admin', password: 'siyu-demo-2026' } as const;

const cities = [
  { city: '上海', region: 'east' },
  { city: '杭州', region: 'east' },
  { city: '北京', region: 'north' },
  { city: '广州', region: 'south' },
  { city: '深圳', region: 'south' },
  { city: '成都', region: 'southwest' },
] as const;

const regionNames = {
  east: '华东大区',
  north: '华北大区',
  south: '华南大区',
  southwest: '西南大区',
} as const;
const districts = ['万象城', '来福士', '大悦城', '太古里', '银泰', '万达广场', '龙湖天街', '凯德广场'];

export interface DemoOptions {
  members?: number;
  orders?: number;
  log?: (line: string) => void;
  now?: Date;
}

export interface DemoSummary {
  tenantId: string;
  created: boolean;
  counts: Record<string, number>;
}

/**
 * The demo tenant: two brands (an optical chain and a tea house), four regions, 30 stores in six
 * cities (three of them virtual: a live-stream room, a mini-mall and a marketplace shop), an
 * admin, an operator, a manager per store and 150 guides. Deterministic; a no-op if it exists.
 */
export async function seedDemo(db: Database, pii: Pii, options: DemoOptions = {}): Promise<DemoSummary> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const existing = await db.tenant('0', (tx) =>
    tx.one<{ id: string | null }>('SELECT siyu_tenant_id_by_code($1) AS id', [demoLogin.tenant]),
  );
  if (existing.id) return { tenantId: existing.id, created: false, counts: {} };
  const tenantId = await db.system((tx) =>
    createTenant(tx, { code: demoLogin.tenant, name: '思域示例集团 Siyu Demo Group' }),
  );
  const ctx: Ctx = systemCtx(tenantId, allPermissions, 'seed-demo');
  const rng = new Random(20_261_125);
  const [adminHash, staffHash] = await Promise.all([
    hashPassword(demoLogin.password),
    hashPassword(demoLogin.password),
  ]);
  const counts = await db.tenant(tenantId, async (tx) => {
    const brands = [
      await createOrg(tx, ctx, businessUnits, {
        code: 'optical',
        name: '明眸眼镜 Lumière Optical',
        kind: 'retail',
        member_sharing: 'group',
      }),
      await createOrg(tx, ctx, businessUnits, {
        code: 'tea',
        name: '茶语 Tea House',
        kind: 'dining',
        member_sharing: 'unit',
      }),
    ];
    const regionIds: Record<string, string> = {};
    for (const [code, name] of Object.entries(regionNames)) {
      regionIds[code] = (await createOrg(tx, ctx, regions, { code, name })).id;
    }
    const storeRows: DemoStore[] = [];
    for (let i = 0; i < 30; i++) {
      const place = cities[i % cities.length]!;
      const brand = i < 20 ? brands[0]! : brands[1]!;
      const virtual =
        i === 27 ? 'livestream' : i === 28 ? 'mini_mall' : i === 29 ? 'marketplace_shop' : 'physical';
      const label =
        virtual === 'physical'
          ? `${place.city}${rng.pick(districts)}店`
          : { livestream: '品牌直播间', mini_mall: '微信小程序商城', marketplace_shop: '天猫旗舰店' }[
              virtual
            ];
      const row = await createOrg(tx, ctx, stores, {
        code: `S${String(i + 1).padStart(3, '0')}`,
        name: `${brand.code === 'optical' ? '明眸' : '茶语'}·${label}`,
        kind: virtual,
        business_unit_id: brand.id,
        region_id: regionIds[place.region],
        city: virtual === 'physical' ? place.city : null,
        address:
          virtual === 'physical'
            ? `${place.city}市${rng.pick(districts)} ${rng.int(1, 5)}层 ${rng.int(100, 599)}号`
            : null,
      });
      storeRows.push({
        id: row.id,
        region: place.region,
        brand: brand.code === 'optical' ? 'optical' : 'tea',
        pool: brand.member_sharing === 'unit' ? brand.id : '0',
        kind: virtual,
        city: virtual === 'physical' ? place.city : null,
        guides: [],
      });
    }
    await createStaff(tx, ctx, {
      username: demoLogin.username,
      name: '系统管理员',
      role: 'admin',
      scope: 'all',
      passwordHash: adminHash,
    });
    await createStaff(tx, ctx, {
      username: 'operator',
      name: '会员运营中心',
      role: 'operator',
      scope: 'all',
      passwordHash: staffHash,
    });
    let guides = 0;
    for (const [i, s] of storeRows.entries()) {
      await createStaff(tx, ctx, {
        username: `manager${i + 1}`,
        name: `${personName(rng)}（店长）`,
        role: 'store_manager',
        scope: 'store',
        storeId: s.id,
        regionId: regionIds[s.region],
        passwordHash: staffHash,
      });
      for (let g = 0; g < 5; g++) {
        guides++;
        const guide = await createStaff(tx, ctx, {
          username: `guide${guides}`,
          name: personName(rng),
          role: 'guide',
          scope: 'own',
          storeId: s.id,
          regionId: regionIds[s.region],
          passwordHash: staffHash,
        });
        s.guides.push(guide.id);
      }
    }
    const org = {
      businessUnits: brands.length,
      regions: Object.keys(regionIds).length,
      stores: storeRows.length,
      staff: 2 + storeRows.length + guides,
      guides,
    };
    return { org, stores: storeRows, teaUnitId: brands[1]!.id };
  });
  log(`  organisation: ${JSON.stringify(counts.org)}`);
  const span = { now, months: 18, log };
  const members = await seedMembers(db, ctx, pii, rng, counts.stores, {
    count: options.members ?? 20_000,
    ...span,
  });
  const trade = await seedOrders(db, ctx, pii, rng, counts.stores, members, {
    count: options.orders ?? 100_000,
    ...span,
  });
  const loyalty = await seedLoyalty(db, ctx, { teaUnitId: counts.teaUnitId, now, log });
  log(`  loyalty: ${JSON.stringify(loyalty)}`);
  return {
    tenantId,
    created: true,
    counts: { ...counts.org, members: members.length, ...trade, ...loyalty },
  };
}
