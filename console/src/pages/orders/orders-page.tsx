import { DatePicker, Flex, Select, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CHANNELS, type Order } from '../../api/orders';
import { formatTime } from '../../components/format';
import { MemberSelect } from '../../components/member-select';
import { formatCents } from '../../components/money';
import { StoreSelect } from '../../components/store-select';
import { useCurrency } from '../../hooks/use-currency';
import { useNames } from '../../hooks/use-names';
import { usePagedList } from '../../hooks/use-paged-list';
import { ChannelTag, channelLabel } from './channel-tag';
import { OrderStatusTag } from './order-bits';
import { OrdersSectionHeader } from './orders-section';

interface OrderFilters {
  [key: string]: string | undefined;
  channel?: string;
  storeId?: string;
  memberId?: string;
  from?: string;
  to?: string;
}

export function OrdersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const currency = useCurrency();
  const list = usePagedList<Order, OrderFilters>('/orders', {});
  const storeName = useNames(
    'stores',
    list.items.map((o) => o.storeId),
  );
  const [typed, setTyped] = useState('');

  // Marketplaces are open-ended: "marketplace:tmall" typed in is offered as a channel.
  const custom = typed.trim().toLowerCase();
  const channelOptions = [
    ...CHANNELS.map((c) => ({ value: c as string, label: channelLabel(t, c) })),
    ...(/^marketplace:[a-z0-9_]{1,40}$/.test(custom)
      ? [{ value: custom, label: channelLabel(t, custom) }]
      : []),
  ];

  const applyDates = (range: [Dayjs | null, Dayjs | null] | null) =>
    list.setFilters({
      from: range?.[0]?.startOf('day').toISOString(),
      to: range?.[1]?.add(1, 'day').startOf('day').toISOString(),
    });

  const columns: TableColumnsType<Order> = [
    { title: t('orders.paidAt'), dataIndex: 'paidAt', width: 170, render: (_, o) => formatTime(o.paidAt) },
    {
      title: t('orders.externalId'),
      dataIndex: 'externalId',
      render: (_, o) => (
        <Flex vertical gap={2}>
          <Link
            to={`/orders/${o.id}`}
            onClick={(e) => e.stopPropagation()}
            style={{ wordBreak: 'break-all' }}
          >
            {o.externalId}
          </Link>
          <span>
            <ChannelTag channel={o.channel} />
          </span>
        </Flex>
      ),
    },
    { title: t('orders.store'), key: 'store', responsive: ['md'], render: (_, o) => storeName(o.storeId) },
    {
      title: t('orders.member'),
      key: 'member',
      responsive: ['sm'],
      render: (_, o) =>
        o.memberId ? (
          <Link to={`/members/${o.memberId}?tab=timeline`} onClick={(e) => e.stopPropagation()}>
            {o.memberId}
          </Link>
        ) : (
          <Tag>{t('orders.nonMember')}</Tag>
        ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, o) => <OrderStatusTag status={o.status} />,
    },
    {
      title: t('orders.paid'),
      dataIndex: 'paidCents',
      align: 'right',
      render: (_, o) => (
        <Flex vertical align="flex-end">
          <span>{formatCents(o.paidCents, currency)}</span>
          {o.refundedCents > 0 ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              −{formatCents(o.refundedCents, currency)}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { title: t('orders.units'), dataIndex: 'units', align: 'right', responsive: ['lg'], width: 70 },
  ];

  return (
    <>
      <OrdersSectionHeader title={t('orders.title')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select<string>
          allowClear
          placeholder={t('orders.allChannels')}
          options={channelOptions}
          onChange={(channel?: string) => list.setFilters({ channel })}
          showSearch={{ onSearch: setTyped, optionFilterProp: 'label' }}
          style={{ width: 180 }}
          data-testid="order-channel"
        />
        <StoreSelect
          placeholder={t('orders.allStores')}
          onChange={(storeId) => list.setFilters({ storeId })}
          style={{ width: 200 }}
        />
        <DatePicker.RangePicker
          onChange={(range) => applyDates(range)}
          placeholder={[t('orders.paidFrom'), t('orders.paidTo')]}
          style={{ width: 260, maxWidth: '100%' }}
        />
        <MemberSelect
          placeholder={t('orders.memberFilter')}
          onChange={(memberId) => list.setFilters({ memberId })}
          style={{ width: 240, maxWidth: '100%' }}
        />
      </Flex>
      <Table<Order>
        size="small"
        columns={columns}
        onRow={(o) => ({ onClick: () => navigate(`/orders/${o.id}`), style: { cursor: 'pointer' } })}
        data-testid="orders-table"
        {...list.tableProps}
      />
    </>
  );
}
