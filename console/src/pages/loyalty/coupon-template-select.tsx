import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CouponTemplate } from '../../api/coupons';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  testId?: string;
  /** Loaded once by the page: every tier has two of these pickers. */
  templates: CouponTemplate[];
  loading: boolean;
}

/** A coupon template for a tier benefit: the latest templates that can still issue coupons. */
export function CouponTemplateSelect({ id, value, onChange, testId, templates, loading }: Props) {
  const { t } = useTranslation();
  const options = templates
    .filter((tpl) => tpl.status !== 'ended' || tpl.id === value)
    .map((tpl) => ({
      value: tpl.id,
      label:
        tpl.status === 'active' ? tpl.name : `${tpl.name} (${t(`loyalty.coupons.statuses.${tpl.status}`)})`,
    }));
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: value });
  return (
    <Select<string>
      id={id}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v)}
      options={options}
      loading={loading}
      allowClear
      placeholder={t('loyalty.tiers.couponPlaceholder')}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
