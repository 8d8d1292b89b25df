import { RightOutlined } from '@ant-design/icons';
import { Progress } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, type Card, type Tier } from '../api';
import { QrCode } from '../components/qr-code';
import { Screen } from '../components/screen';
import { Failed, Loading } from '../components/state';
import { day, points, yuan } from '../format';
import { type T, useI18n } from '../i18n';
import { useLoad } from '../use-load';

/** Card colours by tier rank: none, then silver, gold, platinum, black. */
const palettes = ['#1f9d63', '#7d8ba1', '#b8892b', '#5b6b8c', '#26262f'];
export const tierColour = (rank: number | undefined) => palettes[Math.min(rank ?? 0, palettes.length - 1)]!;

/** "¥700 to Gold" or "300 to Gold" (growth), for the card and the tier page. */
export function toNextText(tier: Tier, t: T, lang: 'zh-CN' | 'en'): string {
  if (!tier.next) return t('home.topTier');
  const remaining =
    tier.basis === 'paid_12m' ? yuan(tier.next.remaining, lang) : points(tier.next.remaining, lang);
  return t('home.toNext', { remaining, tier: tier.next.name });
}

/** The member card: a QR code that refreshes itself, with tier and points. */
function useCard(): { card: Card | undefined; left: number; failed: boolean } {
  const [card, setCard] = useState<Card>();
  const [failed, setFailed] = useState(false);
  const [now, setNow] = useState(Date.now());
  const fetched = useRef(0);
  const refresh = useCallback(() => {
    fetched.current = Date.now();
    api.card().then(
      (c) => {
        setCard(c);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, []);
  useEffect(() => {
    refresh();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    // Back from another app: the code on screen may be stale.
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(tick);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);
  const every = (card?.refreshInSeconds ?? 30) * 1000;
  const left = Math.min(every / 1000, Math.max(0, Math.ceil((fetched.current + every - now) / 1000)));
  useEffect(() => {
    if (card && left === 0) refresh();
  }, [card, left, refresh]);
  return { card, left, failed };
}

export function HomePage() {
  const { t, lang } = useI18n();
  const data = useLoad(() => Promise.all([api.me(), api.points(), api.tier(), api.wallet()]));
  const { card, left, failed } = useCard();
  if (data.loading && !data.data) {
    return (
      <Screen title={t('app.title')} tabs>
        <Loading />
      </Screen>
    );
  }
  if (!data.data) {
    return (
      <Screen title={t('app.title')} tabs>
        <Failed error={data.error} retry={data.reload} />
      </Screen>
    );
  }
  const [me, pts, tier, wallet] = data.data;
  const colour = tierColour(tier.tier?.rank);
  return (
    <Screen title={me.tenant.name} tabs>
      <section className="h5-card" style={{ background: `linear-gradient(135deg, ${colour}, ${colour}cc)` }}>
        <div className="h5-card-head">
          <div>
            <div className="h5-card-name" data-testid="card-name">
              {me.name ? t('home.hello', { name: me.name }) : me.phone}
            </div>
            <div className="h5-card-sub">{me.phone}</div>
          </div>
          <span className="h5-card-tier" data-testid="card-tier">
            {tier.tier?.name ?? t('home.noTier')}
          </span>
        </div>
        <div className="h5-card-qr">
          {card ? (
            <QrCode value={card.token} label={t('home.showCode')} />
          ) : (
            <div className="h5-qr h5-qr-blank" />
          )}
          <div className="h5-card-qr-hint">
            {t('home.showCode')}
            <span className="h5-countdown" data-testid="card-countdown">
              {failed
                ? t('errors.network')
                : left > 0
                  ? t('home.refreshIn', { s: left })
                  : t('home.refreshing')}
            </span>
          </div>
        </div>
        <div className="h5-card-foot">
          <div>
            <div className="h5-card-points" data-testid="card-points">
              {points(pts.available, lang)}
            </div>
            <div className="h5-card-label">{t('home.points')}</div>
          </div>
          {tier.program && (
            <div className="h5-card-next">
              <span>{toNextText(tier, t, lang)}</span>
              {tier.next && (
                <Progress
                  percent={Math.round(tier.progress * 100)}
                  showInfo={false}
                  size="small"
                  strokeColor="#fff"
                  railColor="rgba(255,255,255,.3)"
                />
              )}
            </div>
          )}
        </div>
      </section>

      {pts.nextExpiry && (
        <Link to="/points" className="h5-notice" data-testid="home-expiring">
          {t('home.expiring', { points: points(pts.nextExpiry.points, lang), date: day(pts.nextExpiry.at) })}
          <RightOutlined />
        </Link>
      )}

      <div className="h5-tiles">
        <Link to="/points" className="h5-tile">
          <strong>{points(pts.available, lang)}</strong>
          <span>{t('home.points')}</span>
        </Link>
        <Link to="/coupons" className="h5-tile">
          <strong data-testid="home-coupons">{wallet.available.length}</strong>
          <span>{t('home.coupons')}</span>
        </Link>
        <Link to="/tier" className="h5-tile">
          <strong>{tier.tier?.name ?? '—'}</strong>
          <span>{t('home.tier')}</span>
        </Link>
      </div>
      <Link to="/mall" className="h5-row-link">
        {t('home.mall')}
        <RightOutlined />
      </Link>
    </Screen>
  );
}
