import type { Tx } from '../../db/database.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { emit } from '../events/outbox.ts';
import { randomCode } from './codes.ts';
import { couponError } from './coupon-errors.ts';
import { lockCoupon } from './coupons.repo.ts';
import { checkKey, once } from './idempotency.ts';
import { resolveMembers } from './member-lookup.ts';
import { checkUsable } from './redeem.service.ts';
import { loadTemplate } from './templates.repo.ts';

export interface ShareResult {
  /** The friend's new coupon (a new code: the sharer's code stops working). */
  couponId: string;
  code: string;
  memberId: string;
  sharedFrom: string;
}

/**
 * Passes an unused, unexpired coupon to a friend, if its template allows: the holder's coupon
 * ends as `shared` and the friend gets a new coupon with a new code and the same validity,
 * pointing back through shared_from, so the chain is the coupon's history. Written for the
 * member H5 (the holder is the signed-in member); staff and API keys act on a member's behalf.
 * Sharing does not count against the friend's per-member limit, nor take stock.
 */
export async function shareCoupon(
  tx: Tx,
  ctx: Ctx,
  req: {
    couponId: string;
    fromMemberId: string;
    toMemberId: string;
    idempotencyKey?: string | undefined;
    now?: Date;
  },
): Promise<ShareResult> {
  const key = checkKey(req.idempotencyKey);
  const payload = { couponId: req.couponId, fromMemberId: req.fromMemberId, toMemberId: req.toMemberId };
  const { result } = await once(tx, ctx, 'share', key, payload, async () => {
    const now = req.now ?? new Date();
    const coupon = await lockCoupon(tx, { id: req.couponId });
    if (coupon.status === 'redeemed')
      throw couponError('not_available', 'id', 'a used coupon cannot be shared');
    await checkUsable(tx, ctx, coupon, req.fromMemberId, now);
    const template = await loadTemplate(tx, coupon.template_id);
    if (!template.shareable)
      throw couponError('not_shareable', 'id', 'coupons of this template cannot be shared');
    const friend = (await resolveMembers(tx, ctx, [req.toMemberId], { scoped: false })).get(req.toMemberId);
    if (!friend) throw notFound('Member to share with');
    if (friend === coupon.member_id) throw invalid('toMemberId', 'is the coupon’s holder already');

    await tx.exec(`UPDATE coupons SET status = 'shared', shared_at = $2 WHERE id = $1`, [coupon.id, now]);
    let row: { id: string; code: string } | undefined;
    while (!row) {
      row = await tx.maybeOne<{ id: string; code: string }>(
        `INSERT INTO coupons (tenant_id, template_id, code, member_id, origin_member_id, source_type, source_id,
                              issued_at, claimed_at, valid_from, valid_to, shared_from)
         VALUES ($1, $2, $3, $4, $4, 'share', $5, $6, $6, $7, $8, $9)
         ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id, code`,
        [
          ctx.tenantId,
          coupon.template_id,
          randomCode(),
          friend,
          `cpn_${coupon.id}`,
          now,
          coupon.valid_from,
          coupon.valid_to,
          coupon.id,
        ],
      );
    }
    await emit(tx, ctx, {
      type: 'coupon.shared',
      aggregateType: 'coupon',
      aggregateId: `cpn_${coupon.id}`,
      payload: {
        couponId: `cpn_${row.id}`,
        sharedFrom: `cpn_${coupon.id}`,
        templateId: `cpt_${coupon.template_id}`,
        fromMemberId: `mem_${coupon.member_id}`,
        toMemberId: `mem_${friend}`,
        code: row.code,
        validTo: coupon.valid_to.toISOString(),
      },
    });
    return { couponId: row.id, code: row.code, memberId: friend, sharedFrom: coupon.id };
  });
  return result;
}
