import { Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderLine } from '../../api/orders';
import { formatCents } from '../../components/money';

interface Props {
  lines: OrderLine[];
  currency: string;
  loading?: boolean;
}

/** An order's line items: what was bought, at what price, and what has been refunded. */
export function OrderLinesTable({ lines, currency, loading = false }: Props) {
  const { t } = useTranslation();
  const columns: TableColumnsType<OrderLine> = [
    { title: '#', dataIndex: 'lineNo', width: 48 },
    {
      title: t('orders.sku'),
      dataIndex: 'sku',
      render: (_, l) => <Typography.Text code>{l.sku}</Typography.Text>,
    },
    { title: t('orders.qty'), dataIndex: 'qty', align: 'right', width: 70 },
    {
      title: t('orders.unitPrice'),
      dataIndex: 'unitPriceCents',
      align: 'right',
      responsive: ['sm'],
      render: (_, l) => formatCents(l.unitPriceCents, currency),
    },
    {
      title: t('orders.paid'),
      dataIndex: 'paidCents',
      align: 'right',
      render: (_, l) => formatCents(l.paidCents, currency),
    },
    {
      title: t('orders.refunded'),
      key: 'refunded',
      align: 'right',
      render: (_, l) =>
        l.refundedQty || l.refundedCents ? (
          <Typography.Text type="danger">
            {l.refundedQty} · {formatCents(l.refundedCents, currency)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Table<OrderLine>
      size="small"
      rowKey="lineNo"
      columns={columns}
      dataSource={lines}
      loading={loading}
      pagination={false}
      data-testid="order-lines"
    />
  );
}
