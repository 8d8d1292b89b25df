import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ExchangeStatus, ItemKind, ItemStatus, PaymentStatus } from '../../api/mall';
import { formatCents } from '../../components/money';

const itemStatusColor: Record<ItemStatus, string> = { draft: 'default', active: 'green', inactive: 'orange' };
const kindColor: Record<ItemKind, string> = {
  physical_gift: 'blue',
  coupon: 'magenta',
  partner_benefit: 'purple',
};
const exchangeColor: Record<ExchangeStatus, string> = {
  placed: 'gold',
  shipped: 'blue',
  delivered: 'green',
  cancelled: 'default',
};
const paymentColor: Record<PaymentStatus, string> = { none: 'default', pending: 'red', paid: 'green' };

export function ItemStatusTag({ status }: { status: ItemStatus }) {
  const { t } = useTranslation();
  return <Tag color={itemStatusColor[status]}>{t(`mall.itemStatuses.${status}`)}</Tag>;
}

export function KindTag({ kind }: { kind: ItemKind }) {
  const { t } = useTranslation();
  return <Tag color={kindColor[kind]}>{t(`mall.kinds.${kind}`)}</Tag>;
}

export function ExchangeStatusTag({ status }: { status: ExchangeStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={exchangeColor[status]} data-testid="exchange-status">
      {t(`mall.exchangeStatuses.${status}`)}
    </Tag>
  );
}

export function PaymentTag({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation();
  return <Tag color={paymentColor[status]}>{t(`mall.paymentStatuses.${status}`)}</Tag>;
}

/** "500 points + ¥10.00" for one unit (or a whole exchange). */
export function priceText(t: TFunction, points: number, cashCents: number, currency: string): string {
  const p = t('mall.items.previewPoints', { points: points.toLocaleString() });
  return cashCents > 0 ? `${p} + ${formatCents(cashCents, currency)}` : p;
}
