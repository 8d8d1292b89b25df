import type { Database } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { toPublicId } from '../../shared/ids.ts';
import { issueCoupons } from '../coupons/issue.service.ts';
import { createTemplate } from '../coupons/templates.service.ts';
import { programInput, ruleInput } from '../loyalty/program.schema.ts';
import { createRule, saveProgram } from '../loyalty/program.service.ts';
import { settleOrders } from '../loyalty/settle.ts';
import { createItem } from '../mall/items.service.ts';

// The demo's loyalty: a programme for the optical chain (members shared group-wide) and one for
// the tea house (which keeps its own members), coupon templates for tier gifts and new members,
// earn rules including a Double 11 campaign, then every historical order settled into points,
// growth and tiers — through the same settlement the order events drive.

const day = 24 * 3600 * 1000;

export async function seedLoyalty(
  db: Database,
  ctx: Ctx,
  opts: { teaUnitId: string; now: Date; log: (line: string) => void },
): Promise<Record<string, number>> {
  const templates = await db.tenant(ctx.tenantId, async (tx) => {
    const tpl = async (input: Record<string, unknown>) =>
      toPublicId(
        'couponTemplate',
        (await createTemplate(tx, ctx, { status: 'active', ...input } as never)).id,
      );
    return {
      welcome: await tpl({
        name: '新人礼 满200减20',
        kind: 'cash_off',
        amountOffCents: 2_000,
        thresholdCents: 20_000,
        perMemberLimit: 1,
        validity: { kind: 'relative', days: 30 },
        shareable: false,
        claimable: true,
      }),
      birthday: await tpl({
        name: '生日礼 满500减50',
        kind: 'cash_off',
        amountOffCents: 5_000,
        thresholdCents: 50_000,
        validity: { kind: 'relative', days: 30 },
      }),
      upgrade: await tpl({
        name: '升级礼 镜架八五折',
        kind: 'percent_off',
        percentOffBp: 1_500,
        maxDiscountCents: 30_000,
        categoryPrefixes: ['镜架'],
        validity: { kind: 'relative', days: 90 },
        shareable: true,
      }),
      tea: await tpl({
        name: '茶语 饮品第二杯半价',
        kind: 'percent_off',
        percentOffBp: 2_500,
        maxDiscountCents: 1_500,
        categoryPrefixes: ['饮品'],
        stockTotal: 5_000,
        perMemberLimit: 2,
        validity: { kind: 'relative', days: 14 },
        businessUnitId: toPublicId('businessUnit', opts.teaUnitId),
        claimable: true,
      }),
    };
  });

  await db.tenant(ctx.tenantId, async (tx) => {
    await saveProgram(
      tx,
      ctx,
      '0',
      programInput.parse({
        name: '明眸会员计划',
        returnWindowDays: 7,
        expiry: { kind: 'end_of_year', years: 1 },
        dailyCap: 20_000,
        tierBasis: 'paid_12m',
        evaluation: 'anniversary',
        downgradeGraceDays: 30,
        tiers: [
          { code: 'basic', name: '普卡 Basic', threshold: 0 },
          {
            code: 'silver',
            name: '银卡 Silver',
            threshold: 2_000_00,
            benefits: { pointsMultiplier: 1.2, birthdayCouponTemplateId: templates.birthday },
          },
          {
            code: 'gold',
            name: '金卡 Gold',
            threshold: 8_000_00,
            benefits: {
              pointsMultiplier: 1.5,
              discountRate: 0.95,
              freeShipping: true,
              birthdayCouponTemplateId: templates.birthday,
              upgradeCouponTemplateId: templates.upgrade,
            },
          },
          {
            code: 'black',
            name: '黑金 Black',
            threshold: 20_000_00,
            benefits: {
              pointsMultiplier: 2,
              discountRate: 0.9,
              freeShipping: true,
              prioritySupport: true,
              birthdayCouponTemplateId: templates.birthday,
              upgradeCouponTemplateId: templates.upgrade,
            },
          },
        ],
      }),
    );
    await saveProgram(
      tx,
      ctx,
      opts.teaUnitId,
      programInput.parse({
        name: '茶语会员',
        returnWindowDays: 0,
        expiry: { kind: 'months_after', months: 12 },
        tierBasis: 'growth',
        growthPerYuan: 1,
        evaluation: 'calendar_year',
        tiers: [
          { code: 'leaf', name: '茶芽 Leaf', threshold: 0 },
          { code: 'bud', name: '茶叶 Bud', threshold: 300, benefits: { pointsMultiplier: 1.5 } },
          {
            code: 'master',
            name: '茶师 Master',
            threshold: 1_000,
            benefits: { pointsMultiplier: 2, freeShipping: true },
          },
        ],
      }),
    );
    const programs = await tx.many<{ id: string; pool_id: string }>(
      'SELECT id, pool_id FROM loyalty_programs',
    );
    const optical = programs.find((p) => p.pool_id === '0')!.id;
    const tea = programs.find((p) => p.pool_id === opts.teaUnitId)!.id;
    const rule = (programId: string, input: unknown) =>
      createRule(tx, ctx, programId, ruleInput.parse(input));
    await rule(optical, { kind: 'base', name: '基础积分 1分/元', rate: 1 });
    await rule(optical, { kind: 'base', name: '镜片 2分/元', rate: 2, categoryPrefixes: ['镜片'] });
    await rule(optical, { kind: 'base', name: '验光服务不积分', rate: 0, categoryPrefixes: ['服务'] });
    await rule(optical, {
      kind: 'multiplier',
      name: '双11 双倍积分',
      rate: 2,
      startsAt: '2025-11-01T00:00:00+08:00',
      endsAt: '2025-11-12T00:00:00+08:00',
    });
    await rule(optical, {
      kind: 'action',
      name: '完善资料',
      action: 'complete_profile',
      points: 100,
      growth: 0,
    });
    await rule(optical, { kind: 'action', name: '每日签到', action: 'check_in', points: 5, limitPerDay: 1 });
    await rule(optical, {
      kind: 'action',
      name: '评价晒单',
      action: 'review',
      points: 20,
      limitPerDay: 3,
      limitPerMember: 100,
    });
    await rule(tea, { kind: 'base', name: '饮品 1分/元', rate: 1 });
    await rule(tea, { kind: 'action', name: '每日签到', action: 'check_in', points: 2, limitPerDay: 1 });
  });

  // Every historical order, oldest first, in chunks: points, growth, tiers and upgrade gifts.
  const ids = await db.tenant(ctx.tenantId, (tx) =>
    tx.many<{ id: string }>('SELECT id FROM orders WHERE member_id IS NOT NULL ORDER BY paid_at, id'),
  );
  let settled = 0;
  for (let i = 0; i < ids.length; i += 2_000) {
    const chunk = ids.slice(i, i + 2_000).map((r) => r.id);
    settled += (await db.tenant(ctx.tenantId, (tx) => settleOrders(tx, ctx, chunk, opts.now))).length;
    if ((i / 2_000) % 10 === 0) opts.log(`  loyalty: settled ${settled} orders`);
  }

  // New members of the last 30 days get the welcome coupon; the tea house's claim campaign ran too.
  const coupons = await db.tenant(ctx.tenantId, async (tx) => {
    const recent = await tx.many<{ id: string }>(
      "SELECT id FROM members WHERE pool_id = 0 AND joined_at > $1 AND status = 'active' ORDER BY id",
      [new Date(opts.now.getTime() - 30 * day)],
    );
    const welcome = await issueCoupons(tx, ctx, {
      templateId: templates.welcome.slice(4),
      memberIds: recent.map((r) => r.id),
      source: { type: 'campaign', id: 'welcome' },
      idempotencyKey: 'demo:welcome',
      now: opts.now,
    });
    const teaMembers = await tx.many<{ id: string }>(
      "SELECT id FROM members WHERE pool_id = $1 AND status = 'active' ORDER BY id LIMIT 1500",
      [opts.teaUnitId],
    );
    const tea = await issueCoupons(tx, ctx, {
      templateId: templates.tea.slice(4),
      memberIds: teaMembers.map((r) => r.id),
      source: { type: 'campaign', id: 'tea-second-cup' },
      idempotencyKey: 'demo:tea-second-cup',
      now: opts.now,
    });
    return welcome.issued.length + tea.issued.length;
  });
  // The points mall: gifts with postage, a coupon, a partner benefit, one for gold and up.
  const mallItems = await db.tenant(ctx.tenantId, async (tx) => {
    const items = [
      {
        name: '品牌眼镜布礼盒',
        kind: 'physical_gift',
        points: 800,
        postageCents: 1_000,
        stock: 500,
        perMemberLimit: 2,
      },
      { name: '便携眼镜清洁喷雾', kind: 'physical_gift', points: 500, stock: 1_000, perMemberLimit: 5 },
      {
        name: '满500减50 优惠券',
        kind: 'coupon',
        points: 1_500,
        couponTemplateId: templates.birthday,
        perMemberLimit: 3,
      },
      {
        name: '合作咖啡 中杯兑换券',
        kind: 'partner_benefit',
        points: 300,
        redemptionInstructions: '到店出示兑换码，兑换任意中杯咖啡一杯。',
        stock: 2_000,
      },
      {
        name: '金卡专享 钛合金眼镜盒',
        kind: 'physical_gift',
        points: 3_000,
        cashCents: 4_900,
        postageCents: 0,
        stock: 100,
        perMemberLimit: 1,
        minTierRank: 3,
      },
    ];
    for (const [i, item] of items.entries())
      await createItem(tx, ctx, { ...item, status: 'active', sortOrder: i } as never);
    return items.length;
  });
  const tiers = await db.tenant(ctx.tenantId, (tx) =>
    tx.one<{ n: number }>('SELECT count(*)::int AS n FROM loyalty_member_tiers WHERE tier_id IS NOT NULL'),
  );
  return { settledOrders: settled, tieredMembers: tiers.n, couponsIssued: coupons, mallItems };
}
