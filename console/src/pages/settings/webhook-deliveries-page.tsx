import { ReloadOutlined, SendOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { DeliveryStatus, Webhook, WebhookDelivery } from '../../api/types';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { usePagedList } from '../../hooks/use-paged-list';

const STATUS_COLOURS: Record<DeliveryStatus, string> = {
  pending: 'processing',
  succeeded: 'success',
  failed: 'warning',
  dead: 'error',
};

export function WebhookDeliveriesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const id = useParams().id ?? '';
  const [hook, setHook] = useState<Webhook | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const list = usePagedList<WebhookDelivery>(`/webhooks/${id}/deliveries`, {});

  useEffect(() => {
    api.get<Webhook>(`/webhooks/${id}`).then(setHook).catch(onError);
  }, [id, onError]);

  // Both endpoints answer 202: the work is queued, so refresh to show the new pending row.
  const run = async (key: string, path: string, done: string) => {
    setBusy(key);
    try {
      await api.post(path);
      void message.success(done);
      list.reload();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<WebhookDelivery> = [
    {
      title: t('webhooks.time'),
      dataIndex: 'createdAt',
      width: 170,
      render: (_, d) => formatTime(d.createdAt),
    },
    { title: t('webhooks.eventType'), dataIndex: 'eventType' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, d) => <Tag color={STATUS_COLOURS[d.status]}>{t(`enums.deliveryStatus.${d.status}`)}</Tag>,
    },
    { title: t('webhooks.attempts'), dataIndex: 'attempts', width: 90, align: 'right' },
    {
      title: t('webhooks.lastStatusCode'),
      dataIndex: 'lastStatusCode',
      width: 120,
      render: (_, d) =>
        d.lastError ? (
          <Tooltip title={d.lastError}>
            <Typography.Text type="danger">{d.lastStatusCode ?? '—'}</Typography.Text>
          </Tooltip>
        ) : (
          (d.lastStatusCode ?? '—')
        ),
    },
    {
      title: t('webhooks.nextAttemptAt'),
      dataIndex: 'nextAttemptAt',
      width: 170,
      render: (_, d) => formatTime(d.nextAttemptAt),
    },
    {
      title: t('webhooks.deliveredAt'),
      dataIndex: 'deliveredAt',
      width: 170,
      render: (_, d) => formatTime(d.deliveredAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, d) => (
        <Button
          type="link"
          size="small"
          loading={busy === d.id}
          data-testid={`replay-${d.id}`}
          onClick={() => void run(d.id, `/webhooks/deliveries/${d.id}/replay`, t('webhooks.replayQueued'))}
        >
          {t('webhooks.replay')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('webhooks.detailTitle')}
        extraCrumbs={[hook?.url ?? id]}
        actions={
          <>
            <Button icon={<ReloadOutlined />} onClick={list.reload}>
              {t('common.refresh')}
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={busy === 'test'}
              data-testid="webhook-test"
              onClick={() => void run('test', `/webhooks/${id}/test`, t('webhooks.testQueued'))}
            >
              {t('webhooks.sendTest')}
            </Button>
          </>
        }
      />
      {hook ? (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              {
                key: 'url',
                label: t('webhooks.url'),
                children: <Typography.Text copyable>{hook.url}</Typography.Text>,
              },
              { key: 'events', label: t('webhooks.events'), children: hook.events.join(', ') },
              {
                key: 'active',
                label: t('webhooks.active'),
                children: hook.active ? t('common.yes') : t('common.no'),
              },
            ]}
          />
        </Card>
      ) : null}
      <Table<WebhookDelivery> size="small" columns={columns} scroll={{ x: 1000 }} {...list.tableProps} />
    </>
  );
}
