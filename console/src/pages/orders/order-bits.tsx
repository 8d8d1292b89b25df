import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderStatus, Refund, RefundStatus } from '../../api/orders';

const ORDER_COLOURS: Record<OrderStatus, string> = {
  paid: 'green',
  partially_refunded: 'orange',
  refunded: 'red',
  cancelled: 'default',
};

const REFUND_COLOURS: Record<RefundStatus, string> = {
  held: 'processing',
  applied: 'red',
  rejected: 'default',
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={ORDER_COLOURS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`orders.status.${status}`)}
    </Tag>
  );
}

export function RefundStatusTag({ status }: { status: RefundStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={REFUND_COLOURS[status]} style={{ marginInlineEnd: 0 }}>
      {t(`orders.refundStatus.${status}`)}
    </Tag>
  );
}

/** What a refund gave back: its amount once applied, else what its lines ask for. */
export function refundCents(r: Refund): number | null {
  if (r.amountCents !== null) return r.amountCents;
  if (r.lines.length === 0) return null;
  return r.lines.reduce((sum, l) => sum + l.amountCents, 0);
}
