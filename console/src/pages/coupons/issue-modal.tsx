import { Alert, type ButtonProps, Form, Input, Modal, Result, Table, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CouponTemplate, couponsApi, type IssueResult, MAX_ISSUE } from '../../api/coupons';
import { useErrorHandler } from '../../api/errors';
import { newIdempotencyKey } from '../../api/loyalty';
import { MemberMultiSelect } from './member-multi-select';

interface Props {
  template: CouponTemplate;
  onIssued: () => void;
  onClose: () => void;
}

const MEMBER_ID = /^mem_[1-9][0-9]{0,17}$/;

/** Ids pasted from a spreadsheet or a chat: any mix of new lines, commas and spaces. */
export const parsePasted = (text: string) => {
  const all = [...new Set(text.split(/[\s,，;；]+/).filter(Boolean))];
  return { ids: all.filter((id) => MEMBER_ID.test(id)), invalid: all.filter((id) => !MEMBER_ID.test(id)) };
};

/** Issue a template's coupons to members picked by search or pasted as ids; shows who was skipped and why. */
export function IssueModal({ template, onIssued, onClose }: Props) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [mode, setMode] = useState<'pick' | 'paste'>('pick');
  const [picked, setPicked] = useState<string[]>([]);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [result, setResult] = useState<IssueResult | null>(null);
  // One key per opening: a double click or a retry after a timeout issues once.
  const key = useMemo(() => newIdempotencyKey(), []);
  const parsed = parsePasted(pasted);
  const ids = mode === 'pick' ? picked : parsed.ids;

  const submit = async () => {
    if (mode === 'paste' && parsed.invalid.length > 0) {
      setProblem(t('loyalty.coupons.issuePasteInvalid', { ids: parsed.invalid.slice(0, 5).join(', ') }));
      return;
    }
    if (ids.length === 0) return setProblem(t('loyalty.coupons.issueNone'));
    if (ids.length > MAX_ISSUE) return setProblem(t('loyalty.coupons.issueTooMany', { max: MAX_ISSUE }));
    setProblem(null);
    setIssuing(true);
    try {
      setResult(await couponsApi.issue(template.id, ids, key));
      onIssued();
    } catch (err) {
      onError(err);
    } finally {
      setIssuing(false);
    }
  };

  return (
    <Modal
      open
      title={t('loyalty.coupons.issueTitle', { name: template.name })}
      okText={result ? t('common.close') : t('loyalty.coupons.issueSubmit')}
      cancelButtonProps={{ style: result ? { display: 'none' } : undefined }}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: issuing, 'data-testid': 'issue-submit' } as ButtonProps}
      onOk={() => (result ? onClose() : void submit())}
      onCancel={onClose}
      mask={{ closable: false }}
      width={600}
    >
      {result ? (
        <div data-testid="issue-result">
          <Result
            status={result.issued.length > 0 ? 'success' : 'warning'}
            title={t('loyalty.coupons.issuedResult', {
              issued: result.issued.length,
              skipped: result.skipped.length,
            })}
            style={{ padding: '16px 0' }}
          />
          {result.skipped.length > 0 ? (
            <Table
              size="small"
              rowKey="memberId"
              pagination={result.skipped.length > 10 ? { pageSize: 10 } : false}
              dataSource={result.skipped}
              columns={[
                { title: t('loyalty.coupons.member'), dataIndex: 'memberId' },
                {
                  title: t('loyalty.coupons.skipped'),
                  dataIndex: 'reason',
                  render: (_, s) => t(`loyalty.coupons.skipReasons.${s.reason}`),
                },
              ]}
            />
          ) : null}
        </div>
      ) : (
        <>
          <Tabs
            activeKey={mode}
            onChange={(k) => {
              setMode(k as 'pick' | 'paste');
              setProblem(null);
            }}
            items={[
              {
                key: 'pick',
                label: t('loyalty.coupons.issueTabPick'),
                children: (
                  <Form layout="vertical">
                    <Form.Item label={t('loyalty.coupons.issuePick')}>
                      <MemberMultiSelect value={picked} onChange={setPicked} />
                    </Form.Item>
                  </Form>
                ),
              },
              {
                key: 'paste',
                label: t('loyalty.coupons.issueTabPaste'),
                children: (
                  <Form layout="vertical">
                    <Form.Item label={t('loyalty.coupons.issuePaste')}>
                      <Input.TextArea
                        value={pasted}
                        onChange={(e) => setPasted(e.target.value)}
                        autoSize={{ minRows: 4, maxRows: 10 }}
                        placeholder={'mem_1\nmem_2'}
                        data-testid="issue-paste"
                      />
                    </Form.Item>
                  </Form>
                ),
              },
            ]}
          />
          <Typography.Text type="secondary">
            {t('loyalty.coupons.issueCount', { count: ids.length })}
          </Typography.Text>
          {problem ? <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} /> : null}
        </>
      )}
    </Modal>
  );
}
