import { Button, Flex, Input, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../api/types';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { usePagedList } from '../../hooks/use-paged-list';
import { AuditDiff } from './audit-diff';

type AuditFilters = {
  entityType?: string;
  actorId?: string;
  action?: string;
};

const EMPTY: AuditFilters = {};

export function AuditLogPage() {
  const { t } = useTranslation();
  const list = usePagedList<AuditEntry, AuditFilters>('/audit-log', EMPTY, 50);
  // Typed values are applied on Enter or the Search button, not on every keystroke.
  const [draft, setDraft] = useState<AuditFilters>(EMPTY);

  const apply = () =>
    list.setFilters({
      entityType: draft.entityType?.trim() || undefined,
      actorId: draft.actorId?.trim() || undefined,
      action: draft.action?.trim() || undefined,
    });

  const field = (key: keyof AuditFilters, placeholder: string) => (
    <Input
      allowClear
      placeholder={placeholder}
      value={draft[key] ?? ''}
      onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
      onPressEnter={apply}
      style={{ width: 180 }}
      data-testid={`audit-filter-${key}`}
    />
  );

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.time'), dataIndex: 'at', width: 170, render: (_, e) => formatTime(e.at) },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, e) => (
        <Flex gap={6} align="center">
          <Tag>{t(`enums.actorType.${e.actorType}`)}</Tag>
          <span title={e.actorId ?? undefined}>{e.actorName ?? e.actorId ?? ''}</span>
        </Flex>
      ),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (_, e) => <Typography.Text code>{e.action}</Typography.Text>,
    },
    { title: t('audit.entityType'), dataIndex: 'entityType' },
    { title: t('audit.entityId'), dataIndex: 'entityId' },
    { title: t('audit.ip'), dataIndex: 'ip', width: 140 },
  ];

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        {field('entityType', t('audit.entityType'))}
        {field('actorId', t('audit.actorId'))}
        {field('action', t('audit.action'))}
        <Button type="primary" onClick={apply} data-testid="audit-search">
          {t('common.search')}
        </Button>
        <Button
          onClick={() => {
            setDraft(EMPTY);
            list.setFilters({ entityType: undefined, actorId: undefined, action: undefined });
          }}
        >
          {t('common.reset')}
        </Button>
      </Flex>
      <Table<AuditEntry>
        size="small"
        columns={columns}
        scroll={{ x: 900 }}
        expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} /> }}
        {...list.tableProps}
      />
    </>
  );
}
