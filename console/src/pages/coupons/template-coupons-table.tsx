import { Flex, Select, Table, type TableColumnsType } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COUPON_STATUSES, type Coupon, type CouponStatus } from '../../api/coupons';
import { formatTime } from '../../components/format';
import { usePagedList } from '../../hooks/use-paged-list';
import { CouponStatusTag, couponSource } from './coupon-tags';

interface CouponFilters {
  [key: string]: string | undefined;
  templateId: string;
  status?: CouponStatus;
}

/** The coupons a template issued, newest first; `nonce` changes after an issue to fetch again. */
export function TemplateCouponsTable({ templateId, nonce }: { templateId: string; nonce: number }) {
  const { t } = useTranslation();
  const list = usePagedList<Coupon, CouponFilters>('/coupons', { templateId });
  const { reload } = list;

  useEffect(() => {
    if (nonce > 0) reload();
  }, [nonce, reload]);

  const columns: TableColumnsType<Coupon> = [
    { title: t('loyalty.coupons.code'), dataIndex: 'code', render: (code: string) => <code>{code}</code> },
    {
      title: t('loyalty.coupons.member'),
      key: 'member',
      render: (_, c) => <Link to={`/members/${c.memberId}?tab=coupons`}>{c.memberId}</Link>,
    },
    { title: t('common.status'), key: 'status', render: (_, c) => <CouponStatusTag status={c.status} /> },
    {
      title: t('loyalty.coupons.source'),
      key: 'source',
      responsive: ['md'],
      render: (_, c) => couponSource(t, c.source),
    },
    {
      title: t('loyalty.coupons.issuedAt'),
      key: 'issuedAt',
      responsive: ['lg'],
      render: (_, c) => formatTime(c.issuedAt),
    },
    {
      title: t('loyalty.coupons.validTo'),
      key: 'validTo',
      responsive: ['sm'],
      render: (_, c) => formatTime(c.validTo),
    },
    {
      title: t('loyalty.coupons.redeemedAt'),
      key: 'redeemedAt',
      responsive: ['lg'],
      render: (_, c) => formatTime(c.redeemedAt),
    },
  ];

  return (
    <>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<CouponStatus>
          allowClear
          placeholder={t('loyalty.coupons.allStatuses')}
          options={COUPON_STATUSES.map((s) => ({
            value: s,
            label: t(`loyalty.coupons.couponStatuses.${s}`),
          }))}
          onChange={(status?: CouponStatus) => list.setFilters({ status })}
          style={{ width: 160 }}
        />
      </Flex>
      <Table<Coupon> size="small" columns={columns} data-testid="template-coupons" {...list.tableProps} />
    </>
  );
}
