import { EditOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Flex,
  Row,
  Skeleton,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../../api/errors';
import { type Lot, loyaltyApi, type PointsSummary } from '../../api/loyalty';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { PointsAdjustModal } from '../loyalty/member/points-adjust-modal';
import { PointsJournal, sourceText } from '../loyalty/member/points-journal';

const day = (iso: string | null) => (iso ? formatTime(iso).slice(0, 10) : '');

/** A member's points: balances, open lots with their expiry, the journal, and manual adjustment. */
export function PointsTab({ memberId, active }: { memberId: string; active: boolean }) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const { permissions = [] } = useSession();
  const canAdjust = permissions.includes('points:adjust') && active;
  const [summary, setSummary] = useState<PointsSummary | null>(null);
  const [nonce, setNonce] = useState(0);
  const [adjusting, setAdjusting] = useState(false);

  useEffect(() => {
    let live = true;
    void nonce;
    loyaltyApi
      .points(memberId)
      .then((s) => live && setSummary(s))
      .catch((err: unknown) => live && onError(err));
    return () => {
      live = false;
    };
  }, [memberId, nonce, onError]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  const lotColumns: TableColumnsType<Lot> = [
    {
      title: t('loyalty.member.state'),
      key: 'state',
      render: (_, l) => (
        <Tag color={l.state === 'available' ? 'green' : 'orange'} style={{ marginInlineEnd: 0 }}>
          {t(`loyalty.member.states.${l.state}`)}
        </Tag>
      ),
    },
    {
      title: t('loyalty.member.remaining'),
      key: 'remaining',
      align: 'right',
      render: (_, l) => (
        <>
          <Typography.Text strong>{l.remaining}</Typography.Text>
          <Typography.Text type="secondary"> / {l.amount}</Typography.Text>
          {l.held > 0 ? <div style={{ fontSize: 12 }}>{`${t('loyalty.member.held')} ${l.held}`}</div> : null}
        </>
      ),
    },
    {
      title: t('loyalty.member.expiresAt'),
      key: 'expiresAt',
      render: (_, l) => (l.expiresAt ? day(l.expiresAt) : t('loyalty.member.neverExpires')),
    },
    {
      title: t('loyalty.member.earnedAt'),
      key: 'earnedAt',
      responsive: ['sm'],
      render: (_, l) => day(l.earnedAt),
    },
    {
      title: t('loyalty.member.availableAt'),
      key: 'availableAt',
      responsive: ['md'],
      render: (_, l) => (l.state === 'pending' ? day(l.availableAt) : '—'),
    },
    {
      title: t('loyalty.member.source'),
      key: 'source',
      responsive: ['lg'],
      render: (_, l) => sourceText(t, l.source),
    },
  ];

  if (!summary) return <Skeleton active />;
  const stat = { xs: 12, sm: 8, lg: 4 };
  return (
    <Flex vertical gap={16} data-testid="points-tab">
      <Card size="small">
        <Row gutter={[16, 16]} align="middle">
          <Col {...stat}>
            <Statistic
              title={t('loyalty.member.available')}
              value={summary.available}
              styles={{ content: { color: '#1677ff' } }}
              data-testid="points-available"
            />
          </Col>
          <Col {...stat}>
            <Statistic
              title={t('loyalty.member.pending')}
              value={summary.pending}
              data-testid="points-pending"
            />
          </Col>
          <Col {...stat}>
            <Statistic title={t('loyalty.member.held')} value={summary.held} />
          </Col>
          <Col {...stat}>
            <Statistic
              title={t('loyalty.member.debt')}
              value={summary.debt}
              styles={summary.debt > 0 ? { content: { color: '#cf1322' } } : undefined}
            />
          </Col>
          <Col xs={24} sm={16} lg={5}>
            <Statistic
              title={t('loyalty.member.nextExpiry')}
              value={
                summary.nextExpiry
                  ? t('loyalty.member.nextExpiryText', {
                      points: summary.nextExpiry.points,
                      time: day(summary.nextExpiry.at),
                    })
                  : t('loyalty.member.noExpiry')
              }
              styles={{ content: { fontSize: 16 } }}
            />
          </Col>
          {canAdjust ? (
            <Col xs={24} lg={3} style={{ textAlign: 'end' }}>
              <Button icon={<EditOutlined />} onClick={() => setAdjusting(true)} data-testid="points-adjust">
                {t('loyalty.member.adjust')}
              </Button>
            </Col>
          ) : null}
        </Row>
      </Card>
      <Card
        size="small"
        title={t('loyalty.member.lots')}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('loyalty.member.lotsHint')}
          </Typography.Text>
        }
      >
        <Table<Lot>
          size="small"
          rowKey="id"
          columns={lotColumns}
          dataSource={summary.lots}
          pagination={summary.lots.length > 10 ? { pageSize: 10 } : false}
          data-testid="points-lots"
        />
      </Card>
      <Card size="small" title={t('loyalty.member.journal')}>
        <PointsJournal memberId={memberId} nonce={nonce} />
      </Card>
      {adjusting ? (
        <PointsAdjustModal
          memberId={memberId}
          debt={summary.debt}
          onAdjusted={reload}
          onClose={() => setAdjusting(false)}
        />
      ) : null}
    </Flex>
  );
}
