import {
  Button,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { ApiKey } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { SecretOnceModal } from '../../components/secret-once-modal';
import { usePagedList } from '../../hooks/use-paged-list';
import { useStringList } from '../../hooks/use-string-list';

type ApiKeyForm = Pick<ApiKey, 'name' | 'permissions'>;

function CreateApiKeyModal({
  onCreated,
  onClose,
}: {
  onCreated: (key: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const permissions = useStringList('/api-keys/permissions');
  return (
    <FormModal<ApiKeyForm>
      title={t('apiKeys.create')}
      initialValues={{ permissions: [] }}
      okText={t('common.create')}
      okTestId="api-key-save"
      successMessage={null}
      onSubmit={async (values) => {
        const created = await api.post<ApiKey & { key: string }>('/api-keys', values);
        onCreated(created.key);
      }}
      onClose={onClose}
    >
      <Form.Item
        name="name"
        label={t('apiKeys.name')}
        rules={[{ required: true, whitespace: true }, { max: 100 }]}
      >
        <Input name="name" />
      </Form.Item>
      <Form.Item
        name="permissions"
        label={t('apiKeys.permissions')}
        rules={[{ required: true, type: 'array', min: 1 }]}
      >
        <Select
          mode="multiple"
          loading={permissions.loading}
          options={permissions.items.map((p) => ({ value: p, label: p }))}
          data-testid="api-key-permissions"
        />
      </Form.Item>
    </FormModal>
  );
}

export function ApiKeysPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const list = usePagedList<ApiKey>('/api-keys', {});
  const [creating, setCreating] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);

  const revoke = async (id: string) => {
    try {
      await api.delete(`/api-keys/${id}`);
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<ApiKey> = [
    { title: t('apiKeys.name'), dataIndex: 'name' },
    {
      title: t('apiKeys.prefix'),
      dataIndex: 'prefix',
      render: (_, k) => <Typography.Text code>{`${k.prefix}…`}</Typography.Text>,
    },
    {
      title: t('apiKeys.permissions'),
      dataIndex: 'permissions',
      render: (_, k) => k.permissions.map((p) => <Tag key={p}>{p}</Tag>),
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: (_, k) => formatTime(k.createdAt),
      width: 170,
    },
    {
      title: t('apiKeys.lastUsed'),
      dataIndex: 'lastUsedAt',
      width: 170,
      render: (_, k) => (k.lastUsedAt ? formatTime(k.lastUsedAt) : t('common.never')),
    },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, k) =>
        k.revokedAt ? (
          <Tooltip title={t('apiKeys.revokedAt', { time: formatTime(k.revokedAt) })}>
            <Tag color="red">{t('apiKeys.revoked')}</Tag>
          </Tooltip>
        ) : (
          <Tag color="green">{t('apiKeys.active')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, k) =>
        k.revokedAt ? null : (
          <Popconfirm title={t('apiKeys.revokeConfirm')} onConfirm={() => revoke(k.id)}>
            <Button type="link" size="small" danger>
              {t('apiKeys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        actions={
          <Button type="primary" onClick={() => setCreating(true)} data-testid="api-key-create">
            {t('apiKeys.create')}
          </Button>
        }
      />
      <Table<ApiKey> size="small" columns={columns} scroll={{ x: 900 }} {...list.tableProps} />
      {creating ? (
        <CreateApiKeyModal
          onCreated={(key) => {
            setNewKey(key);
            list.reload();
          }}
          onClose={() => setCreating(false)}
        />
      ) : null}
      {newKey ? (
        <SecretOnceModal
          title={t('apiKeys.createdTitle')}
          warning={t('apiKeys.onceWarning')}
          secret={newKey}
          onClose={() => setNewKey(null)}
        />
      ) : null}
    </>
  );
}
