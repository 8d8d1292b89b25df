import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { parsePublicId, toPublicId } from '../../shared/ids.ts';
import { issueCoupons } from '../coupons/issue.service.ts';
import { emitMany } from '../events/outbox.ts';
import { localDay } from './local-day.ts';
import { startOfLocalDay } from './points.expiry-policy.ts';
import type { TierRow } from './program.schema.ts';
import type { LoadedProgram } from './program.service.ts';

// Tiers qualify on the rolling 12-month paid amount (net of refunds) or on the growth value of the
// same 12 months, never on the points balance. Upgrades happen at once on the qualifying event;
// downgrades only at the member's periodic evaluation, after the programme's grace.

type Reason = 'qualified' | 'evaluation' | 'merge' | 'unmerge';

const yearMs = 365 * 24 * 3600 * 1000;

/** What each member qualifies with at `now`: cents (paid_12m) or growth value. */
export async function qualifying(
  tx: Tx,
  program: LoadedProgram,
  memberIds: string[],
  now: Date,
): Promise<Map<string, number>> {
  const since = new Date(now.getTime() - yearMs);
  const rows = await tx.many<{ member_id: string; q: string }>(
    program.row.tier_basis === 'paid_12m'
      ? `SELECT member_id, sum(paid_cents - refunded_cents)::text AS q FROM loyalty_settlements
         WHERE program_id = $1 AND member_id = ANY ($2::bigint[]) AND paid_at > $3 AND paid_at <= $4
         GROUP BY member_id`
      : `SELECT member_id, sum(q)::text AS q FROM (
           SELECT member_id, CASE WHEN paid_cents = 0 THEN 0
             ELSE growth * (paid_cents - refunded_cents) / paid_cents END AS q
           FROM loyalty_settlements
           WHERE program_id = $1 AND member_id = ANY ($2::bigint[]) AND paid_at > $3 AND paid_at <= $4
           UNION ALL
           SELECT a.member_id, a.growth FROM loyalty_actions a JOIN loyalty_earn_rules r ON r.id = a.rule_id
           WHERE r.program_id = $1 AND a.member_id = ANY ($2::bigint[]) AND a.occurred_at > $3 AND a.occurred_at <= $4
         ) x GROUP BY member_id`,
    [program.row.id, memberIds, since, now],
  );
  const out = new Map(memberIds.map((m) => [m, 0]));
  for (const r of rows) out.set(r.member_id, Number(r.q));
  return out;
}

/** The highest tier whose threshold the amount reaches, or null below the entry level. */
export function tierFor(tiers: TierRow[], amount: number): TierRow | null {
  let best: TierRow | null = null;
  for (const t of tiers) if (Number(t.threshold) <= amount && (!best || t.rank > best.rank)) best = t;
  return best;
}

/** When a member reaching a tier at `at` is next evaluated: a year on, or the next 1 January. */
export function nextEvaluation(program: LoadedProgram, at: Date): Date {
  if (program.row.evaluation === 'anniversary') return new Date(at.getTime() + yearMs);
  const year = Number(localDay(at, program.timeZone).slice(0, 4));
  return startOfLocalDay({ year: year + 1, month: 1, day: 1 }, program.timeZone);
}

interface Current extends Record<string, unknown> {
  member_id: string;
  tier_id: string | null;
}

/**
 * Moves members to the tier their qualifying amount reaches: with `mode` 'up' only upwards (a
 * purchase, a merge), with 'any' both ways (the periodic evaluation). Writes history, events and
 * the upgrade gifts. Returns the members whose tier changed.
 */
