import { Button } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Exchange } from '../api';
import { Screen } from '../components/screen';
import { Failed, Loading, Nothing } from '../components/state';
import { dayTime, yuan } from '../format';
import { useI18n } from '../i18n';
import { priceText } from './mall-page';

const statusClass: Record<Exchange['status'], string> = {
  placed: 'h5-tag',
  shipped: 'h5-tag blue',
  delivered: 'h5-tag grey',
  cancelled: 'h5-tag red',
};

export function ExchangesPage() {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Exchange[]>([]);
  const [total, setTotal] = useState<number>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const load = useCallback((offset: number) => {
    setBusy(true);
    api.exchanges(offset).then(
      (page) => {
        setItems((prev) => (offset === 0 ? page.items : [...prev, ...page.items]));
        setTotal(page.total);
        setBusy(false);
      },
      (e) => {
        setError(e);
        setBusy(false);
      },
    );
  }, []);
  useEffect(() => load(0), [load]);
  return (
    <Screen title={t('exchanges.title')} back="/me">
      {total === undefined ? (
        error ? (
          <Failed error={error} retry={() => load(0)} />
        ) : (
          <Loading />
        )
      ) : total === 0 ? (
        <Nothing text={t('exchanges.empty')} />
      ) : (
        <ul className="h5-cards" data-testid="exchanges">
          {items.map((x) => (
            <li key={x.id} className="h5-panel" data-testid="exchange">
              <div className="h5-list-row">
                <b>{x.itemName}</b>
                <span className={statusClass[x.status]}>{t(`exchanges.status.${x.status}`)}</span>
              </div>
              <div className="h5-list-row h5-small">
                <span>
                  {priceText({ points: x.points / x.qty, cashCents: x.cashCents / x.qty }, x.qty, t, lang)}{' '}
                  {t('exchanges.qty', { n: x.qty })}
                </span>
                {x.paymentStatus !== 'none' && (
                  <span className="h5-muted">
                    {t(`exchanges.payment.${x.paymentStatus}`)}
                    {x.postageCents > 0
                      ? ` · ${t('mall.postage', { amount: yuan(x.postageCents, lang) })}`
                      : ''}
                  </span>
                )}
              </div>
              {x.address && (
                <div className="h5-small h5-muted">
                  {x.address.name} {x.address.phone} · {x.address.province} {x.address.city}{' '}
                  {x.address.district ?? ''}
                </div>
              )}
              {x.carrier && x.trackingNo && (
                <div className="h5-small">
                  {t('exchanges.tracking', { carrier: x.carrier, no: x.trackingNo })}
                </div>
              )}
              {x.kind === 'coupon' && x.status !== 'cancelled' && (
                <div className="h5-small h5-plus">{t('mall.couponNote')}</div>
              )}
              {x.redemptionInstructions && x.status !== 'cancelled' && (
                <div className="h5-small">
                  {t('mall.benefitNote')}: {x.redemptionInstructions}
                </div>
              )}
              {x.status === 'cancelled' && (
                <div className="h5-small h5-minus">
                  {t('exchanges.cancelled', { reason: x.cancelReason ?? '—' })}
                </div>
              )}
              <div className="h5-small h5-muted">
                {t('exchanges.placedAt', { date: dayTime(x.placedAt) })}
              </div>
            </li>
          ))}
        </ul>
      )}
      {total !== undefined && items.length < total && (
        <Button block loading={busy} onClick={() => load(items.length)}>
          {t('points.more')}
        </Button>
      )}
    </Screen>
  );
}
