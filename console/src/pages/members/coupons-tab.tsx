import { Skeleton, Table, type TableColumnsType, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Coupon, couponsApi, type Wallet } from '../../api/coupons';
import { useErrorHandler } from '../../api/errors';
import { formatTime } from '../../components/format';
import { CouponStatusTag, couponSource } from '../coupons/coupon-tags';
import { channelLabel } from '../orders/channel-tag';

const WALLET_TABS = ['available', 'used', 'expired'] as const;

/** The member's coupon wallet: unused (soonest to expire first), used, expired. */
export function CouponsTab({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [wallet, setWallet] = useState<Wallet | null>(null);

  useEffect(() => {
    let live = true;
    couponsApi
      .wallet(memberId)
      .then((w) => live && setWallet(w))
      .catch((err: unknown) => live && onError(err));
    return () => {
      live = false;
    };
  }, [memberId, onError]);

  if (!wallet) return <Skeleton active />;

  const columns = (tab: (typeof WALLET_TABS)[number]): TableColumnsType<Coupon> => [
    {
      title: t('loyalty.coupons.name'),
      key: 'template',
      render: (_, c) => (
        <>
          <Link to={`/loyalty/coupons/${c.templateId}`}>{c.templateName}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable>
              {c.code}
            </Typography.Text>
          </div>
        </>
      ),
    },
    { title: t('common.status'), key: 'status', render: (_, c) => <CouponStatusTag status={c.status} /> },
    tab === 'used'
      ? {
          title: t('loyalty.coupons.redeemedAt'),
          key: 'redeemed',
          render: (_, c) => (
            <>
              <div>{formatTime(c.redeemedAt ?? c.sharedAt)}</div>
              {c.redeemedOrder ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {channelLabel(t, c.redeemedOrder.channel)} · {c.redeemedOrder.externalOrderId}
                </Typography.Text>
              ) : null}
            </>
          ),
        }
      : { title: t('loyalty.coupons.validTo'), key: 'validTo', render: (_, c) => formatTime(c.validTo) },
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
  ];

  return (
    <Tabs
      size="small"
      data-testid="member-coupons"
      items={WALLET_TABS.map((tab) => ({
        key: tab,
        label: t(`loyalty.member.walletTabs.${tab}`, { count: wallet[tab].length }),
        children: (
          <Table<Coupon>
            size="small"
            rowKey="id"
            columns={columns(tab)}
            dataSource={wallet[tab]}
            pagination={wallet[tab].length > 10 ? { pageSize: 10 } : false}
            locale={{ emptyText: t('loyalty.member.noCoupons') }}
          />
        ),
      }))}
    />
  );
}
