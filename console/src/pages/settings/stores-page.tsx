import { Button, Flex, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import { type BusinessUnit, type Region, STORE_KINDS, type Store, type StoreKind } from '../../api/types';
import { PageHeader } from '../../components/page-header';
import { useOptions } from '../../hooks/use-options';
import { usePagedList } from '../../hooks/use-paged-list';
import { StoreFormModal } from './store-form-modal';

interface StoreFilters {
  [key: string]: string | undefined;
  q?: string;
  regionId?: string;
  kind?: StoreKind;
}

export function StoresPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const list = usePagedList<Store, StoreFilters>('/stores', {});
  const businessUnits = useOptions<BusinessUnit>('/business-units');
  const regions = useOptions<Region>('/regions');
  const [editing, setEditing] = useState<Partial<Store> | null>(null);

  const closeStore = async (id: string) => {
    try {
      await api.delete(`/stores/${id}`);
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<Store> = [
    { title: t('stores.code'), dataIndex: 'code', width: 120 },
    { title: t('stores.name'), dataIndex: 'name' },
    { title: t('stores.kind'), dataIndex: 'kind', render: (_, s) => t(`enums.storeKind.${s.kind}`) },
    { title: t('stores.businessUnit'), key: 'bu', render: (_, s) => businessUnits.nameOf(s.businessUnitId) },
    { title: t('stores.region'), key: 'region', render: (_, s) => regions.nameOf(s.regionId) },
    { title: t('stores.city'), dataIndex: 'city' },
    {
      title: t('stores.status'),
      dataIndex: 'status',
      render: (_, s) => (
        <Tag color={s.status === 'active' ? 'green' : 'default'}>{t(`enums.storeStatus.${s.status}`)}</Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      render: (_, s) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(s)}>
            {t('common.edit')}
          </Button>
          {s.status === 'active' ? (
            <Popconfirm title={t('stores.closeConfirm')} onConfirm={() => closeStore(s.id)}>
              <Button type="link" size="small" danger>
                {t('stores.close')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('stores.title')}
        actions={
          <Button type="primary" onClick={() => setEditing({})} data-testid="store-create">
            {t('stores.create')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('stores.searchPlaceholder')}
          onSearch={(q) => list.setFilters({ q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="store-search"
        />
        <Select
          allowClear
          placeholder={t('stores.allRegions')}
          options={regions.options}
          onChange={(regionId?: string) => list.setFilters({ regionId })}
          style={{ width: 180 }}
          showSearch={{ optionFilterProp: 'label' }}
        />
        <Select
          allowClear
          placeholder={t('stores.allKinds')}
          options={STORE_KINDS.map((k) => ({ value: k, label: t(`enums.storeKind.${k}`) }))}
          onChange={(kind?: StoreKind) => list.setFilters({ kind })}
          style={{ width: 180 }}
        />
      </Flex>
      <Table<Store> size="small" columns={columns} scroll={{ x: 900 }} {...list.tableProps} />
      {editing ? (
        <StoreFormModal
          store={editing}
          businessUnits={businessUnits.options}
          regions={regions.options}
          onSaved={list.reload}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
