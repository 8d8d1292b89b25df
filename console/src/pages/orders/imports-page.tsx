import { Drawer, Progress, Skeleton, Table, type TableColumnsType, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { ImportJob, ImportKind } from '../../api/orders';
import { formatTime } from '../../components/format';
import { usePagedList } from '../../hooks/use-paged-list';
import { ImportStatusTag, ImportSummary } from './import-summary';
import { ImportWizard } from './import-wizard';
import { OrdersSectionHeader } from './orders-section';
import { percentOf } from './use-import-job';

function ImportJobDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [job, setJob] = useState<ImportJob | null>(null);
  useEffect(() => {
    api.get<ImportJob>(`/imports/${id}`).then(setJob).catch(onError);
  }, [id, onError]);
  return (
    <Drawer
      open
      size="min(720px, 100vw)"
      title={job?.fileName ?? t('orders.imports.detail')}
      onClose={onClose}
    >
      {job ? <ImportSummary job={job} /> : <Skeleton active />}
    </Drawer>
  );
}

export function ImportsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const initialKind: ImportKind = params.get('kind') === 'products' ? 'products' : 'orders';
  const list = usePagedList<ImportJob>('/imports', {});
  const [open, setOpen] = useState<string | null>(null);

  const columns: TableColumnsType<ImportJob> = [
    {
      title: t('orders.imports.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (_, j) => formatTime(j.createdAt),
    },
    {
      title: t('orders.imports.file'),
      dataIndex: 'fileName',
      render: (_, j) => (
        <Typography.Link onClick={() => setOpen(j.id)} style={{ wordBreak: 'break-all' }}>
          {j.fileName}
        </Typography.Link>
      ),
    },
    {
      title: t('orders.imports.kind'),
      dataIndex: 'kind',
      responsive: ['sm'],
      render: (_, j) => t(`orders.imports.kinds.${j.kind}`),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      render: (_, j) => <ImportStatusTag status={j.status} />,
    },
    {
      title: t('orders.imports.progress'),
      key: 'progress',
      responsive: ['md'],
      width: 160,
      render: (_, j) => (
        <Progress
          size="small"
          percent={percentOf(j)}
          status={j.status === 'failed' ? 'exception' : undefined}
        />
      ),
    },
    { title: t('orders.imports.succeeded'), dataIndex: 'succeeded', align: 'right', responsive: ['sm'] },
    { title: t('orders.imports.failed'), dataIndex: 'failed', align: 'right', responsive: ['sm'] },
    { title: t('orders.imports.createdBy'), dataIndex: 'createdBy', responsive: ['lg'] },
  ];

  return (
    <>
      <OrdersSectionHeader title={t('orders.imports.title')} />
      <ImportWizard initialKind={initialKind} onStarted={list.reload} onFinished={list.reload} />
      <Typography.Title level={5}>{t('orders.imports.history')}</Typography.Title>
      <Table<ImportJob>
        size="small"
        columns={columns}
        onRow={(j) => ({ onClick: () => setOpen(j.id), style: { cursor: 'pointer' } })}
        data-testid="imports-table"
        {...list.tableProps}
      />
      {open ? <ImportJobDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
