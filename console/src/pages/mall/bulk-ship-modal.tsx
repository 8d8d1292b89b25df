import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Col,
  Flex,
  Input,
  Modal,
  Row,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../../api/errors';
import { type BulkShipResult, mallApi, SHIP_CSV_HEADER } from '../../api/mall';

const MAX_BYTES = 2 * 1024 * 1024;

function downloadTemplate() {
  const blob = new Blob([`${SHIP_CSV_HEADER}\nmex_1,顺丰速运 SF,SF1234567890\n`], {
    type: 'text/csv;charset=utf-8',
  });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'mall-shipments.csv';
  a.click();
  URL.revokeObjectURL(a.href);
}

type LineError = BulkShipResult['errors'][number];

/** Ship many exchanges from a courier's CSV: the numbers by outcome, then every bad line with its reason. */
export function BulkShipModal({ onShipped, onClose }: { onShipped: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<BulkShipResult | null>(null);

  const ship = async (content: string, fileName?: string) => {
    setBusy(true);
    try {
      const r = await mallApi.bulkShip(content, fileName);
      setResult(r);
      if (r.shipped > 0) onShipped();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<LineError & { key: number }> = [
    { title: t('mall.exchanges.line'), dataIndex: 'line', width: 64 },
    {
      title: t('mall.exchanges.field'),
      dataIndex: 'field',
      width: 120,
      render: (_, e) => <Typography.Text code>{e.field}</Typography.Text>,
    },
    {
      title: t('mall.exchanges.message'),
      dataIndex: 'message',
      render: (_, e) => (
        <Flex vertical>
          {e.exchangeId ? <Typography.Text type="secondary">{e.exchangeId}</Typography.Text> : null}
          <span>{e.message}</span>
        </Flex>
      ),
    },
  ];

  return (
    <Modal
      open
      title={t('mall.exchanges.bulkTitle')}
      width={640}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        result ? (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => setResult(null)}>{t('mall.exchanges.bulkAgain')}</Button>
            <Button type="primary" onClick={onClose}>
              {t('common.close')}
            </Button>
          </Flex>
        ) : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              loading={busy}
              disabled={!pasted.trim()}
              onClick={() =>
                void ship(pasted.trim().startsWith('exchange_id') ? pasted : `${SHIP_CSV_HEADER}\n${pasted}`)
              }
              data-testid="bulk-submit"
            >
              {t('mall.exchanges.bulkSubmit')}
            </Button>
          </Flex>
        )
      }
    >
      {result ? (
        <div data-testid="bulk-result">
          <Row gutter={[16, 16]} style={{ margin: '8px 0 16px' }}>
            <Col xs={12} sm={6}>
              <Statistic title={t('mall.exchanges.bulkLines')} value={result.lines} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('mall.exchanges.bulkShipped')}
                value={result.shipped}
                styles={{ content: { color: '#389e0d' } }}
              />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t('mall.exchanges.bulkUnchanged')} value={result.unchanged} />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t('mall.exchanges.bulkFailed')}
                value={result.failed}
                styles={{ content: { color: result.failed ? '#cf1322' : undefined } }}
              />
            </Col>
          </Row>
          {result.errors.length > 0 ? (
            <Table<LineError & { key: number }>
              size="small"
              columns={columns}
              dataSource={result.errors.map((e, i) => ({ ...e, key: i }))}
              pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
              data-testid="bulk-errors"
            />
          ) : null}
        </div>
      ) : (
        <>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('mall.exchanges.bulkColumns')}: <Typography.Text code>{SHIP_CSV_HEADER}</Typography.Text>
            </Typography.Text>
            <Button type="link" size="small" icon={<DownloadOutlined />} onClick={downloadTemplate}>
              {t('mall.exchanges.bulkTemplate')}
            </Button>
          </Flex>
          <Upload.Dragger
            accept=".csv,text/csv"
            multiple={false}
            showUploadList={false}
            disabled={busy}
            beforeUpload={(file) => {
              if (file.size > MAX_BYTES) void message.error(t('mall.exchanges.tooLarge'));
              else void file.text().then((content) => ship(content, file.name));
              return Upload.LIST_IGNORE;
            }}
            data-testid="bulk-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">
              {busy ? t('mall.exchanges.bulkChecking') : t('mall.exchanges.bulkDrop')}
            </p>
            <p className="ant-upload-hint">{t('mall.exchanges.bulkDropHint')}</p>
          </Upload.Dragger>
          <Typography.Text type="secondary" style={{ display: 'block', margin: '12px 0 4px' }}>
            {t('mall.exchanges.bulkOrPaste')}
          </Typography.Text>
          <Input.TextArea
            rows={5}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={`${SHIP_CSV_HEADER}\nmex_1,SF,SF1234567890`}
            style={{ fontFamily: 'monospace' }}
            data-testid="bulk-paste"
          />
        </>
      )}
    </Modal>
  );
}
