import { App, Button, Flex, Input, Popconfirm, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import {
  type Region,
  ROLES,
  type Role,
  STAFF_STATUSES,
  type Staff,
  type StaffStatus,
  type Store,
} from '../../api/types';
import { useSession } from '../../auth/auth-context';
import { PageHeader } from '../../components/page-header';
import { useOptions } from '../../hooks/use-options';
import { usePagedList } from '../../hooks/use-paged-list';
import { ResetPasswordModal } from './reset-password-modal';
import { StaffFormModal } from './staff-form-modal';

interface StaffFilters {
  [key: string]: string | undefined;
  q?: string;
  role?: Role;
  status?: StaffStatus;
}

export function StaffPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const me = useSession().staff;
  const list = usePagedList<Staff, StaffFilters>('/staff', {});
  const regions = useOptions<Region>('/regions');
  const stores = useOptions<Store>('/stores');
  const [editing, setEditing] = useState<Partial<Staff> | null>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);

  const setStatus = async (person: Staff, action: 'disable' | 'enable') => {
    try {
      await api.post(`/staff/${person.id}/${action}`);
      void message.success(action === 'disable' ? t('staff.disabled') : t('staff.enabled'));
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const scopeTarget = (s: Staff) => {
    if (s.scope === 'region') return regions.nameOf(s.regionId);
    if (s.scope === 'store' || s.scope === 'own') return stores.nameOf(s.storeId);
    return '';
  };

  const columns: TableColumnsType<Staff> = [
    { title: t('staff.username'), dataIndex: 'username', width: 140 },
    { title: t('staff.name'), dataIndex: 'name' },
    { title: t('staff.role'), dataIndex: 'role', render: (_, s) => t(`enums.role.${s.role}`) },
    {
      title: t('staff.scope'),
      dataIndex: 'scope',
      render: (_, s) => {
        const target = scopeTarget(s);
        return target ? `${t(`enums.scope.${s.scope}`)} · ${target}` : t(`enums.scope.${s.scope}`);
      },
    },
    {
      title: t('staff.status'),
      dataIndex: 'status',
      render: (_, s) => (
        <Tag color={s.status === 'active' ? 'green' : 'red'}>{t(`enums.staffStatus.${s.status}`)}</Tag>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 240,
      render: (_, s) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(s)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(s)}>
            {t('staff.resetPassword')}
          </Button>
          {s.status === 'active' ? (
            <Popconfirm title={t('staff.disableConfirm')} onConfirm={() => setStatus(s, 'disable')}>
              {/* Locking yourself out is never what you meant. */}
              <Button type="link" size="small" danger disabled={s.id === me.id}>
                {t('staff.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Button type="link" size="small" onClick={() => void setStatus(s, 'enable')}>
              {t('staff.enable')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('staff.title')}
        actions={
          <Button type="primary" onClick={() => setEditing({})} data-testid="staff-create">
            {t('staff.create')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('staff.searchPlaceholder')}
          onSearch={(q) => list.setFilters({ q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="staff-search"
        />
        <Select
          allowClear
          placeholder={t('staff.allRoles')}
          options={ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))}
          onChange={(role?: Role) => list.setFilters({ role })}
          style={{ width: 160 }}
        />
        <Select
          allowClear
          placeholder={t('staff.allStatuses')}
          options={STAFF_STATUSES.map((s) => ({ value: s, label: t(`enums.staffStatus.${s}`) }))}
          onChange={(status?: StaffStatus) => list.setFilters({ status })}
          style={{ width: 160 }}
        />
      </Flex>
      <Table<Staff> size="small" columns={columns} scroll={{ x: 900 }} {...list.tableProps} />
      {editing ? (
        <StaffFormModal
          staff={editing}
          regions={regions.options}
          onSaved={list.reload}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {resetting ? <ResetPasswordModal staff={resetting} onClose={() => setResetting(null)} /> : null}
    </>
  );
}
