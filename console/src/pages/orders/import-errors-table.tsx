import { Table, type TableColumnsType, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LineError } from '../../api/orders';

/** Errors of a CSV file by line: the line number in the file, the column and the reason. */
export function ImportErrorsTable({ errors, testId }: { errors: LineError[]; testId?: string }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<LineError & { key: number }> = [
    { title: t('orders.imports.line'), dataIndex: 'line', width: 80 },
    {
      title: t('orders.imports.field'),
      dataIndex: 'field',
      width: 140,
      render: (_, e) => (e.field ? <Typography.Text code>{e.field}</Typography.Text> : '—'),
    },
    { title: t('orders.imports.reason'), dataIndex: 'message' },
    {
      title: t('orders.imports.externalId'),
      dataIndex: 'externalId',
      responsive: ['md'],
      render: (_, e) => e.externalId ?? '',
    },
  ];
  return (
    <Table<LineError & { key: number }>
      size="small"
      columns={columns}
      dataSource={errors.map((e, i) => ({ ...e, key: i }))}
      pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
      data-testid={testId ?? 'import-errors'}
    />
  );
}