export async function retier(
  tx: Tx,
  ctx: Ctx,
  program: LoadedProgram,
  memberIds: string[],
  now: Date,
  mode: 'up' | 'any',
  reason: Reason,
): Promise<{ memberId: string; from: string | null; to: string | null }[]> {
  if (memberIds.length === 0 || program.tiers.length === 0) return [];
  const amounts = await qualifying(tx, program, memberIds, now);
  const current = await tx.many<Current>(
    'SELECT member_id, tier_id FROM loyalty_member_tiers WHERE program_id = $1 AND member_id = ANY ($2::bigint[]) FOR UPDATE',
    [program.row.id, memberIds],
  );
  const byMember = new Map(current.map((c) => [c.member_id, c]));
  const rankOf = (id: string | null) =>
    id === null ? 0 : (program.tiers.find((t) => t.id === id)?.rank ?? 0);
  const changes: { memberId: string; from: string | null; to: string | null; q: number }[] = [];
  for (const memberId of memberIds) {
    const q = amounts.get(memberId) ?? 0;
    const target = tierFor(program.tiers, q);
    const from = byMember.get(memberId)?.tier_id ?? null;
    const to = target?.id ?? null;
    if (to === from) continue;
    if (mode === 'up' && rankOf(to) <= rankOf(from)) continue;
    changes.push({ memberId, from, to, q });
  }
  const evaluated = mode === 'any' ? memberIds : [];
  if (changes.length === 0 && evaluated.length === 0) return [];
  await tx.exec(
    `INSERT INTO loyalty_member_tiers (tenant_id, program_id, member_id, tier_id, since, evaluate_at)
     SELECT $1, $2, x.m, x.t, $3, $4 FROM json_to_recordset($5::json) AS x(m bigint, t bigint)
     ON CONFLICT (tenant_id, program_id, member_id) DO UPDATE
       SET tier_id = excluded.tier_id,
           since = CASE WHEN loyalty_member_tiers.tier_id IS DISTINCT FROM excluded.tier_id THEN excluded.since
                   ELSE loyalty_member_tiers.since END,
           evaluate_at = excluded.evaluate_at, updated_at = now()`,
    [
      ctx.tenantId,
      program.row.id,
      now,
      nextEvaluation(program, now),
      JSON.stringify([
        ...changes.map((c) => ({ m: c.memberId, t: c.to })),
        ...evaluated
          .filter((m) => !changes.some((c) => c.memberId === m))
          .map((m) => ({ m, t: byMember.get(m)?.tier_id ?? null })),
      ]),
    ],
  );
  if (changes.length === 0) return [];
  await tx.exec(
    `INSERT INTO loyalty_tier_history (tenant_id, program_id, member_id, from_tier_id, to_tier_id, reason, qualifying, at)
     SELECT $1, $2, x.m, x.f, x.t, $3, x.q, $4 FROM json_to_recordset($5::json) AS x(m bigint, f bigint, t bigint, q bigint)`,
    [
      ctx.tenantId,
      program.row.id,
      reason,
      now,
      JSON.stringify(changes.map((c) => ({ m: c.memberId, f: c.from, t: c.to, q: c.q }))),
    ],
  );
  await emitMany(
    tx,
    ctx,
    changes.map((c) => ({
      type: rankOf(c.to) > rankOf(c.from) ? ('tier.upgraded' as const) : ('tier.downgraded' as const),
      aggregateType: 'member',
      aggregateId: toPublicId('member', c.memberId),
      payload: {
        memberId: toPublicId('member', c.memberId),
        programId: toPublicId('loyaltyProgram', program.row.id),
        from: c.from ? tierRef(program, c.from) : null,
        to: c.to ? tierRef(program, c.to) : null,
        qualifying: c.q,
        basis: program.row.tier_basis,
        reason,
      },
    })),
  );
  const ups = changes.filter((c) => rankOf(c.to) > rankOf(c.from) && c.to !== null);
  await grantUpgradeGifts(tx, ctx, program, ups as { memberId: string; to: string }[], now);
  return changes.map(({ memberId, from, to }) => ({ memberId, from, to }));
}

const tierRef = (program: LoadedProgram, id: string) => {
  const t = program.tiers.find((x) => x.id === id)!;
  return { id: toPublicId('tier', t.id), code: t.code, name: t.name, rank: t.rank };
};

/**
 * A tier's upgrade gift, once per member and tier ever (the grant's key says so), however often
 * they fall out of the tier and climb back. Gifts are coupons from the tier's template.
 */
async function grantUpgradeGifts(
  tx: Tx,
  ctx: Ctx,
  program: LoadedProgram,
  ups: { memberId: string; to: string }[],
  now: Date,
): Promise<void> {
  const byTier = new Map<string, string[]>();
  for (const u of ups) {
    const tier = program.tiers.find((t) => t.id === u.to)!;
    if (!tier.benefits.upgradeCouponTemplateId) continue;
    byTier.set(tier.id, [...(byTier.get(tier.id) ?? []), u.memberId]);
  }
  for (const [tierId, members] of byTier) {
    await grantCoupons(tx, ctx, program, tierId, 'upgrade_gift', `tier:${tierId}`, members, now);
  }
}

/** Grants a tier's coupon benefit to members, once per (member, benefit, period). */
export async function grantCoupons(
  tx: Tx,
  ctx: Ctx,
  program: LoadedProgram,
  tierId: string,
  benefit: 'upgrade_gift' | 'birthday_gift',
  period: string,
  memberIds: string[],
  now: Date,
): Promise<string[]> {
  const tier = program.tiers.find((t) => t.id === tierId)!;
  const template =
    benefit === 'upgrade_gift'
      ? tier.benefits.upgradeCouponTemplateId
      : tier.benefits.birthdayCouponTemplateId;
  if (!template || memberIds.length === 0) return [];
  // A gift that cannot be issued (template paused, out of stock) must not hold up settlement: the
  // grant is undone with it, so a later evaluation or birthday run can try again.
  await tx.exec('SAVEPOINT loyalty_grant');
  try {
    const granted = await tx.many<{ member_id: string }>(
      `INSERT INTO loyalty_benefit_grants (tenant_id, program_id, member_id, benefit, period, tier_id, granted_at)
       SELECT $1, $2, m, $3, $4, $5, $6 FROM unnest($7::bigint[]) AS m
       ON CONFLICT DO NOTHING RETURNING member_id`,
      [ctx.tenantId, program.row.id, benefit, period, tierId, now, memberIds],
    );
    const members = granted.map((g) => g.member_id);
    if (members.length > 0) {
      await issueCoupons(tx, ctx, {
        templateId: parsePublicId('couponTemplate', template),
        memberIds: members,
        source: { type: 'tier_benefit', id: `${benefit}:${toPublicId('tier', tierId)}` },
        idempotencyKey: `loyalty:${benefit}:${tierId}:${period}:${members[0]}:${members.length}`,
        now,
      });
    }
    await tx.exec('RELEASE SAVEPOINT loyalty_grant');
    return members;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await tx.exec('ROLLBACK TO SAVEPOINT loyalty_grant');
    return [];
  }
}
