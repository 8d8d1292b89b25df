import { Button, Popconfirm, Space, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { Webhook } from '../../api/types';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { SecretOnceModal } from '../../components/secret-once-modal';
import { usePagedList } from '../../hooks/use-paged-list';
import { WebhookFormModal } from './webhook-form-modal';

const MAX_EVENT_TAGS = 3;

export function WebhooksPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const list = usePagedList<Webhook>('/webhooks', {});
  const [editing, setEditing] = useState<Partial<Webhook> | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  const setActive = async (hook: Webhook, active: boolean) => {
    setToggling(hook.id);
    try {
      await api.patch(`/webhooks/${hook.id}`, { active });
      list.reload();
    } catch (err) {
      onError(err);
    } finally {
      setToggling(null);
    }
  };

  const remove = async (id: string) => {
    try {
      await api.delete(`/webhooks/${id}`);
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<Webhook> = [
    {
      title: t('webhooks.url'),
      dataIndex: 'url',
      render: (_, h) => (
        <Link to={`/settings/webhooks/${h.id}`}>
          <Typography.Text ellipsis style={{ maxWidth: 320, color: 'inherit' }}>
            {h.url}
          </Typography.Text>
        </Link>
      ),
    },
    {
      title: t('webhooks.events'),
      dataIndex: 'events',
      render: (_, h) => (
        <>
          {h.events.slice(0, MAX_EVENT_TAGS).map((e) => (
            <Tag key={e}>{e}</Tag>
          ))}
          {h.events.length > MAX_EVENT_TAGS ? <Tag>+{h.events.length - MAX_EVENT_TAGS}</Tag> : null}
        </>
      ),
    },
    {
      title: t('webhooks.active'),
      dataIndex: 'active',
      width: 90,
      render: (_, h) => (
        <Switch
          size="small"
          checked={h.active}
          loading={toggling === h.id}
          onChange={(checked) => void setActive(h, checked)}
        />
      ),
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (_, h) => formatTime(h.createdAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, h) => (
        <Space size={0}>
          <Link to={`/settings/webhooks/${h.id}`}>
            <Button type="link" size="small">
              {t('webhooks.deliveries')}
            </Button>
          </Link>
          <Button type="link" size="small" onClick={() => setEditing(h)}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('webhooks.deleteConfirm')} onConfirm={() => remove(h.id)}>
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('webhooks.title')}
        actions={
          <Button type="primary" onClick={() => setEditing({})} data-testid="webhook-create">
            {t('webhooks.create')}
          </Button>
        }
      />
      <Table<Webhook> size="small" columns={columns} scroll={{ x: 900 }} {...list.tableProps} />
      {editing ? (
        <WebhookFormModal
          webhook={editing}
          onCreated={setSecret}
          onSaved={list.reload}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {secret ? (
        <SecretOnceModal
          title={t('webhooks.createdTitle')}
          warning={t('webhooks.secretWarning')}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      ) : null}
    </>
  );
}
