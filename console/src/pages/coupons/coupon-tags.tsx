import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CouponStatus, TemplateStatus } from '../../api/coupons';

const TEMPLATE_COLOURS: Record<TemplateStatus, string> = {
  draft: 'default',
  active: 'green',
  paused: 'orange',
  ended: 'red',
};

const COUPON_COLOURS: Record<CouponStatus, string> = {
  available: 'blue',
  redeemed: 'green',
  shared: 'purple',
  expired: 'default',
};

export function TemplateStatusTag({ status }: { status: TemplateStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={TEMPLATE_COLOURS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`loyalty.coupons.statuses.${status}`)}
    </Tag>
  );
}

export function CouponStatusTag({ status }: { status: CouponStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COUPON_COLOURS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`loyalty.coupons.couponStatuses.${status}`)}
    </Tag>
  );
}

const SOURCES = new Set([
  'campaign',
  'rule',
  'tier_benefit',
  'guide',
  'import',
  'api',
  'manual',
  'task',
  'points_mall',
  'claim_link',
  'share',
]);

/** Where a coupon came from, translated when the source type is known. */
export function couponSource(t: TFunction, source: { type: string }): string {
  return SOURCES.has(source.type) ? t(`loyalty.coupons.sources.${source.type as 'manual'}`) : source.type;
}
