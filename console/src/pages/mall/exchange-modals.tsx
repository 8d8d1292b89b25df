import { Alert, AutoComplete, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Exchange, mallApi } from '../../api/mall';
import { FormModal } from '../../components/form-modal';
import { formatCents } from '../../components/money';
import { useCurrency } from '../../hooks/use-currency';

/** Couriers offered as you type; any other name is accepted. */
const CARRIERS = [
  '顺丰速运 SF',
  '中通 ZTO',
  '圆通 YTO',
  '韵达 Yunda',
  '申通 STO',
  '京东物流 JD',
  'EMS',
  '极兔 J&T',
];

interface ModalProps {
  exchange: Exchange;
  onDone: (e: Exchange) => void;
  onClose: () => void;
}

export function ShipModal({ exchange, onDone, onClose }: ModalProps) {
  const { t } = useTranslation();
  return (
    <FormModal<{ carrier: string; trackingNo: string }>
      title={t('mall.exchanges.shipTitle', { id: exchange.id })}
      okText={t('mall.exchanges.ship')}
      okTestId="ship-submit"
      successMessage={t('mall.exchanges.shippedDone')}
      onSubmit={async (v) =>
        onDone(
          await mallApi.ship(exchange.id, { carrier: v.carrier.trim(), trackingNo: v.trackingNo.trim() }),
        )
      }
      onClose={onClose}
      width={440}
    >
      <Alert type="info" showIcon title={t('mall.exchanges.shipHint')} style={{ marginBottom: 16 }} />
      <Form.Item name="carrier" label={t('mall.exchanges.carrier')} rules={[{ required: true, max: 50 }]}>
        <AutoComplete
          options={CARRIERS.map((c) => ({ value: c }))}
          placeholder={t('mall.exchanges.carrierPlaceholder')}
          filterOption={(input, option) => (option?.value ?? '').toLowerCase().includes(input.toLowerCase())}
          data-testid="ship-carrier"
        />
      </Form.Item>
      <Form.Item
        name="trackingNo"
        label={t('mall.exchanges.trackingNo')}
        rules={[{ required: true, pattern: /^[A-Za-z0-9-]{4,40}$/ }]}
      >
        <Input maxLength={40} autoComplete="off" data-testid="ship-tracking" />
      </Form.Item>
    </FormModal>
  );
}

export function CancelModal({ exchange, onDone, onClose }: ModalProps) {
  const { t } = useTranslation();
  const currency = useCurrency();
  const cash = exchange.cashCents + exchange.postageCents;
  return (
    <FormModal<{ reason: string }>
      title={t('mall.exchanges.cancelTitle', { id: exchange.id })}
      okText={t('mall.exchanges.cancelConfirm')}
      okTestId="cancel-submit"
      successMessage={t('mall.exchanges.cancelledDone')}
      onSubmit={async (v) => onDone(await mallApi.cancel(exchange.id, v.reason.trim()))}
      onClose={onClose}
      width={480}
    >
      <Alert
        type="info"
        showIcon
        title={t('mall.exchanges.cancelHint', { points: exchange.points.toLocaleString() })}
        style={{ marginBottom: 12 }}
      />
      {exchange.paymentStatus === 'paid' ? (
        <Alert
          type="warning"
          showIcon
          title={t('mall.exchanges.cancelPaidWarning', { amount: formatCents(cash, currency) })}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      <Form.Item
        name="reason"
        label={t('mall.exchanges.cancelReason')}
        rules={[{ required: true, min: 2, max: 500 }]}
      >
        <Input.TextArea rows={3} maxLength={500} data-testid="cancel-reason" />
      </Form.Item>
    </FormModal>
  );
}

export function MarkPaidModal({ exchange, onDone, onClose }: ModalProps) {
  const { t } = useTranslation();
  const currency = useCurrency();
  return (
    <FormModal<{ reference?: string }>
      title={t('mall.exchanges.markPaidConfirm', {
        amount: formatCents(exchange.cashCents + exchange.postageCents, currency),
      })}
      okText={t('mall.exchanges.markPaid')}
      okTestId="paid-submit"
      successMessage={t('mall.exchanges.paidDone')}
      onSubmit={async (v) => onDone(await mallApi.markPaid(exchange.id, v.reference?.trim() || undefined))}
      onClose={onClose}
      width={440}
    >
      <Form.Item name="reference" label={t('mall.exchanges.markPaidRef')} rules={[{ max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
    </FormModal>
  );
}

export function RevealPhoneModal({
  exchange,
  onRevealed,
  onClose,
}: {
  exchange: Exchange;
  onRevealed: (phone: string | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal<{ reason: string }>
      title={t('mall.exchanges.revealTitle')}
      okText={t('mall.exchanges.revealPhone')}
      successMessage={null}
      onSubmit={async (v) => onRevealed((await mallApi.revealPhone(exchange.id, v.reason.trim())).phone)}
      onClose={onClose}
      width={440}
    >
      <Form.Item
        name="reason"
        label={t('mall.exchanges.reason')}
        extra={t('mall.exchanges.revealHint')}
        rules={[{ required: true, min: 4, max: 200 }]}
      >
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}
