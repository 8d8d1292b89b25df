import { ClockCircleOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type HistoryItem } from '../api';
import { Screen } from '../components/screen';
import { Failed, Loading, Nothing } from '../components/state';
import { day, dayTime, points } from '../format';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';

export function PointsPage() {
  const { t, tx, lang } = useI18n();
  const summary = useLoad(() => api.points());
  const [items, setItems] = useState<HistoryItem[]>([]);
  const [total, setTotal] = useState<number>();
  const [more, setMore] = useState(false);
  const [failed, setFailed] = useState<unknown>();

  const load = useCallback((offset: number) => {
    setMore(true);
    api.history(offset).then(
      (page) => {
        setItems((prev) => (offset === 0 ? page.items : [...prev, ...page.items]));
        setTotal(page.total);
        setMore(false);
      },
      (e) => {
        setFailed(e);
        setMore(false);
      },
    );
  }, []);
  useEffect(() => load(0), [load]);

  return (
    <Screen title={t('points.title')} back="/">
      {summary.data ? (
        <>
          <section className="h5-panel h5-balance">
            <div className="h5-muted">{t('points.available')}</div>
            <div className="h5-big" data-testid="points-available">
              {points(summary.data.available, lang)}
            </div>
            <div className="h5-balance-row">
              <span>
                {t('points.pending')} <b>{points(summary.data.pending, lang)}</b>
              </span>
              <span>
                {t('points.held')} <b>{points(summary.data.held, lang)}</b>
              </span>
              {summary.data.debt > 0 && (
                <span>
                  {t('points.debt')} <b>{points(summary.data.debt, lang)}</b>
                </span>
              )}
            </div>
            {summary.data.pending > 0 && <p className="h5-hint">{t('points.pendingHint')}</p>}
          </section>
          <section className="h5-panel">
            <h2 className="h5-h2">
              <ClockCircleOutlined /> {t('points.expiringSoon')}
            </h2>
            {summary.data.expiringSoon.length === 0 ? (
              <p className="h5-muted">{t('points.noneExpiring')}</p>
            ) : (
              <ul className="h5-list" data-testid="points-expiring">
                {summary.data.expiringSoon.map((e) => (
                  <li key={e.at} className="h5-list-row">
                    <span className="h5-warn">{points(e.points, lang)}</span>
                    <span className="h5-muted">{t('points.expiresOn', { date: day(e.at) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : summary.error ? (
        <Failed error={summary.error} retry={summary.reload} />
      ) : (
        <Loading />
      )}

      <section className="h5-panel">
        <h2 className="h5-h2">{t('points.history')}</h2>
        {failed !== undefined && items.length === 0 ? (
          <Failed error={failed} retry={() => load(0)} />
        ) : total === 0 ? (
          <Nothing text={t('points.empty')} />
        ) : (
          <ul className="h5-list" data-testid="points-history">
            {items.map((i) => (
              <li key={i.id} className="h5-list-row">
                <div>
                  <div>{tx(`points.kinds.${i.kind}`, 'points.kinds.other')}</div>
                  <div className="h5-muted h5-small">
                    {dayTime(i.occurredAt)}
                    {i.reason ? ` · ${i.reason}` : ''}
                  </div>
                </div>
                <span className={i.points > 0 ? 'h5-plus' : i.points < 0 ? 'h5-minus' : 'h5-muted'}>
                  {i.points > 0 ? '+' : ''}
                  {points(i.points, lang)}
                </span>
              </li>
            ))}
          </ul>
        )}
        {total !== undefined && items.length < total && (
          <Button block loading={more} onClick={() => load(items.length)}>
            {t('points.more')}
          </Button>
        )}
        {total === undefined && failed === undefined && <Loading />}
      </section>
    </Screen>
  );
}
