import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { Order, OrderLine, Refund } from '../../api/orders';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { ChannelTag } from '../orders/channel-tag';
import { OrderStatusTag, RefundStatusTag, refundCents } from '../orders/order-bits';
import { OrderLinesTable } from '../orders/order-lines-table';

interface OrderProps {
  order: Order;
  storeName: string;
  currency: string;
}

/** One order on the customer timeline; its lines load when opened. */
export function TimelineOrder({ order, storeName, currency }: OrderProps) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [open, setOpen] = useState(false);
  const [lines, setLines] = useState<OrderLine[] | null>(null);

  const toggle = () => {
    setOpen((o) => !o);
    if (lines) return;
    api
      .get<{ lines: OrderLine[] }>(`/orders/${order.id}`)
      .then((d) => setLines(d.lines))
      .catch((err: unknown) => {
        setOpen(false);
        onError(err);
      });
  };

  return (
    <Card size="small" data-testid={`timeline-order-${order.externalId}`}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <Flex gap={6} align="center" wrap>
            <ChannelTag channel={order.channel} />
            <Link to={`/orders/${order.id}`} style={{ wordBreak: 'break-all' }}>
              {order.externalId}
            </Link>
            <OrderStatusTag status={order.status} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatTime(order.paidAt)}
            {storeName ? ` · ${storeName}` : ''} · {t('orders.unitsCount', { count: order.units })}
          </Typography.Text>
        </Flex>
        <Flex vertical align="flex-end">
          <Typography.Text strong>{formatCents(order.paidCents, currency)}</Typography.Text>
          {order.refundedCents > 0 ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              −{formatCents(order.refundedCents, currency)}
            </Typography.Text>
          ) : null}
        </Flex>
      </Flex>
      <Button
        type="link"
        size="small"
        icon={open ? <DownOutlined /> : <RightOutlined />}
        onClick={toggle}
        style={{ paddingInline: 0, marginTop: 4 }}
        data-testid="timeline-lines-toggle"
      >
        {open ? t('members.timeline.hideLines') : t('members.timeline.showLines')}
      </Button>
      {open ? <OrderLinesTable lines={lines ?? []} loading={!lines} currency={currency} /> : null}
    </Card>
  );
}

interface RefundProps {
  refund: Refund;
  orderId: string;
  currency: string;
}

export function TimelineRefund({ refund, orderId, currency }: RefundProps) {
  const { t } = useTranslation();
  const amount = refundCents(refund);
  return (
    <Card size="small" data-testid={`timeline-refund-${refund.externalId}`}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <Flex vertical gap={4} style={{ minWidth: 0 }}>
          <Flex gap={6} align="center" wrap>
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              {t('members.timeline.refund')}
            </Tag>
            <ChannelTag channel={refund.channel} />
            <Link to={`/orders/${orderId}`}>{refund.externalOrderId}</Link>
            <RefundStatusTag status={refund.status} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatTime(refund.refundedAt)}
            {refund.reason ? ` · ${refund.reason}` : ''}
          </Typography.Text>
        </Flex>
        <Typography.Text type="danger" strong>
          {amount === null ? t('orders.fullRefund') : `−${formatCents(amount, currency)}`}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
