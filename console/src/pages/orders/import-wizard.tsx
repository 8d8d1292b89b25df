import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Row,
  Segmented,
  Statistic,
  Steps,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import {
  CSV_HEADERS,
  IMPORT_KINDS,
  type ImportJob,
  type ImportKind,
  type ImportPreview,
} from '../../api/orders';
import { ImportErrorsTable } from './import-errors-table';
import { ImportSummary } from './import-summary';
import { isFinished, useImportJob } from './use-import-job';

const MAX_BYTES = 50 * 1024 * 1024;

const EXAMPLES: Record<ImportKind, string> = {
  orders: 'store_pos,POS-1001,2025-06-18 20:15:00,SH01,,13800000001,SKU-1,2,10.00,18,2,WELCOME5',
  products: 'SKU-1,金属框眼镜,镜架/金属框,Siyu,199.00',
};

function downloadTemplate(kind: ImportKind): void {
  // A BOM so Excel opens the Chinese text as UTF-8.
  const blob = new Blob([`\uFEFF${CSV_HEADERS[kind]}\n${EXAMPLES[kind]}\n`], {
    type: 'text/csv;charset=utf-8',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `siyu-${kind}-template.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface Props {
  initialKind: ImportKind;
  onStarted: () => void;
  onFinished: (job: ImportJob) => void;
}

interface Chosen {
  name: string;
  content: string;
  preview: ImportPreview;
}

/** Upload a CSV → see its errors by line → import the good lines → follow the progress. */
export function ImportWizard({ initialKind, onStarted, onFinished }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [kind, setKind] = useState<ImportKind>(initialKind);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<ImportJob | null>(null);
  const job = useImportJob(started, onFinished);

  const reset = () => {
    setChosen(null);
    setStarted(null);
  };

  const choose = async (file: File) => {
    if (file.size > MAX_BYTES) {
      void message.error(t('orders.imports.tooLarge'));
      return;
    }
    setBusy(true);
    try {
      const content = await file.text();
      const preview = await api.post<ImportPreview>('/imports/preview', { kind, content });
      setChosen({ name: file.name, content, preview });
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (!chosen) return;
    setBusy(true);
    try {
      setStarted(
        await api.post<ImportJob>('/imports', { kind, fileName: chosen.name, content: chosen.content }),
      );
      onStarted();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const step = job ? 2 : chosen ? 1 : 0;
  const p = chosen?.preview;

  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="import-wizard">
      <Steps
        size="small"
        responsive={false}
        current={job && isFinished(job) ? 3 : step}
        style={{ marginBottom: 16 }}
        items={[
          { title: t('orders.imports.stepUpload') },
          { title: t('orders.imports.stepPreview') },
          { title: t('orders.imports.stepImport') },
        ]}
      />
      {step === 0 ? (
        <>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
            <Segmented<ImportKind>
              value={kind}
              onChange={setKind}
              options={IMPORT_KINDS.map((k) => ({ value: k, label: t(`orders.imports.kinds.${k}`) }))}
              data-testid="import-kind"
            />
            <Button type="link" icon={<DownloadOutlined />} onClick={() => downloadTemplate(kind)}>
              {t('orders.imports.template')}
            </Button>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
            {t('orders.imports.columns')}: <Typography.Text code>{CSV_HEADERS[kind]}</Typography.Text>
          </Typography.Paragraph>
          <Upload.Dragger
            accept=".csv,text/csv"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              void choose(file);
              return Upload.LIST_IGNORE;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              {busy ? t('orders.imports.checking') : t('orders.imports.drop')}
            </p>
            <p className="ant-upload-hint">{t('orders.imports.dropHint')}</p>
          </Upload.Dragger>
        </>
      ) : null}
      {step === 1 && p && chosen ? (
        <div data-testid="import-preview">
          <Typography.Text strong>{chosen.name}</Typography.Text>
          <Row gutter={[16, 16]} style={{ margin: '12px 0' }}>
            <Col xs={12} sm={6}>
              <Statistic title={t('orders.imports.totalLines')} value={p.totalLines} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t(`orders.imports.records.${kind}`)} value={p.records} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('orders.imports.validLines')}
                value={p.validLines}
                styles={{ content: { color: '#389e0d' } }}
              />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('orders.imports.invalidLines')}
                value={p.invalidLines}
                styles={{ content: { color: p.invalidLines ? '#cf1322' : undefined } }}
              />
            </Col>
          </Row>
          {p.invalidLines > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('orders.imports.previewWarning', { count: p.invalidLines })}
              description={
                p.errors.length >= 200
                  ? t('orders.imports.firstErrors', { count: p.errors.length })
                  : undefined
              }
            />
          ) : (
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('orders.imports.previewClean')}
            />
          )}
          {p.errors.length > 0 ? <ImportErrorsTable errors={p.errors} testId="preview-errors" /> : null}
          <Flex gap={8} justify="flex-end" wrap style={{ marginTop: 12 }}>
            <Button onClick={reset}>{t('orders.imports.chooseAnother')}</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={p.validLines === 0}
              onClick={() => void commit()}
              data-testid="import-commit"
            >
              {t('orders.imports.commit', { count: p.validLines })}
            </Button>
          </Flex>
        </div>
      ) : null}
      {step === 2 && job ? (
        <>
          <Typography.Text strong>{job.fileName}</Typography.Text>
          <ImportSummary job={job} />
          {isFinished(job) ? (
            <Flex justify="flex-end">
              <Button type="primary" onClick={reset} data-testid="import-again">
                {t('orders.imports.another')}
              </Button>
            </Flex>
          ) : null}
        </>
      ) : null}
    </Card>
  );
}
