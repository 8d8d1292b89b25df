import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { AppError } from '../../shared/errors.ts';
import { parseFieldId } from '../../shared/ids.ts';
import { audit } from '../audit/audit.ts';
import type { EarnRule, ProgramRules } from './earn.rules.ts';
import type { ExpiryPolicy } from './points.expiry-policy.ts';
import type { ProgramInput, ProgramRow, RuleInput, RuleRow, TierRow } from './program.schema.ts';

/** A programme with its tiers (by rank) and rules, as settlement, actions and the simulator use it. */
export interface LoadedProgram {
  row: ProgramRow;
  tiers: TierRow[];
  rules: EarnRule[];
  ruleRows: RuleRow[];
  engine: ProgramRules;
  expiry: ExpiryPolicy;
  timeZone: string;
}

const programColumns = `id, pool_id, name, status, rounding, return_window_days, expiry, order_cap, daily_cap,
  tier_basis, growth_per_yuan, evaluation, downgrade_grace_days, created_at, updated_at`;
const ruleColumns = `id, program_id, kind, name, active, rate, action, points, growth, channels, store_ids, skus,
  category_prefixes, starts_at, ends_at, limit_per_day, limit_per_member, limit_total`;

export const toEngineRule = (r: RuleRow): EarnRule => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  active: r.active,
  rate: r.rate === null ? null : Number(r.rate),
  action: r.action,
  points: r.points,
  growth: r.growth,
  channels: r.channels,
  storeIds: r.store_ids,
  skus: r.skus,
  categoryPrefixes: r.category_prefixes,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
});

function expiryOf(row: ProgramRow): ExpiryPolicy {
  const e = row.expiry;
  return e.kind === 'fixed' ? { kind: 'fixed', at: new Date(e.at) } : (e as ExpiryPolicy);
}

/** Every programme of the tenant, by pool ('0' group-wide, else a business unit id). */
export async function loadPrograms(tx: Tx): Promise<Map<string, LoadedProgram>> {
  const programs = await tx.many<ProgramRow & { timezone: string }>(
    `SELECT ${programColumns.replace(/(\w+)/g, 'p.$1')}, t.timezone
     FROM loyalty_programs p JOIN tenants t ON t.tenant_id = p.tenant_id ORDER BY p.id`,
  );
  if (programs.length === 0) return new Map();
  const tiers = await tx.many<TierRow>(
    'SELECT id, program_id, rank, code, name, threshold, benefits FROM loyalty_tiers ORDER BY program_id, rank',
  );
  const rules = await tx.many<RuleRow>(`SELECT ${ruleColumns} FROM loyalty_earn_rules ORDER BY id`);
  const out = new Map<string, LoadedProgram>();
  for (const p of programs) {
    const ruleRows = rules.filter((r) => r.program_id === p.id);
    out.set(p.pool_id, {
      row: p,
      tiers: tiers.filter((t) => t.program_id === p.id),
      rules: ruleRows.map(toEngineRule),
      ruleRows,
      engine: { rounding: p.rounding, orderCap: p.order_cap, growthPerYuan: Number(p.growth_per_yuan) },
      expiry: expiryOf(p),
      timeZone: p.timezone,
    });
  }
  return out;
}

export async function programFor(tx: Tx, poolId: string): Promise<LoadedProgram> {
  const p = (await loadPrograms(tx)).get(poolId);
  if (!p) throw new AppError('NOT_FOUND', 'no loyalty programme for this member pool yet');
  return p;
}

/** The pool a business unit's members are in: its own id if it keeps members apart, else '0'. */
export async function poolOfUnit(tx: Tx, businessUnitId: string | undefined): Promise<string> {
  if (!businessUnitId) return '0';
  const id = parseFieldId('businessUnit', businessUnitId, 'businessUnitId');
  const bu = await tx.maybeOne<{ member_sharing: string }>(
    'SELECT member_sharing FROM business_units WHERE id = $1',
    [id],
  );
  if (!bu) throw new AppError('NOT_FOUND', `business unit ${businessUnitId} not found`);
  return bu.member_sharing === 'group' ? '0' : id;
}

/**
 * Creates or replaces a pool's programme. Tiers are matched by code: new ones are added, changed
 * ones updated in place (members keep them), and a tier left out is removed only if no member
 * holds it — otherwise a 409 names it.
 */
