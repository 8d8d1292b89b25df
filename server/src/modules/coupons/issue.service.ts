import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { emitMany, type NewEvent } from '../events/outbox.ts';
import { normalizeCode, randomCode } from './codes.ts';
import { couponError } from './coupon-errors.ts';
import type { Source } from './coupons.schema.ts';
import { expiryNoticed } from './expiry.ts';
import { checkKey, once } from './idempotency.ts';
import { resolveMembers } from './member-lookup.ts';
import { loadTemplate, type TemplateRow, templateColumns, validityAt } from './templates.repo.ts';

export const maxIssue = 10_000;
/** Advisory-lock space of coupon issuance (orders use 7_391_007). */
const issueLockSpace = 7_391_011;

export interface IssueRequest {
  templateId: string;
  /** Members (internal ids); a merged member's coupon goes to the member it was merged into. */
  memberIds: readonly string[];
  source: Source;
  /** Required: the same key again returns the first result; with other input, a 409. */
  idempotencyKey: string;
  now?: Date;
}

export interface IssuedCoupon {
  couponId: string;
  memberId: string;
  code: string;
  validFrom: string;
  validTo: string;
}

export type SkipReason = 'member_not_found' | 'duplicate' | 'limit_reached' | 'out_of_stock';

export interface IssueResult {
  templateId: string;
  issued: IssuedCoupon[];
  /** `memberId` as requested. */
  skipped: { memberId: string; reason: SkipReason }[];
}

/**
 * Issues one coupon of a template to each member, set-based, for campaigns, rules, tier benefits,
 * tasks, the points mall, imports and the API. Members over their limit or beyond the stock are
 * skipped with the reason, not failed: stock is taken by one conditional UPDATE, limits by one
 * conditional upsert of per-member counters, so concurrent issues never oversell.
 * The actor's data scope applies: a guide issues only to their own customers.
 */
export async function issueCoupons(tx: Tx, ctx: Ctx, req: IssueRequest): Promise<IssueResult> {
  const key = checkKey(req.idempotencyKey);
  if (!key) throw invalid('Idempotency-Key', 'required: issuing is retried safely only with a key');
  if (req.memberIds.length === 0) throw invalid('memberIds', 'name at least one member');
  if (req.memberIds.length > maxIssue) throw invalid('memberIds', `at most ${maxIssue} members per request`);
  const payload = { templateId: req.templateId, memberIds: req.memberIds, source: req.source };
  const { result } = await once(tx, ctx, 'issue', key, payload, async () => {
    const template = await loadTemplate(tx, req.templateId);
    return issue(tx, ctx, template, req.memberIds, {
      source: req.source,
      claimed: false,
      scoped: true,
      now: req.now,
    });
  });
  return result;
}

export interface ClaimRequest {
  /** The template's claim code, from the link the member opened. */
  claimCode: string;
  memberId: string;
  idempotencyKey?: string | undefined;
  now?: Date;
}

/**
 * A member claims a coupon through a template's claim code (the landing page's button). Written
 * for the member H5 to call with the signed-in member; staff and API keys call it on a member's
 * behalf for now. Refused with the reason when out of stock or over the member's limit.
 */
export async function claimCoupon(tx: Tx, ctx: Ctx, req: ClaimRequest): Promise<IssuedCoupon> {
  const key = checkKey(req.idempotencyKey);
  const claimCode = normalizeCode(req.claimCode);
  const template = await tx.maybeOne<TemplateRow>(
    `SELECT ${templateColumns} FROM coupon_templates WHERE claim_code = $1 AND claimable`,
    [claimCode],
  );
  if (!template) throw notFound('Coupon to claim');
  const { result } = await once(tx, ctx, 'claim', key, { claimCode, memberId: req.memberId }, async () => {
    const r = await issue(tx, ctx, template, [req.memberId], {
      source: { type: 'claim_link', id: claimCode },
      claimed: true,
      scoped: false,
      now: req.now,
    });
    const skip = r.skipped[0]?.reason;
    if (skip === 'member_not_found' || skip === 'duplicate') throw notFound('Member');
    if (skip === 'limit_reached') {
      throw couponError(
        'limit_reached',
        'memberId',
        'this member has claimed as many of these coupons as allowed',
      );
    }
    if (skip === 'out_of_stock')
      throw couponError('out_of_stock', 'code', 'all of these coupons have been claimed');
    return r.issued[0]!;
  });
  return result;
}

interface IssueOptions {
  source: Source;
  claimed: boolean;
  scoped: boolean;
  now?: Date | undefined;
}

