import { Button, Card, Descriptions, Empty, Flex, Result, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { OrderDetail } from '../../api/orders';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { useCurrency } from '../../hooks/use-currency';
import { useNames } from '../../hooks/use-names';
import { ChannelTag } from './channel-tag';
import { OrderStatusTag } from './order-bits';
import { OrderLinesTable } from './order-lines-table';
import { OrderRefundsTable } from './order-refunds-table';
import { OrderRevisions } from './order-revisions';

/** One order: amounts, lines, discounts and coupons, refunds and every revision received. */
export function OrderDetailPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const currency = useCurrency();
  const id = useParams().id ?? '';
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const storeName = useNames('stores', [order?.storeId]);
  const guideName = useNames('staff', [order?.guideId]);

  useEffect(() => {
    let live = true;
    api
      .get<OrderDetail>(`/orders/${id}`)
      .then((o) => {
        if (live) setOrder(o);
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) setMissing(true);
        else onError(err);
      });
    return () => {
      live = false;
    };
  }, [id, onError]);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('orders.notFound')}
        extra={
          <Link to="/orders">
            <Button type="primary">{t('orders.backToList')}</Button>
          </Link>
        }
      />
    );
  }

  const o = order?.id === id ? order : null;
  const money = (cents: number) => formatCents(cents, currency);
  const section = (title: string, body: React.ReactNode) => (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      {body}
    </Card>
  );

  return (
    <>
      <PageHeader title={t('orders.detailTitle')} extraCrumbs={[o?.externalId ?? id]} />
      {!o ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
              <Typography.Title
                level={5}
                style={{ margin: 0, wordBreak: 'break-all' }}
                data-testid="order-external-id"
              >
                {o.externalId}
              </Typography.Title>
              <ChannelTag channel={o.channel} />
              <OrderStatusTag status={o.status} />
              {o.revision > 1 ? <Tag>{t('orders.revisions.label', { revision: o.revision })}</Tag> : null}
            </Flex>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                { key: 'paidAt', label: t('orders.paidAt'), children: formatTime(o.paidAt) },
                { key: 'store', label: t('orders.store'), children: storeName(o.storeId) || '—' },
                { key: 'guide', label: t('orders.guide'), children: guideName(o.guideId) || '—' },
                {
                  key: 'member',
                  label: t('orders.member'),
                  children: o.memberId ? (
                    <Link to={`/members/${o.memberId}?tab=timeline`}>{o.memberId}</Link>
                  ) : (
                    <Tag>{t('orders.nonMember')}</Tag>
                  ),
                },
                { key: 'total', label: t('orders.total'), children: money(o.totalCents) },
                { key: 'discount', label: t('orders.discount'), children: money(o.discountCents) },
                {
                  key: 'paid',
                  label: t('orders.paid'),
                  children: <Typography.Text strong>{money(o.paidCents)}</Typography.Text>,
                },
                {
                  key: 'refunded',
                  label: t('orders.refunded'),
                  children:
                    o.refundedCents > 0 ? (
                      <Typography.Text type="danger">{money(o.refundedCents)}</Typography.Text>
                    ) : (
                      '—'
                    ),
                },
                {
                  key: 'coupons',
                  label: t('orders.coupons'),
                  children: o.couponCodes.length
                    ? o.couponCodes.map((c) => (
                        <Tag key={c} color="gold">
                          {c}
                        </Tag>
                      ))
                    : '—',
                },
              ]}
            />
          </Card>
          {section(t('orders.lines'), <OrderLinesTable lines={o.lines} currency={currency} />)}
          {section(
            t('orders.refunds'),
            o.refunds.length ? (
              <OrderRefundsTable refunds={o.refunds} currency={currency} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.noRefunds')} />
            ),
          )}
          {section(t('orders.revisions.title'), <OrderRevisions revisions={o.revisions} />)}
        </>
      )}
    </>
  );
}
