import { GiftOutlined, TagOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ItemKind, ItemStatus, ProgramTier } from '../../api/mall';
import { formatCents } from '../../components/money';
import { useCurrency } from '../../hooks/use-currency';
import { priceText } from './mall-bits';

export interface PreviewValues {
  name?: string;
  kind?: ItemKind;
  status?: ItemStatus;
  points?: number | null;
  cashCents?: number;
  postageCents?: number;
  stockLeft?: number | null;
  perMemberLimit?: number | null;
  minTierRank?: number | null;
  tierIds?: string[];
  startsAt?: string | null;
  endsAt?: string | null;
  images?: string[];
  description?: string | null;
}

const accent = '#e8590c';

function Cover({ src, kind }: { src: string | undefined; kind: ItemKind }) {
  const [broken, setBroken] = useState<string | null>(null);
  const Icon = kind === 'coupon' ? TagOutlined : kind === 'partner_benefit' ? TeamOutlined : GiftOutlined;
  if (src && broken !== src) {
    return (
      <img
        src={src}
        alt=""
        onError={() => setBroken(src)}
        style={{ width: '100%', aspectRatio: '1 / 1', objectFit: 'cover', display: 'block' }}
      />
    );
  }
  // The card's cover makes its child a block: the centring box goes one level down.
  return (
    <div>
      <Flex
        align="center"
        justify="center"
        style={{
          aspectRatio: '1 / 1',
          background: 'linear-gradient(135deg, #fff4e6 0%, #ffe8cc 100%)',
          color: accent,
          fontSize: 72,
        }}
      >
        <Icon />
      </Flex>
    </div>
  );
}

/** The item as the member H5 shows it on the shelf: cover, name, price, the conditions, the button. */
export function ItemPreviewCard({ values, tiers }: { values: PreviewValues; tiers: ProgramTier[] }) {
  const { t } = useTranslation();
  const currency = useCurrency();
  const kind = values.kind ?? 'physical_gift';
  const soldOut = values.stockLeft === 0;
  const active = (values.status ?? 'draft') === 'active';
  const minTier = tiers.find((x) => x.rank === values.minTierRank);
  const listed = tiers.filter((x) => values.tierIds?.includes(x.id)).map((x) => x.name);
  const tierNames = [minTier ? t('mall.items.rankAndAbove', { name: minTier.name }) : null, ...listed].filter(
    Boolean,
  );
  const postage = values.postageCents ?? 0;
  const notes: string[] = [];
  if (kind === 'physical_gift')
    notes.push(
      postage > 0
        ? t('mall.items.previewPostage', { amount: formatCents(postage, currency) })
        : t('mall.items.previewFreePostage'),
    );
  if (kind === 'coupon') notes.push(t('mall.items.previewCoupon'));
  if (kind === 'partner_benefit') notes.push(t('mall.items.previewBenefit'));
  if (
    values.stockLeft !== null &&
    values.stockLeft !== undefined &&
    values.stockLeft > 0 &&
    values.stockLeft <= 50
  )
    notes.push(t('mall.items.previewLeft', { count: values.stockLeft }));
  if (values.perMemberLimit) notes.push(t('mall.items.previewLimit', { count: values.perMemberLimit }));
  const now = dayjs();
  if (values.startsAt && dayjs(values.startsAt).isAfter(now))
    notes.push(t('mall.items.previewStarts', { date: dayjs(values.startsAt).format('YYYY-MM-DD') }));
  else if (values.endsAt)
    notes.push(t('mall.items.previewEnds', { date: dayjs(values.endsAt).format('YYYY-MM-DD') }));

  return (
    <Card
      size="small"
      cover={<Cover src={values.images?.[0]} kind={kind} />}
      style={{ width: '100%', maxWidth: 300, margin: '0 auto', borderRadius: 12, overflow: 'hidden' }}
      styles={{ body: { padding: 12 } }}
      data-testid="item-preview"
    >
      {tierNames.length > 0 ? (
        <Tag color="gold" style={{ marginBottom: 6 }}>
          {t('mall.items.previewTier', { tier: tierNames.join(' / ') })}
        </Tag>
      ) : null}
      <Typography.Paragraph strong ellipsis={{ rows: 2 }} style={{ marginBottom: 4, fontSize: 15 }}>
        {values.name?.trim() || (
          <Typography.Text type="secondary">{t('mall.items.previewNoName')}</Typography.Text>
        )}
      </Typography.Paragraph>
      <Typography.Text strong style={{ color: accent, fontSize: 18 }} data-testid="preview-price">
        {priceText(t, values.points ?? 0, values.cashCents ?? 0, currency)}
      </Typography.Text>
      <Flex gap={8} wrap style={{ margin: '6px 0 10px' }}>
        {notes.map((n) => (
          <Typography.Text key={n} type="secondary" style={{ fontSize: 12 }}>
            {n}
          </Typography.Text>
        ))}
      </Flex>
      {values.description ? (
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 3 }} style={{ fontSize: 12 }}>
          {values.description}
        </Typography.Paragraph>
      ) : null}
      <Button
        block
        shape="round"
        type="primary"
        disabled={soldOut || !active}
        style={soldOut || !active ? undefined : { background: accent, borderColor: accent }}
      >
        {soldOut
          ? t('mall.items.previewSoldOut')
          : active
            ? t('mall.items.previewExchange')
            : t('mall.items.previewNotActive')}
      </Button>
    </Card>
  );
}
