import { Card, Col, Flex, Row, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import {
  CONSENT_PURPOSES,
  type ConsentLogEntry,
  type ConsentPurpose,
  type MemberDetail,
} from '../../api/members';
import { formatTime } from '../../components/format';
import { sourceLabel } from './provenance';

interface Props {
  member: MemberDetail;
  onSaved: (member: MemberDetail) => void;
}

const isPurpose = (p: string): p is ConsentPurpose => (CONSENT_PURPOSES as readonly string[]).includes(p);

/** Per purpose: granted or withdrawn, when and through what; the full history below. */
export function ConsentsTab({ member, onSaved }: Props) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [history, setHistory] = useState<ConsentLogEntry[]>([]);
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState<ConsentPurpose | null>(null);

  const load = useCallback(() => {
    setLoading(true);
    api
      .get<{ items: ConsentLogEntry[] }>(`/members/${member.id}/consents`)
      .then((res) => setHistory(res.items))
      .catch(onError)
      .finally(() => setLoading(false));
  }, [member.id, onError]);
  useEffect(load, [load]);

  const purposeLabel = (p: string) => (isPurpose(p) ? t(`members.consents.purposes.${p}`) : p);

  const change = async (purpose: ConsentPurpose, granted: boolean) => {
    setSaving(purpose);
    try {
      onSaved(await api.patch<MemberDetail>(`/members/${member.id}`, { consents: { [purpose]: granted } }));
      load();
    } catch (err) {
      onError(err);
    } finally {
      setSaving(null);
    }
  };

  const columns: TableColumnsType<ConsentLogEntry> = [
    {
      title: t('members.consents.time'),
      dataIndex: 'recordedAt',
      render: (_, c) => formatTime(c.recordedAt),
    },
    { title: t('members.consents.purpose'), dataIndex: 'purpose', render: (_, c) => purposeLabel(c.purpose) },
    {
      title: t('members.consents.state'),
      dataIndex: 'granted',
      render: (_, c) => (
        <Tag color={c.granted ? 'green' : 'red'}>
          {c.granted ? t('members.consents.granted') : t('members.consents.withdrawn')}
        </Tag>
      ),
    },
    { title: t('members.consents.source'), dataIndex: 'source', render: (_, c) => sourceLabel(t, c.source) },
  ];

  return (
    <>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {CONSENT_PURPOSES.map((purpose) => {
          const current = member.consents[purpose];
          return (
            <Col key={purpose} xs={24} sm={12} xl={6}>
              <Card size="small" data-testid={`consent-${purpose}`}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong>{purposeLabel(purpose)}</Typography.Text>
                  <Switch
                    checked={current?.granted ?? false}
                    loading={saving === purpose}
                    disabled={member.status !== 'active'}
                    onChange={(granted) => void change(purpose, granted)}
                    aria-label={purposeLabel(purpose)}
                  />
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {current
                    ? t(current.granted ? 'members.consents.grantedBy' : 'members.consents.withdrawnBy', {
                        source: sourceLabel(t, current.source),
                        at: formatTime(current.at),
                      })
                    : t('members.consents.never')}
                </Typography.Text>
              </Card>
            </Col>
          );
        })}
      </Row>
      <Typography.Title level={5}>{t('members.consents.history')}</Typography.Title>
      <Table<ConsentLogEntry>
        size="small"
        rowKey={(c) => `${c.recordedAt}-${c.purpose}-${String(c.granted)}`}
        columns={columns}
        dataSource={history}
        loading={loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
      />
    </>
  );
}
