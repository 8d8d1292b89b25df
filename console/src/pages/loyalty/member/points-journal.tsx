import { Grid, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_KINDS, type Journal, loyaltyApi, type Posting } from '../../../api/loyalty';
import { formatTime } from '../../../components/format';
import { usePagedList } from '../../../hooks/use-paged-list';

const KINDS = new Set([
  'earn',
  'release',
  'hold',
  'capture',
  'void',
  'spend',
  'reverse',
  'expire',
  'adjust',
  'merge_transfer',
  'unmerge_transfer',
]);
const BUCKETS = ['available', 'pending', 'held', 'debt'] as const;

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** staff:1:王店长 → 王店长; anything Siyu did by itself (settlement, expiry) → System. */
const actorName = (t: TFunction, createdBy: string) =>
  createdBy.startsWith('staff:') ? createdBy.split(':').slice(2).join(':') : t('loyalty.member.system');

const REASONS = new Set(['order', 'refund', 'member merge', 'member unmerge']);
const ACTIONS = new Set<string>(ACTION_KINDS);

/** Reasons Siyu writes (order, refund, an action) translated; what staff typed as it is. */
export function reasonText(t: TFunction, reason: string | null): string | null {
  if (!reason) return null;
  if (REASONS.has(reason)) return t(`loyalty.member.reasons.${reason as 'order'}`);
  if (ACTIONS.has(reason)) return t(`loyalty.rules.actions.${reason as 'join'}`);
  return reason;
}

const SOURCES = new Set(['order', 'action', 'merge', 'points_mall']);

/** A lot's or journal's source: 订单 #12. The id is the source's own reference. */
export function sourceText(t: TFunction, source: { type: string; id: string } | null): string {
  if (!source) return '—';
  const type = SOURCES.has(source.type)
    ? t(`loyalty.member.sourceTypes.${source.type as 'order'}`)
    : source.type;
  return `${type} #${source.id}`;
}

export const journalKind = (t: TFunction, kind: string) =>
  KINDS.has(kind) ? t(`loyalty.member.journalKinds.${kind as 'earn'}`) : kind;

function Postings({ postings }: { postings: Posting[] }) {
  const { t } = useTranslation();
  return (
    <Table<Posting>
      size="small"
      rowKey="seq"
      pagination={false}
      dataSource={postings}
      data-testid="journal-postings"
      columns={[
        { title: '#', dataIndex: 'seq', width: 40 },
        { title: t('loyalty.member.account'), dataIndex: 'account' },
        {
          title: t('loyalty.member.bucket'),
          dataIndex: 'bucket',
          render: (b: string) =>
            (BUCKETS as readonly string[]).includes(b) ? t(`loyalty.member.buckets.${b as 'debt'}`) : b,
        },
        { title: t('loyalty.member.amount'), dataIndex: 'amount', align: 'right', render: signed },
        { title: t('loyalty.member.lot'), dataIndex: 'lotId', responsive: ['sm'] },
      ]}
    />
  );
}

/** The member's points history, newest first; each entry opens to the postings that balance it. */
export function PointsJournal({ memberId, nonce }: { memberId: string; nonce: number }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const list = usePagedList<Journal>(loyaltyApi.journalPath(memberId), {}, 10);
  const { reload } = list;
  useEffect(() => {
    if (nonce > 0) reload();
  }, [nonce, reload]);

  const columns: TableColumnsType<Journal> = [
    {
      title: t('loyalty.member.time'),
      key: 'time',
      render: (_, j) => formatTime(j.occurredAt),
      responsive: ['sm'],
    },
    {
      title: t('loyalty.member.journalKind'),
      key: 'kind',
      render: (_, j) => (
        <>
          <div>{journalKind(t, j.kind)}</div>
          {j.reason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {reasonText(t, j.reason)}
            </Typography.Text>
          ) : null}
          {screens.sm ? null : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(j.occurredAt)}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('loyalty.member.change'),
      key: 'change',
      render: (_, j) =>
        BUCKETS.filter((b) => j.change[b] !== 0).map((b) => (
          <Tag key={b} color={j.change[b] > 0 ? 'green' : 'red'} style={{ marginBottom: 2 }}>
            {t(`loyalty.member.buckets.${b}`)} {signed(j.change[b])}
          </Tag>
        )),
    },
    {
      title: t('loyalty.member.by'),
      key: 'by',
      responsive: ['md'],
      render: (_, j) => actorName(t, j.createdBy),
    },
  ];

  return (
    <Table<Journal>
      size="small"
      columns={columns}
      expandable={{ expandedRowRender: (j) => <Postings postings={j.postings} /> }}
      data-testid="points-journal"
      {...list.tableProps}
    />
  );
}
