import { Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Refund } from '../../api/orders';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { RefundStatusTag, refundCents } from './order-bits';

/** An order's refunds: applied, held until the order came, or rejected with why. */
export function OrderRefundsTable({ refunds, currency }: { refunds: Refund[]; currency: string }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Refund> = [
    { title: t('orders.refundedAt'), dataIndex: 'refundedAt', render: (_, r) => formatTime(r.refundedAt) },
    {
      title: t('orders.refundId'),
      dataIndex: 'externalId',
      render: (_, r) => <Typography.Text code>{r.externalId}</Typography.Text>,
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, r) => (
        <>
          <RefundStatusTag status={r.status} />
          {r.rejection ? (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {r.rejection}
            </Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: t('orders.amount'),
      key: 'amount',
      align: 'right',
      render: (_, r) => {
        const cents = refundCents(r);
        return (
          <>
            {r.full ? <Tag color="red">{t('orders.fullRefund')}</Tag> : null}
            {cents === null ? '' : formatCents(cents, currency)}
          </>
        );
      },
    },
    {
      title: t('orders.refundLines'),
      key: 'lines',
      responsive: ['md'],
      render: (_, r) =>
        r.lines
          .map((l) => `${l.sku ?? `#${l.lineNo}`} × ${l.qty} (${formatCents(l.amountCents, currency)})`)
          .join(', ') || '—',
    },
    { title: t('orders.reason'), dataIndex: 'reason', responsive: ['lg'], render: (_, r) => r.reason ?? '—' },
  ];
  return (
    <Table<Refund>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={refunds}
      pagination={false}
      data-testid="order-refunds"
    />
  );
}