export async function saveProgram(tx: Tx, ctx: Ctx, poolId: string, input: ProgramInput): Promise<void> {
  const before = await tx.maybeOne<ProgramRow>(
    `SELECT ${programColumns} FROM loyalty_programs WHERE pool_id = $1`,
    [poolId],
  );
  const values = [
    input.name,
    input.status,
    input.rounding,
    input.returnWindowDays,
    JSON.stringify(input.expiry),
    input.orderCap,
    input.dailyCap,
    input.tierBasis,
    input.growthPerYuan,
    input.evaluation,
    input.downgradeGraceDays,
  ];
  const program = await tx.one<{ id: string }>(
    `INSERT INTO loyalty_programs (tenant_id, pool_id, name, status, rounding, return_window_days, expiry, order_cap,
       daily_cap, tier_basis, growth_per_yuan, evaluation, downgrade_grace_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (tenant_id, pool_id) DO UPDATE SET name = $3, status = $4, rounding = $5, return_window_days = $6,
       expiry = $7, order_cap = $8, daily_cap = $9, tier_basis = $10, growth_per_yuan = $11, evaluation = $12,
       downgrade_grace_days = $13, updated_at = now()
     RETURNING id`,
    [ctx.tenantId, poolId, ...values],
  );
  const existing = await tx.many<{ id: string; code: string; held: boolean }>(
    `SELECT t.id, t.code, EXISTS (SELECT 1 FROM loyalty_member_tiers m WHERE m.tier_id = t.id) AS held
     FROM loyalty_tiers t WHERE t.program_id = $1`,
    [program.id],
  );
  const keep = new Set(input.tiers.map((t) => t.code));
  const dropped = existing.filter((t) => !keep.has(t.code));
  const held = dropped.find((t) => t.held);
  if (held) {
    throw new AppError('CONFLICT', `tier ${held.code} is held by members and cannot be removed`, [
      { field: 'tiers', message: `tier ${held.code} is held by members: keep it, or rename it instead` },
    ]);
  }
  if (dropped.length > 0) {
    await tx.exec('DELETE FROM loyalty_tiers WHERE id = ANY ($1::bigint[])', [dropped.map((t) => t.id)]);
  }
  // Ranks move out of the way first, so reordering never trips the (program, rank) key.
  await tx.exec('UPDATE loyalty_tiers SET rank = rank + 1000 WHERE program_id = $1', [program.id]);
  await tx.exec(
    `INSERT INTO loyalty_tiers (tenant_id, program_id, rank, code, name, threshold, benefits)
     SELECT $1, $2, x.rank, x.code, x.name, x.threshold, x.benefits::jsonb
     FROM json_to_recordset($3::json) AS x(rank int, code text, name text, threshold bigint, benefits json)
     ON CONFLICT (tenant_id, program_id, code) DO UPDATE
       SET rank = excluded.rank, name = excluded.name, threshold = excluded.threshold, benefits = excluded.benefits`,
    [ctx.tenantId, program.id, JSON.stringify(input.tiers.map((t, i) => ({ rank: i + 1, ...t })))],
  );
  await audit(tx, ctx, {
    action: before ? 'loyalty_program.updated' : 'loyalty_program.created',
    entityType: 'loyalty_program',
    entityId: `lpg_${program.id}`,
    before: before ?? null,
    after: input,
  });
}

function ruleValues(input: RuleInput) {
  const cond =
    input.kind === 'action'
      ? { channels: [], storeIds: [], skus: [], categoryPrefixes: [] }
      : {
          channels: input.channels,
          storeIds: input.storeIds.map((s, i) => parseFieldId('store', s, `storeIds.${i}`)),
          skus: input.skus,
          categoryPrefixes: input.categoryPrefixes,
        };
  return [
    input.kind,
    input.name,
    input.active,
    input.kind === 'action' ? null : input.rate,
    input.kind === 'action' ? input.action : null,
    input.kind === 'action' ? input.points : null,
    input.kind === 'action' ? input.growth : 0,
    cond.channels,
    cond.storeIds,
    cond.skus,
    cond.categoryPrefixes,
    input.startsAt,
    input.endsAt,
    input.kind === 'action' ? input.limitPerDay : null,
    input.kind === 'action' ? input.limitPerMember : null,
    input.kind === 'action' ? input.limitTotal : null,
  ];
}

export async function listRules(tx: Tx, programId: string): Promise<RuleRow[]> {
  return tx.many<RuleRow>(
    `SELECT ${ruleColumns} FROM loyalty_earn_rules WHERE program_id = $1 ORDER BY kind, id`,
    [programId],
  );
}

export async function getRule(tx: Tx, id: string): Promise<RuleRow> {
  const row = await tx.maybeOne<RuleRow>(`SELECT ${ruleColumns} FROM loyalty_earn_rules WHERE id = $1`, [id]);
  if (!row) throw new AppError('NOT_FOUND', `earn rule ern_${id} not found`);
  return row;
}

export async function createRule(tx: Tx, ctx: Ctx, programId: string, input: RuleInput): Promise<RuleRow> {
  const row = await tx.one<RuleRow>(
    `INSERT INTO loyalty_earn_rules (tenant_id, program_id, kind, name, active, rate, action, points, growth, channels,
       store_ids, skus, category_prefixes, starts_at, ends_at, limit_per_day, limit_per_member, limit_total)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     RETURNING ${ruleColumns}`,
    [ctx.tenantId, programId, ...ruleValues(input)],
  );
  await audit(tx, ctx, {
    action: 'earn_rule.created',
    entityType: 'earn_rule',
    entityId: `ern_${row.id}`,
    after: input,
  });
  return row;
}

export async function updateRule(tx: Tx, ctx: Ctx, id: string, input: RuleInput): Promise<RuleRow> {
  const before = await getRule(tx, id);
  const row = await tx.one<RuleRow>(
    `UPDATE loyalty_earn_rules SET kind = $2, name = $3, active = $4, rate = $5, action = $6, points = $7, growth = $8,
       channels = $9, store_ids = $10, skus = $11, category_prefixes = $12, starts_at = $13, ends_at = $14,
       limit_per_day = $15, limit_per_member = $16, limit_total = $17, updated_at = now()
     WHERE id = $1 RETURNING ${ruleColumns}`,
    [id, ...ruleValues(input)],
  );
  await audit(tx, ctx, {
    action: 'earn_rule.updated',
    entityType: 'earn_rule',
    entityId: `ern_${id}`,
    before,
    after: input,
  });
  return row;
}
