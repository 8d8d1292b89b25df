import { Collapse, Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderRevision } from '../../api/orders';
import { formatTime } from '../../components/format';
import { type Change, diffPayloads } from './revision-diff';

const preStyle: React.CSSProperties = {
  margin: 0,
  padding: 12,
  maxHeight: 360,
  overflow: 'auto',
  background: '#fafafa',
  border: '1px solid #f0f0f0',
  borderRadius: 6,
  fontSize: 12,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
};

const show = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Every revision the source system sent, newest first: what changed from the one before. */
export function OrderRevisions({ revisions }: { revisions: OrderRevision[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Change> = [
    {
      title: t('orders.revisions.field'),
      dataIndex: 'path',
      render: (_, c) => <Typography.Text code>{c.path}</Typography.Text>,
    },
    {
      title: t('orders.revisions.before'),
      key: 'before',
      render: (_, c) => <Typography.Text delete={c.before !== undefined}>{show(c.before)}</Typography.Text>,
    },
    {
      title: t('orders.revisions.after'),
      key: 'after',
      render: (_, c) => <Typography.Text type="success">{show(c.after)}</Typography.Text>,
    },
  ];

  const sorted = [...revisions].sort((a, b) => b.revision - a.revision);
  return (
    <Collapse
      size="small"
      defaultActiveKey={sorted[0] && sorted.length > 1 ? [String(sorted[0].revision)] : []}
      items={sorted.map((r) => {
        const previous = revisions.find((p) => p.revision === r.revision - 1);
        const changes = previous ? diffPayloads(previous.payload, r.payload) : [];
        return {
          key: String(r.revision),
          label: (
            <span data-testid={`revision-${r.revision}`}>
              {t('orders.revisions.label', { revision: r.revision })} · {formatTime(r.receivedAt)}
              {previous ? ` · ${t('orders.revisions.changes', { count: changes.length })}` : ''}
            </span>
          ),
          children: previous ? (
            <Table<Change>
              size="small"
              rowKey="path"
              columns={columns}
              dataSource={changes}
              pagination={false}
              scroll={{ x: 480 }}
            />
          ) : (
            <pre style={preStyle}>{JSON.stringify(r.payload, null, 2)}</pre>
          ),
        };
      })}
    />
  );
}
