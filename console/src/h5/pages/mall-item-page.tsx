import { EnvironmentOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, InputNumber, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, newKey } from '../api';
import { errorText } from '../components/errors';
import { Screen } from '../components/screen';
import { Failed, Loading } from '../components/state';
import { points, yuan } from '../format';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';
import { ItemPicture, lockText, priceText } from './mall-page';

export function MallItemPage() {
  const { id = '' } = useParams();
  const { t, tx, lang } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const res = useLoad(() => Promise.all([api.item(id), api.points(), api.tier(), api.addresses()]), id);
  const [qty, setQty] = useState(1);
  const [addressId, setAddressId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // One key per exchange attempt: a retry after a lost answer does not exchange twice.
  const [key, setKey] = useState(newKey);

  const [item, pts, tier, addresses] = res.data ?? [];
  useEffect(() => {
    if (addresses && !addressId)
      setAddressId(addresses.items.find((a) => a.isDefault)?.id ?? addresses.items[0]?.id);
  }, [addresses, addressId]);

  if (!res.data || !item || !pts || !addresses) {
    return (
      <Screen title={t('mall.title')} back="/mall">
        {res.error ? <Failed error={res.error} retry={res.reload} /> : <Loading />}
      </Screen>
    );
  }

  const physical = item.kind === 'physical_gift';
  const max = Math.max(1, Math.min(99, item.leftForMember ?? 99, item.stockLeft ?? 99));
  const total = item.points * qty;
  // What is paid in money besides the points: the cash part per unit, and postage once per exchange.
  const cash = item.cashCents * qty + (physical ? item.postageCents : 0);
  const enough = pts.available >= total;
  const blocked = !item.eligible || item.soldOut || item.leftForMember === 0;
  const canExchange = !blocked && enough && (!physical || addressId !== undefined);

  const place = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.exchange(item.id, { qty, ...(physical && addressId ? { addressId } : {}) }, key);
      setKey(newKey());
      message.success(t('mall.done'));
      navigate('/exchanges');
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const confirm = () =>
    modal.confirm({
      title: t('mall.confirmTitle', { points: points(total, lang) }),
      content: cash > 0 ? t('mall.confirmCash', { amount: yuan(cash, lang) }) : undefined,
      okText: t('mall.exchange'),
      cancelText: t('app.cancel'),
      centered: true,
      onOk: place,
    });

  return (
    <Screen title={t('mall.title')} back="/mall" className="h5-with-action">
      <div className="h5-item-hero">
        <ItemPicture item={item} />
      </div>
      <section className="h5-panel">
        <div className="h5-tag">{tx(`mall.kinds.${item.kind}`, 'mall.title')}</div>
        <h2 className="h5-item-title" data-testid="item-name">
          {item.name}
        </h2>
        <div className="h5-item-price big">{priceText(item, 1, t, lang)}</div>
        {physical && item.postageCents > 0 && (
          <div className="h5-muted h5-small">
            {t('mall.postage', { amount: yuan(item.postageCents, lang) })}
          </div>
        )}
        <div className="h5-item-badges">
          {item.soldOut && <span className="h5-tag grey">{t('mall.soldOut')}</span>}
          {!item.eligible && <span className="h5-tag gold">{lockText(item, tier, t)}</span>}
          {item.leftForMember !== null && (
            <span className="h5-tag grey">
              {item.leftForMember === 0 ? t('mall.reachedLimit') : t('mall.limit', { n: item.leftForMember })}
            </span>
          )}
          {item.stockLeft !== null && !item.soldOut && (
            <span className="h5-tag grey">{t('mall.left', { n: item.stockLeft })}</span>
          )}
        </div>
        {item.description && <p className="h5-desc">{item.description}</p>}
      </section>

      {!blocked && (
        <section className="h5-panel">
          <div className="h5-list-row">
            <span>{t('mall.quantity')}</span>
            <InputNumber
              min={1}
              max={max}
              value={qty}
              onChange={(v) => setQty(v ?? 1)}
              data-testid="item-qty"
            />
          </div>
          {physical && (
            <div className="h5-ship">
              <div className="h5-h2">
                <EnvironmentOutlined /> {t('mall.shipTo')}
              </div>
              {addresses.items.length === 0 ? (
                <Link to="/addresses/new" state={{ back: `/mall/${item.id}` }} className="h5-row-link">
                  <PlusOutlined /> {t('mall.addAddress')}
                </Link>
              ) : (
                <Radio.Group
                  className="h5-address-choice"
                  value={addressId}
                  onChange={(e) => setAddressId(e.target.value)}
                  options={addresses.items.map((a) => ({
                    value: a.id,
                    label: (
                      <span>
                        <b>{a.recipient}</b> {a.phone}
                        <br />
                        <span className="h5-muted h5-small">
                          {a.province} {a.city} {a.district} {a.line}
                        </span>
                      </span>
                    ),
                  }))}
                />
              )}
            </div>
          )}
        </section>
      )}

      {error && (
        <p className="h5-error h5-pad" role="alert" data-testid="exchange-error">
          {error}
        </p>
      )}
      <div className="h5-action-bar">
        <div>
          <div className="h5-small h5-muted">{t('mall.total')}</div>
          <b data-testid="exchange-total">
            {t('mall.points', { points: points(total, lang) })}
            {cash > 0 ? ` ${t('mall.plusCash', { amount: yuan(cash, lang) })}` : ''}
          </b>
          {!enough && !blocked && <div className="h5-small h5-minus">{t('mall.notEnough')}</div>}
        </div>
        <Button
          type="primary"
          size="large"
          disabled={!canExchange}
          loading={busy}
          onClick={confirm}
          data-testid="exchange-submit"
        >
          {t('mall.exchange')}
        </Button>
      </div>
    </Screen>
  );
}
