import { UploadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Input, Select, Table, type TableColumnsType, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  EXCHANGE_STATUSES,
  type Exchange,
  type ExchangeStatus,
  type MallItem,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from '../../api/mall';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { MemberSelect } from '../../components/member-select';
import { formatCents } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { useCurrency } from '../../hooks/use-currency';
import { useOptions } from '../../hooks/use-options';
import { usePagedList } from '../../hooks/use-paged-list';
import { BulkShipModal } from './bulk-ship-modal';
import { ExchangeDrawer } from './exchange-drawer';
import { ExchangeStatusTag, PaymentTag } from './mall-bits';

interface ExchangeFilters {
  [key: string]: string | undefined;
  status?: ExchangeStatus;
  paymentStatus?: PaymentStatus;
  itemId?: string;
  memberId?: string;
  trackingNo?: string;
  from?: string;
  to?: string;
}

/** Exchange orders: find them by status, item, member, date or tracking number; open one to act on it. */
export function MallExchangesPage() {
  const { t } = useTranslation();
  const currency = useCurrency();
  const { permissions = [] } = useSession();
  const canWrite = permissions.includes('mall:write');
  const [params, setParams] = useSearchParams();
  const list = usePagedList<Exchange, ExchangeFilters>('/mall/exchanges', {
    status: (params.get('status') as ExchangeStatus | null) ?? undefined,
  });
  const items = useOptions<MallItem>('/mall/items');
  const [bulk, setBulk] = useState(false);
  const open = params.get('open');
  const setOpen = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('open', id);
        else p.delete('open');
        return p;
      },
      { replace: true },
    );

  const applyDates = (range: [Dayjs | null, Dayjs | null] | null) =>
    list.setFilters({
      from: range?.[0]?.startOf('day').toISOString(),
      to: range?.[1]?.add(1, 'day').startOf('day').toISOString(),
    });

  const columns: TableColumnsType<Exchange> = [
    {
      title: t('mall.exchanges.placedAt'),
      dataIndex: 'placedAt',
      width: 160,
      responsive: ['md'],
      render: (_, x) => formatTime(x.placedAt),
    },
    {
      title: t('mall.exchanges.item'),
      key: 'item',
      render: (_, x) => (
        <Flex vertical gap={2}>
          <Typography.Text strong>
            {x.itemName}{' '}
            <Typography.Text type="secondary">{t('mall.exchanges.qty', { count: x.qty })}</Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {x.id}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('mall.exchanges.member'),
      key: 'member',
      responsive: ['sm'],
      render: (_, x) => (
        <Link to={`/members/${x.memberId}`} onClick={(e) => e.stopPropagation()}>
          {x.memberId}
        </Link>
      ),
    },
    {
      title: t('mall.exchanges.points'),
      dataIndex: 'points',
      align: 'right',
      render: (_, x) => x.points.toLocaleString(),
    },
    {
      title: t('mall.exchanges.payment'),
      key: 'payment',
      responsive: ['lg'],
      render: (_, x) =>
        x.paymentStatus === 'none' ? (
          <PaymentTag status="none" />
        ) : (
          <Flex gap={4} align="center" wrap>
            <span>{formatCents(x.cashCents + x.postageCents, currency)}</span>
            <PaymentTag status={x.paymentStatus} />
          </Flex>
        ),
    },
    {
      title: t('mall.exchanges.status'),
      key: 'status',
      render: (_, x) => <ExchangeStatusTag status={x.status} />,
    },
    {
      title: t('mall.exchanges.tracking'),
      key: 'tracking',
      responsive: ['xl'],
      render: (_, x) => (x.trackingNo ? `${x.carrier} ${x.trackingNo}` : ''),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('mall.exchanges.title')}
        actions={
          canWrite ? (
            <Button icon={<UploadOutlined />} onClick={() => setBulk(true)} data-testid="bulk-ship">
              {t('mall.exchanges.bulkShip')}
            </Button>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<ExchangeStatus>
          allowClear
          defaultValue={list.filters.status}
          placeholder={t('mall.exchanges.allStatuses')}
          options={EXCHANGE_STATUSES.map((s) => ({ value: s, label: t(`mall.exchangeStatuses.${s}`) }))}
          onChange={(status?: ExchangeStatus) => list.setFilters({ status })}
          style={{ width: 140 }}
          data-testid="exchange-status-filter"
        />
        <Select<PaymentStatus>
          allowClear
          placeholder={t('mall.exchanges.allPayments')}
          options={PAYMENT_STATUSES.map((s) => ({ value: s, label: t(`mall.paymentStatuses.${s}`) }))}
          onChange={(paymentStatus?: PaymentStatus) => list.setFilters({ paymentStatus })}
          style={{ width: 150 }}
        />
        <Select<string>
          allowClear
          placeholder={t('mall.exchanges.allItems')}
          options={items.options}
          showSearch={{ optionFilterProp: 'label' }}
          onChange={(itemId?: string) => list.setFilters({ itemId })}
          style={{ width: 200, maxWidth: '100%' }}
          data-testid="exchange-item-filter"
        />
        <MemberSelect
          placeholder={t('mall.exchanges.memberFilter')}
          onChange={(memberId) => list.setFilters({ memberId })}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <DatePicker.RangePicker
          onChange={(range) => applyDates(range)}
          placeholder={[t('mall.exchanges.placedFrom'), t('mall.exchanges.placedTo')]}
          style={{ width: 260, maxWidth: '100%' }}
        />
        <Input.Search
          allowClear
          placeholder={t('mall.exchanges.trackingSearch')}
          onSearch={(q) => list.setFilters({ trackingNo: q.trim() || undefined })}
          style={{ width: 200, maxWidth: '100%' }}
        />
      </Flex>
      <Table<Exchange>
        size="small"
        columns={columns}
        locale={{ emptyText: t('mall.exchanges.empty') }}
        onRow={(x) => ({ onClick: () => setOpen(x.id), style: { cursor: 'pointer' } })}
        data-testid="exchanges-table"
        {...list.tableProps}
      />
      {open ? <ExchangeDrawer id={open} onChanged={list.reload} onClose={() => setOpen(null)} /> : null}
      {bulk ? <BulkShipModal onShipped={list.reload} onClose={() => setBulk(false)} /> : null}
    </>
  );
}
