import { DeleteOutlined, ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EarnRule, loyaltyApi, type Simulation, type StepKind } from '../../api/loyalty';
import { MemberSelect } from '../../components/member-select';
import { toCents } from '../../components/money';
import { StoreSelect } from '../../components/store-select';
import { ChannelSelect } from './channel-select';
import { type NamePath, useFormErrors } from './form-errors';
import { MoneyInput } from './money-input';

interface SimForm {
  channel: string;
  storeId?: string;
  paidAt?: Dayjs | null;
  memberId?: string;
  lines: { sku: string; categoryPath?: string; paid: number }[];
}

const STEP_COLOURS: Record<StepKind, string> = {
  line: 'blue',
  tier: 'purple',
  rounding: 'gray',
  order_cap: 'red',
  daily_cap: 'red',
  growth: 'green',
};

/** order.lines.0.paidCents → lines.0.paid; order.channel → channel. */
function simErrorPath(path: NamePath): NamePath | null {
  const rest = path[0] === 'order' ? path.slice(1) : path;
  if (rest[0] === 'lines' && rest[2] === 'paidCents') return ['lines', rest[1] ?? 0, 'paid'];
  return rest;
}

/** Up to two decimals: line points before rounding can be fractional. */
const pts = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

/** What an order would earn under the saved rules, with every step that led there. */
export function SimulatorPanel({
  rules,
  businessUnitId,
}: {
  rules: EarnRule[];
  businessUnitId?: string | undefined;
}) {
  const { t } = useTranslation();
  const showErrors = useFormErrors();
  const [form] = Form.useForm<SimForm>();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<Simulation | null>(null);
  const ruleName = (id: string | null) => (id ? (rules.find((r) => r.id === id)?.name ?? id) : null);

  const run = async (values: SimForm) => {
    setRunning(true);
    try {
      setResult(
        await loyaltyApi.simulate({
          ...(businessUnitId ? { businessUnitId } : {}),
          ...(values.memberId ? { memberId: values.memberId } : {}),
          order: {
            channel: values.channel,
            storeId: values.storeId ?? null,
            ...(values.paidAt ? { paidAt: values.paidAt.toISOString() } : {}),
            lines: values.lines.map((l) => ({
              sku: l.sku.trim(),
              ...(l.categoryPath?.trim() ? { categoryPath: l.categoryPath.trim() } : {}),
              paidCents: toCents(l.paid ?? 0),
            })),
          },
        }),
      );
    } catch (err) {
      showErrors(err, form, simErrorPath);
    } finally {
      setRunning(false);
    }
  };

  const dailyCap = result?.note ? /\d+/.exec(result.note)?.[0] : undefined;

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          <ExperimentOutlined />
          {t('loyalty.simulator.title')}
        </Flex>
      }
      data-testid="simulator"
    >
      <Typography.Paragraph type="secondary">{t('loyalty.simulator.hint')}</Typography.Paragraph>
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <Form<SimForm>
            form={form}
            layout="vertical"
            initialValues={{ channel: 'store_pos', lines: [{ sku: '', paid: undefined }] }}
            onFinish={(v) => void run(v)}
          >
            <Row gutter={12}>
              <Col xs={12}>
                <Form.Item name="channel" label={t('loyalty.simulator.channel')} rules={[{ required: true }]}>
                  <ChannelSelect testId="sim-channel" />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="storeId" label={t('loyalty.simulator.store')}>
                  <StoreSelect />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="paidAt" label={t('loyalty.simulator.paidAt')}>
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    placeholder={t('loyalty.simulator.now')}
                    style={{ width: '100%' }}
                    data-testid="sim-paid-at"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="memberId" label={t('loyalty.simulator.member')}>
                  <MemberSelect placeholder={t('loyalty.simulator.noMember')} testId="sim-member" />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text strong>{t('loyalty.simulator.lines')}</Typography.Text>
            <Form.List name="lines">
              {(fields, { add, remove }) => (
                <div style={{ marginTop: 8 }}>
                  {fields.map((field, index) => (
                    <Row gutter={8} key={field.key} align="top" data-testid={`sim-line-${index}`}>
                      <Col xs={12} md={7}>
                        <Form.Item
                          name={[field.name, 'sku']}
                          rules={[{ required: true, whitespace: true, message: t('loyalty.simulator.sku') }]}
                        >
                          <Input
                            placeholder={t('loyalty.simulator.sku')}
                            data-testid={`sim-line-${index}-sku`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={7}>
                        <Form.Item name={[field.name, 'categoryPath']}>
                          <Input
                            placeholder={t('loyalty.simulator.category')}
                            title={t('loyalty.simulator.categoryHint')}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={20} md={8}>
                        <Form.Item name={[field.name, 'paid']} rules={[{ required: true }]}>
                          <MoneyInput
                            placeholder={t('loyalty.simulator.paid')}
                            data-testid={`sim-line-${index}-paid`}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={4} md={2}>
                        <Button
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          disabled={fields.length === 1}
                          aria-label={t('common.delete')}
                          onClick={() => remove(field.name)}
                        />
                      </Col>
                    </Row>
                  ))}
                  <Flex gap={8} wrap>
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ sku: '' })}
                      data-testid="sim-add-line"
                    >
                      {t('loyalty.simulator.addLine')}
                    </Button>
                    <Button
                      type="primary"
                      htmlType="submit"
                      icon={<ExperimentOutlined />}
                      loading={running}
                      data-testid="sim-run"
                    >
                      {t('loyalty.simulator.run')}
                    </Button>
                  </Flex>
                </div>
              )}
            </Form.List>
          </Form>
        </Col>
        <Col xs={24} lg={12}>
          {result ? (
            <div data-testid="sim-result">
              <Row gutter={16} style={{ marginBottom: 16 }}>
                <Col span={8}>
                  <Statistic
                    title={t('loyalty.simulator.points')}
                    value={result.points}
                    styles={{ content: { color: '#1677ff' } }}
                    data-testid="sim-points"
                  />
                </Col>
                <Col span={8}>
                  <Statistic
                    title={t('loyalty.simulator.growth')}
                    value={result.growth}
                    data-testid="sim-growth"
                  />
                </Col>
                <Col span={8}>
                  <Statistic
                    title={t('loyalty.simulator.tier')}
                    value={result.tier?.name ?? t('loyalty.simulator.noTier')}
                    styles={{ content: { fontSize: 18 } }}
                  />
                </Col>
              </Row>
              <Typography.Text strong>{t('loyalty.simulator.steps')}</Typography.Text>
              <Timeline
                style={{ marginTop: 12 }}
                items={result.steps.map((s, i) => ({
                  key: i,
                  color: STEP_COLOURS[s.kind],
                  content: (
                    <div data-testid="sim-step">
                      <Flex gap={6} wrap align="center">
                        <Tag color={STEP_COLOURS[s.kind]} style={{ marginInlineEnd: 0 }}>
                          {t(`loyalty.simulator.stepKinds.${s.kind}`)}
                        </Tag>
                        {ruleName(s.ruleId) ? (
                          <Typography.Text strong>{ruleName(s.ruleId)}</Typography.Text>
                        ) : null}
                        <Typography.Text type="secondary">
                          {t('loyalty.simulator.after', { points: pts(s.points) })}
                        </Typography.Text>
                      </Flex>
                      <Typography.Text style={{ fontSize: 13, wordBreak: 'break-word' }}>
                        {s.detail}
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
              {dailyCap ? (
                <Alert type="info" showIcon title={t('loyalty.simulator.dailyCapNote', { cap: dailyCap })} />
              ) : null}
            </div>
          ) : (
            <Empty description={t('loyalty.simulator.empty')} />
          )}
        </Col>
      </Row>
    </Card>
  );
}
