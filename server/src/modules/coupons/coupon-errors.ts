import { AppError } from '../../shared/errors.ts';

/**
 * Why a coupon write was refused. Each maps to a shared HTTP code (the shared table has no coupon
 * codes yet) with the field at fault and a message a cashier can read out; `reason` is the
 * stable machine word, kept as the first word of the field error so clients can switch on it.
 */
export const couponReasons = {
  out_of_stock: 'CONFLICT',
  limit_reached: 'CONFLICT',
  not_issuing: 'CONFLICT',
  not_claimable: 'NOT_FOUND',
  not_available: 'CONFLICT',
  already_redeemed: 'CONFLICT',
  not_yet_valid: 'CONFLICT',
  expired: 'CONFLICT',
  not_owner: 'CONFLICT',
  not_shareable: 'CONFLICT',
  not_applicable: 'CONFLICT',
  below_threshold: 'CONFLICT',
  not_redeemed: 'CONFLICT',
  draft_only: 'CONFLICT',
  bad_transition: 'CONFLICT',
} as const;

export type CouponReason = keyof typeof couponReasons;

export class CouponError extends AppError {
  readonly reason: CouponReason;

  constructor(reason: CouponReason, field: string, message: string) {
    super(couponReasons[reason], message, [{ field, message: `${reason}: ${message}` }]);
    this.reason = reason;
  }
}

export const couponError = (reason: CouponReason, field: string, message: string): CouponError =>
  new CouponError(reason, field, message);