/** The set-based core: resolve members, raise limit counters, take stock, insert, emit. */
async function issue(
  tx: Tx,
  ctx: Ctx,
  t: TemplateRow,
  requested: readonly string[],
  o: IssueOptions,
): Promise<IssueResult> {
  const now = o.now ?? new Date();
  if (t.status !== 'active') throw couponError('not_issuing', 'templateId', `the template is ${t.status}`);
  const window = validityAt(t, now);
  if (window.to <= now) throw couponError('not_issuing', 'templateId', 'the template’s validity has ended');
  // Issues of one template take their turn: counters, the template's stock row and the coupons'
  // foreign keys on it were seen to deadlock when batches and claims overlapped on PostgreSQL. The
  // stock row is one hot row anyway, so this costs no concurrency that was there.
  await tx.exec('SELECT pg_advisory_xact_lock($1, ($2::bigint % 2147483647)::int)', [issueLockSpace, t.id]);
  const skipped: IssueResult['skipped'] = [];
  const current = await resolveMembers(tx, ctx, [...new Set(requested)], { scoped: o.scoped });
  const seen = new Set<string>();
  let wanted: { req: string; id: string }[] = [];
  for (const req of requested) {
    const id = current.get(req);
    if (!id) skipped.push({ memberId: req, reason: 'member_not_found' });
    else if (seen.has(id)) skipped.push({ memberId: req, reason: 'duplicate' });
    else {
      seen.add(id);
      wanted.push({ req, id });
    }
  }

  if (t.per_member_limit !== null && wanted.length > 0) {
    // Counters in id order, so two batches over the same members cannot deadlock. A row locked
    // by another claim is waited for and its new count re-checked: never read-then-write.
    const raised = await tx.many<{ member_id: string }>(
      `INSERT INTO coupon_member_claims AS c (tenant_id, template_id, member_id, claimed, max_claims)
       SELECT $1, $2, m, 1, $4 FROM unnest($3::bigint[]) AS m ORDER BY m
       ON CONFLICT (tenant_id, template_id, member_id)
       DO UPDATE SET claimed = c.claimed + 1, max_claims = EXCLUDED.max_claims WHERE c.claimed < EXCLUDED.max_claims
       RETURNING member_id`,
      [ctx.tenantId, t.id, wanted.map((w) => w.id), t.per_member_limit],
    );
    const ok = new Set(raised.map((r) => r.member_id));
    for (const w of wanted) if (!ok.has(w.id)) skipped.push({ memberId: w.req, reason: 'limit_reached' });
    wanted = wanted.filter((w) => ok.has(w.id));
  }

  if (t.stock_total !== null && wanted.length > 0) {
    // Take min(stock left, wanted) in one statement on the locked row; the CHECK backs it up.
    // NO KEY UPDATE: the foreign keys of counters and coupons hold KEY SHARE on this row, and
    // FOR UPDATE would wait on them while they wait on us (a deadlock measured here).
    const took = await tx.maybeOne<{ taken: number }>(
      `WITH cur AS (
         SELECT id, stock_left FROM coupon_templates WHERE id = $1 AND status = 'active' AND stock_left > 0 FOR NO KEY UPDATE
       )
       UPDATE coupon_templates t SET stock_left = t.stock_left - least(cur.stock_left, $2)
       FROM cur WHERE t.id = cur.id RETURNING least(cur.stock_left, $2)::int AS taken`,
      [t.id, wanted.length],
    );
    const taken = took?.taken ?? 0;
    const left = wanted.slice(taken);
    for (const w of left) skipped.push({ memberId: w.req, reason: 'out_of_stock' });
    if (left.length > 0 && t.per_member_limit !== null) {
      await tx.exec(
        'UPDATE coupon_member_claims SET claimed = claimed - 1 WHERE template_id = $1 AND member_id = ANY ($2::bigint[])',
        [t.id, left.map((w) => w.id)],
      );
    }
    wanted = wanted.slice(0, taken);
  }

  const issued = await insertCoupons(tx, ctx, t, wanted, { ...o, now, window });
  await emitMany(tx, ctx, issuedEvents(t, issued, o));
  if (issued.length > 0) expiryNoticed(ctx.tenantId);
  return { templateId: t.id, issued, skipped };
}

async function insertCoupons(
  tx: Tx,
  ctx: Ctx,
  t: TemplateRow,
  members: { id: string }[],
  o: IssueOptions & { now: Date; window: { from: Date; to: Date } },
): Promise<IssuedCoupon[]> {
  const out: IssuedCoupon[] = [];
  let pending = members.map((m) => m.id);
  while (pending.length > 0) {
    const codes = pending.map(() => randomCode());
    const rows = await tx.many<{ id: string; code: string; member_id: string }>(
      `INSERT INTO coupons (tenant_id, template_id, code, member_id, origin_member_id, source_type, source_id,
                            issued_at, claimed_at, valid_from, valid_to)
       SELECT $1, $2, x.code, x.member_id, x.member_id, $3, $4, $5, $6, $7, $8
       FROM unnest($9::text[], $10::bigint[]) AS x (code, member_id)
       ON CONFLICT (tenant_id, code) DO NOTHING
       RETURNING id, code, member_id`,
      [
        ctx.tenantId,
        t.id,
        o.source.type,
        o.source.id ?? null,
        o.now,
        o.claimed ? o.now : null,
        o.window.from,
        o.window.to,
        codes,
        pending,
      ],
    );
    for (const r of rows) {
      out.push({
        couponId: r.id,
        memberId: r.member_id,
        code: r.code,
        validFrom: o.window.from.toISOString(),
        validTo: o.window.to.toISOString(),
      });
    }
    // A code that collided with one already issued (one in 10^18 per pair): draw again for its member.
    const done = new Set(rows.map((r) => r.member_id));
    pending = pending.filter((m) => !done.has(m));
  }
  return out;
}

function issuedEvents(t: TemplateRow, issued: IssuedCoupon[], o: IssueOptions): NewEvent[] {
  const events: NewEvent[] = [];
  for (const c of issued) {
    const payload = {
      couponId: `cpn_${c.couponId}`,
      templateId: `cpt_${t.id}`,
      memberId: `mem_${c.memberId}`,
      code: c.code,
      kind: t.kind,
      source: { type: o.source.type, id: o.source.id ?? null },
      validFrom: c.validFrom,
      validTo: c.validTo,
    };
    events.push({
      type: 'coupon.issued',
      aggregateType: 'coupon',
      aggregateId: `cpn_${c.couponId}`,
      payload,
    });
    if (o.claimed) {
      events.push({
        type: 'coupon.claimed',
        aggregateType: 'coupon',
        aggregateId: `cpn_${c.couponId}`,
        payload,
      });
    }
  }
  return events;
}
