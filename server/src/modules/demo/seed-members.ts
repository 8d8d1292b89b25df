import type { Database } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { applyProfiles, attachIdentities } from '../members/bulk.ts';
import { normalizeIdentity } from '../members/identity.ts';
import { linkIdentity, type Pii } from '../members/members.service.ts';
import { identityKey, type ResolveItem, resolveMany } from '../members/resolve-many.ts';
import type { Random } from './random.ts';

export interface DemoStore {
  id: string;
  region: string;
  brand: 'optical' | 'tea';
  pool: string;
  kind: string;
  city: string | null;
  guides: string[];
}

export interface DemoMember {
  id: string;
  phone: string;
  store: DemoStore;
  joinedAt: Date;
  /** How often this member buys, relative to others. */
  appetite: number;
}

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉晶玲雪琳婷欣怡佳宇浩然子轩梓涵';
const joinChannels = [
  ['store_pos', 0.5],
  ['wecom', 0.2],
  ['wechat_oa', 0.15],
  ['wechat_mall', 0.1],
  ['livestream', 0.05],
] as const;

function weighted<T>(rng: Random, items: readonly (readonly [T, number])[]): T {
  let x = rng.next();
  for (const [item, w] of items) {
    x -= w;
    if (x <= 0) return item;
  }
  return items[items.length - 1]![0];
}

export function personName(rng: Random): string {
  let name = rng.pick([...surnames]);
  for (let i = 0, n = rng.chance(0.6) ? 2 : 1; i < n; i++) name += rng.pick([...given]);
  return name;
}

/**
 * 20,000 members (by default) across both brands, through the bulk paths an import uses: created by
 * phone, profiles and consents set, WeChat / WeCom / card identities attached, and a few dozen
 * people known twice who are merged through a shared unionid — so the demo shows merges to undo.
 */
export async function seedMembers(
  db: Database,
  ctx: Ctx,
  pii: Pii,
  rng: Random,
  stores: DemoStore[],
  options: { count: number; now: Date; months: number; log: (line: string) => void },
): Promise<DemoMember[]> {
  const physical = stores.filter((s) => s.kind === 'physical');
  const members: DemoMember[] = [];
  const span = options.months * 30 * 86_400_000;
  const chunk = 2_000;
  for (let start = 0; start < options.count; start += chunk) {
    const batch: {
      phone: string;
      store: DemoStore;
      joinedAt: Date;
      channel: string;
      guide: string | null;
      item: ResolveItem;
    }[] = [];
    for (let i = start; i < Math.min(start + chunk, options.count); i++) {
      const store = rng.chance(0.8)
        ? rng.pick(physical.filter((s) => (i % 5 === 0 ? s.brand === 'tea' : s.brand === 'optical')))
        : rng.pick(stores);
      // Skewed towards recent months, as a growing programme is.
      const joinedAt = new Date(options.now.getTime() - Math.floor(span * rng.next() ** 1.6));
      const channel = weighted(rng, joinChannels);
      const guide = store.guides.length > 0 && rng.chance(0.6) ? rng.pick(store.guides) : null;
      const phone = `1${rng.pick(['35', '36', '37', '38', '39', '58', '59', '86', '88', '99'])}${String(10_000_000 + i * 7_919).slice(-8)}`;
      const identity = normalizeIdentity({ kind: 'phone', value: phone }, pii.hmacKey);
      batch.push({
        phone,
        store,
        joinedAt,
        channel,
        guide,
        item: {
          identity,
          pool: store.pool,
          join: { at: joinedAt, channel, storeId: store.id, guideId: guide },
          source: channel,
        },
      });
    }
    await db.tenant(ctx.tenantId, async (tx) => {
      const resolved = await resolveMany(
        tx,
        ctx,
        pii,
        batch.map((b) => b.item),
      );
      const ids = batch.map((b) => resolved.get(identityKey(b.item.pool, b.item.identity))!.memberId);
      await applyProfiles(
        tx,
        ctx,
        batch.map((b, i) => ({
          memberId: ids[i]!,
          name: personName(rng),
          gender: rng.chance(0.62) ? 'female' : rng.chance(0.95) ? 'male' : 'unknown',
          birthday: rng.chance(0.6)
            ? `${rng.int(1965, 2006)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
            : undefined,
          city: b.store.city ?? rng.pick(['上海', '北京', '广州', '深圳', '杭州', '成都']),
          consents: {
            marketing_sms: rng.chance(0.55),
            oa_template: rng.chance(0.4),
            wecom_message: rng.chance(0.3),
            profiling: rng.chance(0.7),
          },
        })),
        'seed-demo',
        options.now,
      );
      const extra = batch.flatMap((b, i) => {
        const memberId = ids[i]!;
        const out: Parameters<typeof attachIdentities>[2] = [];
        const add = (
          kind: 'unionid' | 'oa_openid' | 'wecom_external_userid' | 'store_card',
          value: string,
          namespace?: string,
        ) =>
          out.push({
            memberId,
            pool: b.store.pool,
            identity: normalizeIdentity({ kind, value, ...(namespace ? { namespace } : {}) }, pii.hmacKey),
            source: kind === 'store_card' ? 'store_pos' : 'wechat',
          });
        if (rng.chance(0.4)) {
          add('unionid', `oU${memberId.padStart(10, '0')}demo`);
          if (rng.chance(0.9)) add('oa_openid', `oA${memberId.padStart(10, '0')}demo`, 'wx_demo_oa');
        }
        if (rng.chance(0.2)) add('wecom_external_userid', `wmD${memberId.padStart(12, '0')}`);
        if (rng.chance(0.25)) add('store_card', `VIP${memberId.padStart(8, '0')}`);
        return out;
      });
      await attachIdentities(tx, ctx, extra);
      batch.forEach((b, i) => {
        members.push({
          id: ids[i]!,
          phone: b.phone,
          store: b.store,
          joinedAt: b.joinedAt,
          appetite: rng.next() ** 3 * 8 + 0.2,
        });
      });
    });
    options.log(
      `  members ${Math.min(start + chunk, options.count).toLocaleString('en')} / ${options.count.toLocaleString('en')}`,
    );
  }
  // People known twice: a WeChat follower later registered at a counter with another phone.
  const twins = Math.min(40, Math.floor(members.length / 500));
  for (let i = 0; i < twins; i++) {
    const a = members[i * 7]!;
    const b = members.find((m, j) => j > i * 7 + 3 && m.store.pool === a.store.pool)!;
    await db.tenant(ctx.tenantId, (tx) =>
      linkIdentity(
        tx,
        ctx,
        pii,
        b.id,
        { kind: 'unionid', value: `oUtwin${String(i).padStart(4, '0')}` },
        'wechat',
      ).then(() =>
        linkIdentity(
          tx,
          ctx,
          pii,
          a.id,
          { kind: 'unionid', value: `oUtwin${String(i).padStart(4, '0')}` },
          'wechat',
        ),
      ),
    );
  }
  options.log(`  ${twins} people known twice, merged through a shared unionid`);
  return members;
}
