import {
  Button,
  Descriptions,
  Drawer,
  Flex,
  Grid,
  Popconfirm,
  Result,
  Skeleton,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import { type Exchange, type ExchangeDetail, mallApi } from '../../api/mall';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { useCurrency } from '../../hooks/use-currency';
import { CancelModal, MarkPaidModal, RevealPhoneModal, ShipModal } from './exchange-modals';
import { ExchangeStatusTag, KindTag, PaymentTag } from './mall-bits';

interface Props {
  id: string;
  onChanged: () => void;
  onClose: () => void;
}

type Dialog = 'ship' | 'cancel' | 'paid' | 'reveal' | null;

/** One exchange: what, for whom, where to, its history, and the next step (pay, ship, deliver, cancel). */
export function ExchangeDrawer({ id, onChanged, onClose }: Props) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const currency = useCurrency();
  const screens = Grid.useBreakpoint();
  const { permissions = [] } = useSession();
  const canWrite = permissions.includes('mall:write');
  const canUnmask = permissions.includes('members:unmask');
  const [x, setX] = useState<ExchangeDetail | null | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    mallApi
      .exchange(id)
      .then(setX)
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setX(null);
        else onError(err);
      });
  }, [id, onError]);
  useEffect(load, [load]);

  const changed = (_e: Exchange) => {
    load();
    onChanged();
  };

  const deliver = async () => {
    setBusy(true);
    try {
      changed(await mallApi.deliver(id));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const cash = x ? x.cashCents + x.postageCents : 0;
  const actions =
    x && canWrite ? (
      <Flex gap={8} wrap justify="flex-end">
        {x.status === 'placed' ? (
          <Button danger onClick={() => setDialog('cancel')} data-testid="exchange-cancel">
            {t('mall.exchanges.cancel')}
          </Button>
        ) : null}
        {x.paymentStatus === 'pending' && x.status !== 'cancelled' ? (
          <Button onClick={() => setDialog('paid')} data-testid="exchange-paid">
            {t('mall.exchanges.markPaid')}
          </Button>
        ) : null}
        {x.status === 'shipped' ? (
          <Popconfirm title={t('mall.exchanges.markDeliveredConfirm')} onConfirm={() => deliver()}>
            <Button loading={busy} data-testid="exchange-deliver">
              {t('mall.exchanges.markDelivered')}
            </Button>
          </Popconfirm>
        ) : null}
        {x.status === 'placed' && x.kind === 'physical_gift' ? (
          <Button
            type="primary"
            disabled={x.paymentStatus === 'pending'}
            onClick={() => setDialog('ship')}
            data-testid="exchange-ship"
          >
            {t('mall.exchanges.ship')}
          </Button>
        ) : null}
      </Flex>
    ) : null;

  const history = x
    ? [
        { at: x.placedAt, text: t('mall.exchanges.placed', { points: x.points.toLocaleString() }) },
        ...(x.paidAt ? [{ at: x.paidAt, text: t('mall.exchanges.paid') }] : []),
        ...(x.shippedAt
          ? [
              {
                at: x.shippedAt,
                text: t('mall.exchanges.shipped', { carrier: x.carrier, trackingNo: x.trackingNo }),
              },
            ]
          : []),
        ...(x.deliveredAt ? [{ at: x.deliveredAt, text: t('mall.exchanges.delivered') }] : []),
        ...(x.cancelledAt
          ? [{ at: x.cancelledAt, text: t('mall.exchanges.cancelled', { reason: x.cancelReason }) }]
          : []),
      ].sort((a, b) => a.at.localeCompare(b.at))
    : [];

  return (
    <Drawer
      open
      title={t('mall.exchanges.detailTitle', { id })}
      size={screens.sm ? 560 : '100%'}
      onClose={onClose}
      destroyOnHidden
      footer={actions}
      data-testid="exchange-drawer"
    >
      {x === undefined ? <Skeleton active /> : null}
      {x === null ? <Result status="404" subTitle={t('mall.exchanges.notFound')} /> : null}
      {x ? (
        <>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
            <ExchangeStatusTag status={x.status} />
            <KindTag kind={x.kind} />
            <PaymentTag status={x.paymentStatus} />
          </Flex>
          <Descriptions
            size="small"
            column={1}
            bordered
            styles={{ label: { width: 120 } }}
            items={[
              {
                key: 'item',
                label: t('mall.exchanges.item'),
                children: `${x.itemName} ${t('mall.exchanges.qty', { count: x.qty })}`,
              },
              {
                key: 'member',
                label: t('mall.exchanges.member'),
                children: <Link to={`/members/${x.memberId}`}>{x.memberId}</Link>,
              },
              { key: 'points', label: t('mall.exchanges.points'), children: x.points.toLocaleString() },
              ...(cash > 0
                ? [
                    {
                      key: 'cash',
                      label: t('mall.exchanges.cash'),
                      children: (
                        <Flex vertical>
                          <span>
                            {[
                              x.cashCents > 0 ? formatCents(x.cashCents, currency) : null,
                              x.postageCents > 0
                                ? `${t('mall.exchanges.postage')} ${formatCents(x.postageCents, currency)}`
                                : null,
                            ]
                              .filter(Boolean)
                              .join(' + ')}
                          </span>
                          {x.paymentRef ? (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('mall.exchanges.paymentRef')}: {x.paymentRef}
                            </Typography.Text>
                          ) : null}
                        </Flex>
                      ),
                    },
                  ]
                : []),
              {
                key: 'shipTo',
                label: t('mall.exchanges.shipTo'),
                children: x.shipTo ? (
                  <Flex vertical gap={2} data-testid="exchange-ship-to">
                    <span>
                      {x.shipTo.name} · {phone ?? x.shipTo.phone}{' '}
                      {canUnmask && !phone ? (
                        <Button
                          type="link"
                          size="small"
                          onClick={() => setDialog('reveal')}
                          style={{ padding: 0 }}
                        >
                          {t('mall.exchanges.revealPhone')}
                        </Button>
                      ) : null}
                    </span>
                    <span>
                      {[x.shipTo.province, x.shipTo.city, x.shipTo.district].filter(Boolean).join(' ')}
                    </span>
                    <span>
                      {x.shipTo.line}
                      {x.shipTo.postcode ? ` (${x.shipTo.postcode})` : ''}
                    </span>
                  </Flex>
                ) : (
                  <Typography.Text type="secondary">{t('mall.exchanges.noAddress')}</Typography.Text>
                ),
              },
              ...(x.trackingNo
                ? [
                    {
                      key: 'tracking',
                      label: t('mall.exchanges.tracking'),
                      children: (
                        <Typography.Text copyable={{ text: x.trackingNo }}>
                          {x.carrier} {x.trackingNo}
                        </Typography.Text>
                      ),
                    },
                  ]
                : []),
              ...(x.couponIds.length
                ? [{ key: 'coupons', label: t('mall.exchanges.coupons'), children: x.couponIds.join(', ') }]
                : []),
              ...(x.redemptionInstructions
                ? [
                    {
                      key: 'instr',
                      label: t('mall.exchanges.instructions'),
                      children: x.redemptionInstructions,
                    },
                  ]
                : []),
              { key: 'by', label: t('mall.exchanges.placedBy'), children: x.placedBy },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            {t('mall.exchanges.history')}
          </Typography.Title>
          <Timeline
            items={history.map((h) => ({
              key: `${h.at}-${h.text}`,
              content: (
                <Flex vertical>
                  <span>{h.text}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(h.at)}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
          {dialog === 'ship' ? (
            <ShipModal exchange={x} onDone={changed} onClose={() => setDialog(null)} />
          ) : null}
          {dialog === 'cancel' ? (
            <CancelModal exchange={x} onDone={changed} onClose={() => setDialog(null)} />
          ) : null}
          {dialog === 'paid' ? (
            <MarkPaidModal exchange={x} onDone={changed} onClose={() => setDialog(null)} />
          ) : null}
          {dialog === 'reveal' ? (
            <RevealPhoneModal exchange={x} onRevealed={setPhone} onClose={() => setDialog(null)} />
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
