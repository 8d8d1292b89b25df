import { Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../api/types';

const preStyle: React.CSSProperties = {
  margin: 0,
  padding: 12,
  maxHeight: 360,
  overflow: 'auto',
  background: '#fafafa',
  border: '1px solid #f0f0f0',
  borderRadius: 6,
  fontSize: 12,
  whiteSpace: 'pre-wrap',
  wordBreak: 'break-all',
};

function Json({ value, empty }: { value: unknown; empty: string }) {
  const text = value === null || value === undefined ? empty : JSON.stringify(value, null, 2);
  return <pre style={preStyle}>{text}</pre>;
}

/** Before and after snapshots of an audited change, side by side. */
export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`audit-diff-${entry.id}`}>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <Json value={entry.before} empty={t('audit.empty')} />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <Json value={entry.after} empty={t('audit.empty')} />
        </Col>
      </Row>
      {entry.requestId ? (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 8 }}>
          {t('audit.requestId')}: <Typography.Text copyable>{entry.requestId}</Typography.Text>
        </Typography.Text>
      ) : null}
    </div>
  );
}
