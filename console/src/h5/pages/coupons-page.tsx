import { App, Button, Input, Modal, Segmented } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, api, newKey, type WalletCoupon } from '../api';
import { errorText } from '../components/errors';
import { Screen } from '../components/screen';
import { Failed, Loading, Nothing } from '../components/state';
import { day, yuan } from '../format';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';

type Tab = 'available' | 'used' | 'expired';

/** The coupon's face: the big value on the left of the ticket. */
function Face({ c }: { c: WalletCoupon }) {
  const { t, lang } = useI18n();
  switch (c.kind) {
    case 'cash_off':
      return <span className="h5-face-value">{yuan(c.amountOffCents ?? 0, lang)}</span>;
    case 'percent_off': {
      const off = (c.percentOffBp ?? 0) / 100;
      // 八五折 in Chinese, "15% off" in English.
      return (
        <span className="h5-face-value">
          {lang === 'zh-CN' ? `${(100 - off) / 10}折` : `${off}% ${t('coupons.off')}`}
        </span>
      );
    }
    case 'gift':
      return <span className="h5-face-value h5-face-word">{t('coupons.gift')}</span>;
    default:
      return <span className="h5-face-value h5-face-word">{t('coupons.freeShipping')}</span>;
  }
}

function Ticket({ c, onShare }: { c: WalletCoupon; onShare: (c: WalletCoupon) => void }) {
  const { t, lang } = useI18n();
  const condition =
    c.kind === 'gift' && c.giftSku
      ? t('coupons.giftSku', { sku: c.giftSku })
      : c.thresholdCents > 0
        ? t('coupons.over', { amount: yuan(c.thresholdCents, lang) })
        : t('coupons.noThreshold');
  const statusText =
    c.status === 'shared'
      ? t('coupons.statusShared')
      : c.status === 'redeemed'
        ? t('coupons.statusRedeemed')
        : c.status === 'expired'
          ? t('coupons.statusExpired')
          : undefined;
  const notYet = Date.parse(c.validFrom) > Date.now();
  return (
    <li className={`h5-ticket${c.status === 'available' ? '' : ' h5-ticket-off'}`} data-testid="coupon">
      <div className="h5-ticket-face">
        <Face c={c} />
        <span className="h5-small">{condition}</span>
      </div>
      <div className="h5-ticket-body">
        <div className="h5-ticket-name">
          {c.name}
          {c.receivedFromFriend && <span className="h5-tag">{t('coupons.fromFriend')}</span>}
        </div>
        {c.kind === 'percent_off' && c.maxDiscountCents ? (
          <div className="h5-small h5-muted">
            {t('coupons.upTo', { amount: yuan(c.maxDiscountCents, lang) })}
          </div>
        ) : null}
        <div className="h5-small h5-muted">
          {notYet
            ? t('coupons.validFrom', { date: day(c.validFrom) })
            : t('coupons.validUntil', { date: day(c.validTo) })}
        </div>
        {c.code && (
          <div className="h5-small h5-code" data-testid="coupon-code">
            {t('coupons.code')} {c.code}
          </div>
        )}
        <div className="h5-ticket-actions">
          {statusText && <span className="h5-stamp">{statusText}</span>}
          {c.status === 'available' && c.shareable && (
            <Button size="small" onClick={() => onShare(c)} data-testid="coupon-share">
              {t('coupons.share')}
            </Button>
          )}
        </div>
      </div>
    </li>
  );
}

function ShareModal({
  coupon,
  onClose,
}: {
  coupon: WalletCoupon | undefined;
  onClose: (done: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // One key per coupon shown: a double tap or a retry after a lost answer shares it once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key for each coupon
  const key = useMemo(newKey, [coupon?.id]);
  const submit = async () => {
    if (!coupon) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await api.share(coupon.id, phone, key);
      message.success(t('coupons.shared', { phone: res.sharedTo }));
      setPhone('');
      onClose(true);
    } catch (e) {
      const field = e instanceof ApiError ? e.field('phone') : undefined;
      setError(
        field?.includes('no member')
          ? t('coupons.noFriend')
          : field?.includes('own number')
            ? t('coupons.ownNumber')
            : e instanceof ApiError && e.code === 'VALIDATION'
              ? t('errors.phone')
              : errorText(e, t),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={coupon !== undefined}
      title={t('coupons.shareTitle')}
      okText={t('coupons.shareSubmit')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
      centered
    >
      <p className="h5-muted">{coupon?.name}</p>
      <p className="h5-hint">{t('coupons.shareHint')}</p>
      <Input
        size="large"
        type="tel"
        inputMode="tel"
        placeholder={t('coupons.friendPhone')}
        value={phone}
        onChange={(e) => setPhone(e.target.value.trim())}
        data-testid="share-phone"
      />
      {error && (
        <p className="h5-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

export function CouponsPage() {
  const { t } = useI18n();
  const wallet = useLoad(() => api.wallet());
  const [tab, setTab] = useState<Tab>('available');
  const [sharing, setSharing] = useState<WalletCoupon>();
  const list = wallet.data?.[tab] ?? [];
  return (
    <Screen title={t('coupons.title')} tabs>
      <Segmented<Tab>
        block
        value={tab}
        onChange={setTab}
        className="h5-segmented"
        options={(['available', 'used', 'expired'] as const).map((k) => ({
          value: k,
          label: `${t(`coupons.${k}`)}${wallet.data ? ` ${wallet.data[k].length}` : ''}`,
        }))}
      />
      {!wallet.data ? (
        wallet.error ? (
          <Failed error={wallet.error} retry={wallet.reload} />
        ) : (
          <Loading />
        )
      ) : list.length === 0 ? (
        <Nothing text={t('coupons.empty')} />
      ) : (
        <ul className="h5-tickets" data-testid={`coupons-${tab}`}>
          {list.map((c) => (
            <Ticket key={c.id} c={c} onShare={setSharing} />
          ))}
        </ul>
      )}
      <ShareModal
        coupon={sharing}
        onClose={(done) => {
          setSharing(undefined);
          if (done) wallet.reload();
        }}
      />
    </Screen>
  );
}
