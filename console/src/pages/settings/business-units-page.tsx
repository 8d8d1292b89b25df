import { Button, Form, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import { BU_KINDS, type BusinessUnit, MEMBER_SHARING } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { PageHeader } from '../../components/page-header';
import { codeRules, nameRules } from '../../components/rules';
import { usePagedList } from '../../hooks/use-paged-list';

type BusinessUnitForm = Omit<BusinessUnit, 'id' | 'createdAt'>;

export function BusinessUnitsPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const list = usePagedList<BusinessUnit>('/business-units', {});
  // null = closed, {} = creating, a record = editing
  const [editing, setEditing] = useState<Partial<BusinessUnit> | null>(null);

  const save = async (values: BusinessUnitForm) => {
    if (editing?.id) {
      const { code: _code, ...patch } = values;
      await api.patch(`/business-units/${editing.id}`, patch);
    } else {
      await api.post('/business-units', values);
    }
    list.reload();
  };

  const remove = async (id: string) => {
    try {
      await api.delete(`/business-units/${id}`);
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<BusinessUnit> = [
    { title: t('businessUnits.code'), dataIndex: 'code', width: 140 },
    { title: t('businessUnits.name'), dataIndex: 'name' },
    { title: t('businessUnits.kind'), dataIndex: 'kind', render: (_, bu) => t(`enums.buKind.${bu.kind}`) },
    {
      title: t('businessUnits.memberSharing'),
      dataIndex: 'memberSharing',
      render: (_, bu) => (
        <Tag color={bu.memberSharing === 'group' ? 'green' : 'default'}>
          {t(`enums.memberSharing.${bu.memberSharing}`)}
        </Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, bu) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(bu)}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('businessUnits.deleteConfirm')} onConfirm={() => remove(bu.id)}>
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
        title={t('businessUnits.title')}
        actions={
          <Button type="primary" onClick={() => setEditing({})} data-testid="business-unit-create">
            {t('businessUnits.create')}
          </Button>
        }
      />
      <Table<BusinessUnit> size="small" columns={columns} scroll={{ x: 640 }} {...list.tableProps} />
      {editing ? (
        <FormModal<BusinessUnitForm>
          title={editing.id ? t('businessUnits.editTitle') : t('businessUnits.create')}
          initialValues={{ kind: 'retail', memberSharing: 'group', ...editing }}
          okTestId="business-unit-save"
          onSubmit={save}
          onClose={() => setEditing(null)}
        >
          <Form.Item name="code" label={t('businessUnits.code')} rules={codeRules(t)}>
            <Input name="code" disabled={Boolean(editing.id)} />
          </Form.Item>
          <Form.Item name="name" label={t('businessUnits.name')} rules={nameRules()}>
            <Input name="name" />
          </Form.Item>
          <Form.Item name="kind" label={t('businessUnits.kind')} rules={[{ required: true }]}>
            <Select options={BU_KINDS.map((k) => ({ value: k, label: t(`enums.buKind.${k}`) }))} />
          </Form.Item>
          <Form.Item
            name="memberSharing"
            label={t('businessUnits.memberSharing')}
            extra={t('businessUnits.memberSharingHint')}
            rules={[{ required: true }]}
          >
            <Select
              options={MEMBER_SHARING.map((m) => ({ value: m, label: t(`enums.memberSharing.${m}`) }))}
            />
          </Form.Item>
        </FormModal>
      ) : null}
    </>
  );
}
