import { Alert, Col, Progress, Row, Statistic, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportJob, ImportStatus } from '../../api/orders';
import { ImportErrorsTable } from './import-errors-table';
import { percentOf } from './use-import-job';

const STATUS_COLOURS: Record<ImportStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status]}>{t(`orders.imports.status.${status}`)}</Tag>;
}

/** An import's progress bar, its counts and, once finished, its errors by line. */
export function ImportSummary({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const percent = percentOf(job);
  const status = job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active';
  return (
    <div data-testid="import-summary" data-status={job.status}>
      <Progress percent={percent} status={status} format={(p) => `${p}%`} data-testid="import-progress" />
      {job.error ? <Alert type="error" showIcon title={job.error} style={{ margin: '12px 0' }} /> : null}
      <Row gutter={[16, 16]} style={{ margin: '12px 0' }}>
        <Col xs={12} sm={6}>
          <Statistic title={t('orders.imports.totalLines')} value={job.totalLines} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={t('orders.imports.processed')} value={job.processed} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic
            title={t('orders.imports.succeeded')}
            value={job.succeeded}
            styles={{ content: { color: '#389e0d' } }}
            data-testid="import-succeeded"
          />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic
            title={t('orders.imports.failed')}
            value={job.failed}
            styles={{ content: { color: job.failed ? '#cf1322' : undefined } }}
            data-testid="import-failed"
          />
        </Col>
      </Row>
      {job.errors.length > 0 ? <ImportErrorsTable errors={job.errors} testId="import-job-errors" /> : null}
    </div>
  );
}
