import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { toPublicId } from '../../shared/ids.ts';
import type { BatchConsumer } from '../events/consumers.ts';
import { actionRule } from './earn.rules.ts';
import { localDay } from './local-day.ts';
import { earnPoints } from './points.earn.ts';
import { expiresAt } from './points.expiry-policy.ts';
import type { ActionKind, RuleRow } from './program.schema.ts';
import { type LoadedProgram, loadPrograms } from './program.service.ts';
import { retier } from './tiers.ts';

export interface ActionRequest {
  memberId: string;
  action: ActionKind;
  /** What makes the action unique: a review id, a product code, a referred member. Defaulted where natural. */
  key?: string | undefined;
  at?: Date | undefined;
}

export type ActionOutcome =
  | { status: 'earned'; actionId: string; points: number; growth: number; replayed: boolean }
  | { status: 'limit_reached'; limit: 'perDay' | 'perMember' | 'total'; points: 0; growth: 0 }
  | { status: 'no_rule'; points: 0; growth: 0 };

/** The natural key of actions that happen once (join), once a day (check-in) or once a year (birthday). */
function keyOf(req: ActionRequest, at: Date, timeZone: string): string {
  if (req.key) return req.key;
  switch (req.action) {
    case 'join':
    case 'complete_profile':
      return 'once';
    case 'check_in':
      return localDay(at, timeZone);
    case 'birthday':
      return localDay(at, timeZone).slice(0, 4);
    default:
      throw invalid(
        'key',
        `required for ${req.action}: what makes this action unique (a review id, a product code…)`,
      );
  }
}

/** Takes one unit of a limit counter, or reports that the limit is reached (a conditional upsert: no race). */
async function take(tx: Tx, ctx: Ctx, ruleId: string, memberId: string, period: string, limit: number) {
  const row = await tx.maybeOne(
    `INSERT INTO loyalty_action_counts (tenant_id, rule_id, member_id, period, count) VALUES ($1, $2, $3, $4, 1)
     ON CONFLICT (tenant_id, rule_id, member_id, period) DO UPDATE SET count = loyalty_action_counts.count + 1
       WHERE loyalty_action_counts.count < $5
     RETURNING count`,
    [ctx.tenantId, ruleId, memberId, period, limit],
  );
  return row !== undefined;
}

/**
 * Awards an action's points and growth by the programme's action rule: once per (rule, member,
 * key) — the same action again is a replay that changes nothing — and within the rule's limits per
 * member per day, per member ever and in total, all counted race-free by the database.
 */
export async function recordAction(
  tx: Tx,
  ctx: Ctx,
  req: ActionRequest,
  loaded?: Map<string, LoadedProgram>,
): Promise<ActionOutcome> {
  const at = req.at ?? new Date();
  const member = await tx.maybeOne<{ pool_id: string; status: string }>(
    'SELECT pool_id, status FROM members WHERE id = $1',
    [req.memberId],
  );
  if (!member) throw new AppError('NOT_FOUND', `member ${toPublicId('member', req.memberId)} not found`);
  const program = (loaded ?? (await loadPrograms(tx))).get(member.pool_id);
  const rule =
    program && program.row.status === 'active' ? actionRule(program.rules, req.action, at) : undefined;
  if (!program || !rule) return { status: 'no_rule', points: 0, growth: 0 };
  const row = program.ruleRows.find((r) => r.id === rule.id)!;
  const key = keyOf(req, at, program.timeZone);

  await tx.exec('SAVEPOINT loyalty_action');
  const inserted = await tx.maybeOne<{ id: string }>(
    `INSERT INTO loyalty_actions (tenant_id, rule_id, member_id, origin_member_id, key, points, growth, occurred_at)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
    [ctx.tenantId, rule.id, req.memberId, key, rule.points ?? 0, rule.growth, at],
  );
  if (!inserted) {
    await tx.exec('RELEASE SAVEPOINT loyalty_action');
    const prior = await tx.one<{ id: string; points: number; growth: number }>(
      'SELECT id, points, growth FROM loyalty_actions WHERE rule_id = $1 AND member_id = $2 AND key = $3',
      [rule.id, req.memberId, key],
    );
    return {
      status: 'earned',
      actionId: prior.id,
      points: prior.points,
      growth: prior.growth,
      replayed: true,
    };
  }
  const limit = await takeLimits(tx, ctx, row, req.memberId, localDay(at, program.timeZone));
  if (limit) {
    await tx.exec('ROLLBACK TO SAVEPOINT loyalty_action');
    return { status: 'limit_reached', limit, points: 0, growth: 0 };
  }
  await tx.exec('RELEASE SAVEPOINT loyalty_action');
  if ((rule.points ?? 0) > 0) {
    await earnPoints(
      tx,
      ctx,
      [
        {
          key: `action:${inserted.id}`,
          account: { memberId: req.memberId, scopeId: member.pool_id },
          points: rule.points!,
          expiresAt: expiresAt(program.expiry, at, program.timeZone),
          source: { type: 'action', id: inserted.id },
          reason: req.action,
        },
      ],
      { now: at },
    );
  }
  if (rule.growth > 0) await retier(tx, ctx, program, [req.memberId], at, 'up', 'qualified');
  return {
    status: 'earned',
    actionId: inserted.id,
    points: rule.points ?? 0,
    growth: rule.growth,
    replayed: false,
  };
}

async function takeLimits(tx: Tx, ctx: Ctx, rule: RuleRow, memberId: string, day: string) {
  if (rule.limit_per_day !== null && !(await take(tx, ctx, rule.id, memberId, day, rule.limit_per_day)))
    return 'perDay' as const;
  if (
    rule.limit_per_member !== null &&
    !(await take(tx, ctx, rule.id, memberId, 'ever', rule.limit_per_member))
  )
    return 'perMember' as const;
  if (rule.limit_total !== null && !(await take(tx, ctx, rule.id, '0', 'ever', rule.limit_total)))
    return 'total' as const;
  return undefined;
}

/**
 * New members: join points when the programme has a join rule, and the entry tier at once when
 * its threshold is 0 (a member is in the programme from the day they join, not their first order).
 */
export const joinConsumer: BatchConsumer = {
  name: 'loyalty.join',
  events: ['member.created'],
  batchSize: 200,
  async handleMany(tx, ctx, events) {
    const programs = await loadPrograms(tx);
    if (programs.size === 0) return;
    const joined = events.map((e) => ({
      memberId: String(e.payload.memberId ?? e.aggregateId).replace(/^mem_/, ''),
      at: new Date(e.occurredAt),
    }));
    if ([...programs.values()].some((p) => p.rules.some((r) => r.kind === 'action' && r.action === 'join'))) {
      for (const j of joined)
        await recordAction(tx, ctx, { memberId: j.memberId, action: 'join', at: j.at }, programs);
    }
    const pools = await tx.many<{ id: string; pool_id: string }>(
      "SELECT id, pool_id FROM members WHERE id = ANY ($1::bigint[]) AND status = 'active'",
      [joined.map((j) => j.memberId)],
    );
    for (const [pool, program] of programs) {
      if (program.row.status !== 'active' || !program.tiers.some((t) => Number(t.threshold) === 0)) continue;
      const ids = pools.filter((m) => m.pool_id === pool).map((m) => m.id);
      if (ids.length > 0) await retier(tx, ctx, program, ids, new Date(), 'up', 'qualified');
    }
  },
};
