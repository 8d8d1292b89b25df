import { AppError, type ErrorCode } from '../../shared/errors.ts';

/**
 * Why a mall write was refused. Each maps to a shared HTTP code (as coupons do: the shared table
 * has no mall codes) with the field at fault; `reason` is the stable machine word, kept as the
 * first word of the field error so the H5 and integrations can switch on it.
 */
export const mallReasons = {
  out_of_stock: 'CONFLICT',
  limit_reached: 'CONFLICT',
  not_available: 'CONFLICT',
  not_started: 'CONFLICT',
  ended: 'CONFLICT',
  tier_required: 'CONFLICT',
  coupon_unavailable: 'CONFLICT',
  bad_transition: 'CONFLICT',
  payment_pending: 'CONFLICT',
  already_shipped: 'CONFLICT',
  in_use: 'CONFLICT',
} as const satisfies Record<string, ErrorCode>;

export type MallReason = keyof typeof mallReasons;

export class MallError extends AppError {
  readonly reason: MallReason;

  constructor(reason: MallReason, field: string, message: string) {
    super(mallReasons[reason], message, [{ field, message: `${reason}: ${message}` }]);
    this.reason = reason;
  }
}

export const mallError = (reason: MallReason, field: string, message: string): MallError =>
  new MallError(reason, field, message);
