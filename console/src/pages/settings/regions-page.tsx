import { Button, Form, Input, Popconfirm, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { Region } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { PageHeader } from '../../components/page-header';
import { codeRules, nameRules } from '../../components/rules';
import { usePagedList } from '../../hooks/use-paged-list';

type RegionForm = Pick<Region, 'code' | 'name'>;

export function RegionsPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const list = usePagedList<Region>('/regions', {});
  const [editing, setEditing] = useState<Partial<Region> | null>(null);

  const save = async (values: RegionForm) => {
    if (editing?.id) await api.patch(`/regions/${editing.id}`, { name: values.name });
    else await api.post('/regions', values);
    list.reload();
  };

  const remove = async (id: string) => {
    try {
      await api.delete(`/regions/${id}`);
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<Region> = [
    { title: t('regions.code'), dataIndex: 'code', width: 160 },
    { title: t('regions.name'), dataIndex: 'name' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, region) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(region)}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('regions.deleteConfirm')} onConfirm={() => remove(region.id)}>
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
        title={t('regions.title')}
        actions={
          <Button type="primary" onClick={() => setEditing({})} data-testid="region-create">
            {t('regions.create')}
          </Button>
        }
      />
      <Table<Region> size="small" columns={columns} {...list.tableProps} />
      {editing ? (
        <FormModal<RegionForm>
          title={editing.id ? t('regions.editTitle') : t('regions.create')}
          initialValues={editing}
          okTestId="region-save"
          onSubmit={save}
          onClose={() => setEditing(null)}
        >
          <Form.Item name="code" label={t('regions.code')} rules={codeRules(t)}>
            <Input name="code" disabled={Boolean(editing.id)} />
          </Form.Item>
          <Form.Item name="name" label={t('regions.name')} rules={nameRules()}>
            <Input name="name" />
          </Form.Item>
        </FormModal>
      ) : null}
    </>
  );
}
