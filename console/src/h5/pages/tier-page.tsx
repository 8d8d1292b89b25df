import { CheckCircleFilled } from '@ant-design/icons';
import { Progress } from 'antd';
import { api, type Benefits, type Tier } from '../api';
import { Screen } from '../components/screen';
import { Failed, Loading, Nothing } from '../components/state';
import { day, points, yuan } from '../format';
import { type T, useI18n } from '../i18n';
import { useLoad } from '../use-load';
import { tierColour } from './home-page';

export function benefitLines(b: Benefits, t: T): string[] {
  const out: string[] = [];
  if (b.pointsMultiplier && b.pointsMultiplier !== 1)
    out.push(t('tier.b.multiplier', { x: b.pointsMultiplier }));
  if (b.discountRate && b.discountRate < 1)
    out.push(t('tier.b.discount', { off: Math.round((1 - b.discountRate) * 1000) / 10 }));
  if (b.freeShipping) out.push(t('tier.b.freeShipping'));
  if (b.birthdayCouponTemplateId) out.push(t('tier.b.birthday'));
  if (b.upgradeCouponTemplateId) out.push(t('tier.b.upgrade'));
  if (b.prioritySupport) out.push(t('tier.b.priority'));
  return out;
}

function progressText(tier: Tier, t: T, lang: 'zh-CN' | 'en'): string {
  if (!tier.next) return t('tier.top');
  if (tier.next.remaining === 0) return t('tier.toNextReached', { tier: tier.next.name });
  return tier.basis === 'paid_12m'
    ? t('tier.toNextSpend', { amount: yuan(tier.next.remaining, lang), tier: tier.next.name })
    : t('tier.toNextGrowth', { value: points(tier.next.remaining, lang), tier: tier.next.name });
}

export function TierPage() {
  const { t, lang } = useI18n();
  const res = useLoad(() => api.tier());
  const tier = res.data;
  return (
    <Screen title={t('tier.title')} back="/me">
      {!tier ? (
        res.error ? (
          <Failed error={res.error} retry={res.reload} />
        ) : (
          <Loading />
        )
      ) : !tier.program ? (
        <Nothing text={t('tier.noProgram')} />
      ) : (
        <>
          <section className="h5-panel h5-tier-head" style={{ background: tierColour(tier.tier?.rank) }}>
            <div className="h5-tier-name" data-testid="tier-name">
              {tier.tier?.name ?? t('tier.none')}
            </div>
            <div className="h5-tier-meta">
              {tier.since ? t('tier.since', { date: day(tier.since) }) : t('tier.noneHint')}
              {tier.evaluateAt ? ` · ${t('tier.review', { date: day(tier.evaluateAt) })}` : ''}
            </div>
            {tier.next && (
              <Progress
                percent={Math.round(tier.progress * 100)}
                strokeColor="#fff"
                railColor="rgba(255,255,255,.3)"
                showInfo={false}
                data-testid="tier-progress"
              />
            )}
            <div className="h5-tier-next" data-testid="tier-next">
              {progressText(tier, t, lang)}
            </div>
            <div className="h5-tier-meta">
              {tier.basis === 'paid_12m'
                ? t('tier.spend12m', { amount: yuan(tier.qualifying, lang) })
                : t('tier.growth12m', { value: points(tier.qualifying, lang) })}
            </div>
          </section>
          <h2 className="h5-h2 h5-pad">{t('tier.benefits')}</h2>
          <ul className="h5-tier-list">
            {tier.tiers.map((x) => {
              const lines = benefitLines(x.benefits, t);
              const current = x.id === tier.tier?.id;
              return (
                <li key={x.id} className={`h5-panel h5-tier-item${current ? ' current' : ''}`}>
                  <div className="h5-tier-item-head">
                    <span className="h5-dot" style={{ background: tierColour(x.rank) }} />
                    <b>{x.name}</b>
                    {current && <span className="h5-tag">{t('tier.current')}</span>}
                    <span className="h5-muted h5-small h5-right">
                      {tier.basis === 'paid_12m'
                        ? t('tier.threshold', { amount: yuan(x.threshold, lang) })
                        : t('tier.thresholdGrowth', { value: points(x.threshold, lang) })}
                    </span>
                  </div>
                  <ul className="h5-benefits">
                    {(lines.length ? lines : [t('tier.noBenefits')]).map((l) => (
                      <li key={l}>
                        <CheckCircleFilled /> {l}
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Screen>
  );
}
