import { CrownOutlined } from '@ant-design/icons';
import { Card, Collapse, Flex, Progress, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Benefits, MemberTier, TierBasis } from '../../api/loyalty';
import { loyaltyApi } from '../../api/loyalty';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { useCurrency } from '../../hooks/use-currency';

/** A qualifying figure as people read it: money for paid_12m, a number for growth. */
const qualifyingText = (basis: TierBasis, value: number, currency: string) =>
  basis === 'paid_12m' ? formatCents(value, currency) : value.toLocaleString();

export function benefitTags(t: TFunction, b: Benefits): string[] {
  const out: string[] = [];
  if (b.pointsMultiplier !== undefined && b.pointsMultiplier !== 1)
    out.push(t('loyalty.member.multiplierBenefit', { rate: b.pointsMultiplier }));
  if (b.discountRate !== undefined && b.discountRate < 1)
    out.push(t('loyalty.member.discountBenefit', { percent: Math.round(b.discountRate * 1000) / 10 }));
  if (b.freeShipping) out.push(t('loyalty.tiers.freeShipping'));
  if (b.prioritySupport) out.push(t('loyalty.tiers.prioritySupport'));
  if (b.birthdayCouponTemplateId) out.push(t('loyalty.tiers.birthdayCoupon'));
  if (b.upgradeCouponTemplateId) out.push(t('loyalty.tiers.upgradeCoupon'));
  return out;
}

const REASONS = new Set(['qualified', 'evaluation', 'merge', 'unmerge']);

/** The member's tier: where they are, how far to the next, what it gives them, how they got there. */
export function TierCard({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const currency = useCurrency();
  const [data, setData] = useState<MemberTier | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    loyaltyApi
      .memberTier(memberId)
      // No programme yet, or no right to see loyalty: the card says so or stays away.
      .then((d) => live && setData(d))
      .catch(() => live && setData(null));
    return () => {
      live = false;
    };
  }, [memberId]);

  if (data === undefined) return <Card size="small" loading style={{ marginBottom: 16 }} />;
  if (data === null) return null;

  const { tier, next, basis, qualifying } = data;
  const from = tier?.threshold ?? 0;
  const percent = next
    ? Math.max(
        0,
        Math.min(100, Math.floor(((qualifying - from) / Math.max(1, next.tier.threshold - from)) * 100)),
      )
    : 100;
  const benefits = tier ? benefitTags(t, tier.benefits) : [];
  const pendingChange =
    data.qualifiesFor && tier && data.qualifiesFor.id !== tier.id ? data.qualifiesFor : null;

  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="tier-card"
      title={
        <Flex gap={8} align="center">
          <CrownOutlined style={{ color: '#faad14' }} />
          {t('loyalty.member.tierCard')}
        </Flex>
      }
    >
      <Flex gap={24} wrap align="flex-start">
        <div style={{ minWidth: 160 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="tier-name">
            {tier?.name ?? t('loyalty.tiers.none')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {data.since ? t('loyalty.member.since', { time: formatTime(data.since).slice(0, 10) }) : null}
          </Typography.Text>
          {data.evaluateAt ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('loyalty.member.reviewAt', { time: formatTime(data.evaluateAt).slice(0, 10) })}
            </Typography.Text>
          ) : null}
        </div>
        <div style={{ flex: '1 1 260px', minWidth: 0 }}>
          <Typography.Text>
            {t(basis === 'paid_12m' ? 'loyalty.member.qualifyingPaid' : 'loyalty.member.qualifyingGrowth')}:{' '}
            <Typography.Text strong data-testid="tier-qualifying">
              {qualifyingText(basis, qualifying, currency)}
            </Typography.Text>
          </Typography.Text>
          <Progress percent={percent} showInfo={false} strokeColor="#faad14" />
          <Typography.Text type="secondary" data-testid="tier-next">
            {next
              ? t('loyalty.member.toNext', {
                  remaining: qualifyingText(basis, next.remaining, currency),
                  tier: next.tier.name,
                })
              : t('loyalty.member.topTier')}
          </Typography.Text>
          {pendingChange ? (
            <Typography.Text type="warning" style={{ display: 'block' }}>
              {t('loyalty.member.qualifiesFor', { tier: pendingChange.name })}
            </Typography.Text>
          ) : null}
        </div>
        <div style={{ flex: '1 1 220px', minWidth: 0 }}>
          <Typography.Text type="secondary">{t('loyalty.member.benefits')}</Typography.Text>
          <Flex gap={4} wrap style={{ marginTop: 4 }}>
            {benefits.length ? (
              benefits.map((b) => (
                <Tag key={b} color="gold" style={{ marginInlineEnd: 0 }}>
                  {b}
                </Tag>
              ))
            ) : (
              <Typography.Text type="secondary">{t('loyalty.member.noBenefits')}</Typography.Text>
            )}
          </Flex>
        </div>
      </Flex>
      <Collapse
        ghost
        size="small"
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'history',
            label: `${t('loyalty.member.history')} (${data.history.length})`,
            children: data.history.length ? (
              <Timeline
                items={data.history.map((h, i) => ({
                  key: i,
                  content: (
                    <>
                      <Typography.Text>
                        {h.from?.name ?? '—'} → <Typography.Text strong>{h.to?.name ?? '—'}</Typography.Text>
                      </Typography.Text>
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {formatTime(h.at)} ·{' '}
                        {REASONS.has(h.reason)
                          ? t(`loyalty.member.historyReasons.${h.reason as 'qualified'}`)
                          : h.reason}{' '}
                        · {qualifyingText(basis, h.qualifying, currency)}
                      </Typography.Text>
                    </>
                  ),
                }))}
              />
            ) : (
              <Typography.Text type="secondary">{t('loyalty.member.noHistory')}</Typography.Text>
            ),
          },
        ]}
      />
    </Card>
  );
}
