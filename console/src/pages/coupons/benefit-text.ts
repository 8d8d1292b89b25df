import type { TFunction } from 'i18next';
import type { CouponTemplate, Validity } from '../../api/coupons';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';

/** What a coupon is worth, in a line: ¥20 off over ¥100, 15% off up to ¥50, gift SKU-9. */
export function benefitText(
  t: TFunction,
  tpl: Pick<
    CouponTemplate,
    'kind' | 'amountOffCents' | 'percentOffBp' | 'maxDiscountCents' | 'thresholdCents' | 'giftSku'
  >,
  currency: string,
): string {
  const money = (c: number) => formatCents(c, currency);
  const over =
    tpl.thresholdCents > 0
      ? t('loyalty.coupons.benefitText.over', { threshold: money(tpl.thresholdCents) })
      : '';
  const cap = tpl.maxDiscountCents
    ? t('loyalty.coupons.benefitText.cap', { cap: money(tpl.maxDiscountCents) })
    : '';
  switch (tpl.kind) {
    case 'cash_off':
      return t('loyalty.coupons.benefitText.cash_off', { amount: money(tpl.amountOffCents ?? 0) }) + over;
    case 'percent_off':
      return (
        t('loyalty.coupons.benefitText.percent_off', { percent: (tpl.percentOffBp ?? 0) / 100 }) + over + cap
      );
    case 'gift':
      return t('loyalty.coupons.benefitText.gift', { sku: tpl.giftSku ?? '' }) + over + cap;
    default:
      return t('loyalty.coupons.benefitText.free_shipping') + over + cap;
  }
}

export function validityText(t: TFunction, v: Validity): string {
  if (v.kind === 'relative') return t('loyalty.coupons.daysAfterIssue', { days: v.days });
  return `${formatTime(v.from).slice(0, 10)} ~ ${formatTime(v.to).slice(0, 10)}`;
}
