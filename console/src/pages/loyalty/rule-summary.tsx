import { Flex, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { EarnRule } from '../../api/loyalty';
import { formatTime } from '../../components/format';
import { channelLabel } from '../orders/channel-tag';

/** A rule's figure: 1 pt/¥, × 2, or 10 points (+5 growth). */
export function ruleFigure(t: TFunction, r: EarnRule): string {
  if (r.kind === 'base') return t('loyalty.rules.perYuan', { rate: r.rate });
  if (r.kind === 'multiplier') return t('loyalty.rules.times', { rate: r.rate });
  const growth = r.growth > 0 ? ` · ${r.growth} ${t('loyalty.rules.growth')}` : '';
  return `${r.points ?? 0} ${t('loyalty.program.points')}${growth}`;
}

/** When a rule applies: always, from, until, or between. */
export function ruleWindow(t: TFunction, r: Pick<EarnRule, 'startsAt' | 'endsAt'>): string {
  if (!r.startsAt && !r.endsAt) return t('loyalty.rules.windowAlways');
  if (r.startsAt && r.endsAt)
    return `${formatTime(r.startsAt).slice(0, 16)} ~ ${formatTime(r.endsAt).slice(0, 16)}`;
  if (r.startsAt) return t('loyalty.rules.from', { time: formatTime(r.startsAt).slice(0, 16) });
  return t('loyalty.rules.until', { time: formatTime(r.endsAt).slice(0, 16) });
}

/** The conditions of a base or multiplier rule as tags; the limits of an action rule. */
export function RuleConditions({ rule, storeName }: { rule: EarnRule; storeName: (id: string) => string }) {
  const { t } = useTranslation();
  if (rule.kind === 'action') {
    const limits = [
      rule.limitPerDay &&
        t('loyalty.rules.limitText', { n: rule.limitPerDay, per: t('loyalty.rules.perDay') }),
      rule.limitPerMember &&
        t('loyalty.rules.limitText', { n: rule.limitPerMember, per: t('loyalty.rules.perMember') }),
      rule.limitTotal && t('loyalty.rules.limitText', { n: rule.limitTotal, per: t('loyalty.rules.total') }),
    ].filter(Boolean);
    return (
      <Typography.Text type={limits.length ? undefined : 'secondary'}>
        {limits.length ? limits.join(' · ') : t('loyalty.rules.unlimited')}
      </Typography.Text>
    );
  }
  const items = [
    ...rule.channels.map((c) => ({ key: `c:${c}`, color: 'blue', text: channelLabel(t, c) })),
    ...rule.storeIds.map((s) => ({ key: `s:${s}`, color: 'purple', text: storeName(s) })),
    ...rule.categoryPrefixes.map((c) => ({ key: `k:${c}`, color: 'gold', text: c })),
    ...rule.skus.map((s) => ({ key: `u:${s}`, color: 'cyan', text: s })),
  ];
  if (items.length === 0)
    return <Typography.Text type="secondary">{t('loyalty.rules.everything')}</Typography.Text>;
  return (
    <Flex gap={4} wrap>
      {items.map((i) => (
        <Tag key={i.key} color={i.color} style={{ marginInlineEnd: 0 }}>
          {i.text}
        </Tag>
      ))}
    </Flex>
  );
}
