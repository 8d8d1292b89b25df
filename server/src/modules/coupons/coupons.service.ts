/**
 * The coupons module's service API for other modules (loyalty engine, points mall, tasks,
 * campaigns, the member H5). Every function runs in the caller's tenant transaction and takes
 * internal ids (bigint strings); nothing here opens a transaction of its own.
 */
export { evaluate, type OrderContext, type Rules } from './applicability.ts';
export { CouponError, type CouponReason } from './coupon-errors.ts';
export { memberWallet } from './coupons.query.ts';
export type { Source, SourceType } from './coupons.schema.ts';
export { expireDue } from './expiry.ts';
export { templateFunnel } from './funnel.query.ts';
export {
  type ClaimRequest,
  claimCoupon,
  type IssuedCoupon,
  type IssueRequest,
  type IssueResult,
  issueCoupons,
  maxIssue,
  type SkipReason,
} from './issue.service.ts';
export { type RedeemRequest, type Redemption, redeemCoupon } from './redeem.service.ts';
export { type ShareResult, shareCoupon } from './share.service.ts';
export { loadTemplate as getTemplate, type TemplateRow } from './templates.repo.ts';
export { type UnredeemResult, unredeemCoupon } from './unredeem.service.ts';
