import { SaveOutlined, SyncOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Row,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import {
  EVALUATIONS,
  EXPIRY_KINDS,
  loyaltyApi,
  type Program,
  ROUNDINGS,
  TIER_BASES,
  type TierBasis,
} from '../../api/loyalty';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { nameRules } from '../../components/rules';
import { useFormErrors } from './form-errors';
import { defaultProgramForm, type ProgramForm, programFromForm, programToForm } from './program-form';
import { TierEditor } from './tier-editor';
import { UnitScopeSelect, useUnitScope } from './unit-scope';

const half = { xs: 24, md: 12 };
const third = { xs: 24, sm: 12, lg: 8 };

/** The loyalty programme: earning, expiry, how tiers are reached and reviewed, and the tiers. */
export function ProgramPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const showErrors = useFormErrors();
  const { permissions = [], tenant } = useSession();
  const canWrite = permissions.includes('loyalty:write');
  const unit = useUnitScope();
  const [form] = Form.useForm<ProgramForm>();
  const [program, setProgram] = useState<Program | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [evaluating, setEvaluating] = useState(false);
  const basis: TierBasis = Form.useWatch('tierBasis', form) ?? 'paid_12m';
  const expiryKind = Form.useWatch(['expiry', 'kind'], form);

  useEffect(() => {
    let live = true;
    setProgram(undefined);
    loyaltyApi
      .program(unit)
      .then((p) => {
        if (live) setProgram(p);
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 404) setProgram(null);
        else onError(err);
      });
    return () => {
      live = false;
    };
  }, [unit, onError]);

  // The form mounts once the programme is known; its values are set from it then.
  useEffect(() => {
    if (program === undefined) return;
    form.resetFields();
    form.setFieldsValue(program ? programToForm(program) : defaultProgramForm(tenant.name));
  }, [program, form, tenant.name]);

  const save = async () => {
    let values: ProgramForm;
    try {
      values = await form.validateFields();
    } catch (err) {
      const first = (err as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    setSaving(true);
    try {
      const saved = await loyaltyApi.saveProgram(programFromForm(values), unit);
      setProgram(saved);
      void message.success(t('loyalty.program.saved'));
    } catch (err) {
      showErrors(err, form);
    } finally {
      setSaving(false);
    }
  };

  const evaluate = async () => {
    setEvaluating(true);
    try {
      const { more } = await loyaltyApi.evaluate();
      void message.success(t(more ? 'loyalty.program.evaluatedMore' : 'loyalty.program.evaluated'));
    } catch (err) {
      onError(err);
    } finally {
      setEvaluating(false);
    }
  };

  const saveButton = (
    <Button
      type="primary"
      icon={<SaveOutlined />}
      loading={saving}
      onClick={() => void save()}
      data-testid="program-save"
    >
      {t('loyalty.program.save')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('loyalty.program.title')}
        actions={
          <>
            <UnitScopeSelect />
            {canWrite && program ? (
              <Popconfirm title={t('loyalty.program.evaluateConfirm')} onConfirm={() => evaluate()}>
                <Button icon={<SyncOutlined />} loading={evaluating} data-testid="program-evaluate">
                  {t('loyalty.program.evaluate')}
                </Button>
              </Popconfirm>
            ) : null}
            {canWrite ? saveButton : null}
          </>
        }
      />
      {program === undefined ? (
        <Skeleton active />
      ) : (
        <Form<ProgramForm> form={form} layout="vertical" disabled={!canWrite} data-testid="program-form">
          {program === null ? (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('loyalty.program.none')} />
          ) : (
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
              {t('loyalty.program.updatedAt', { time: formatTime(program.updatedAt) })}
            </Typography.Text>
          )}
          <Card size="small" title={t('loyalty.program.general')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col {...half}>
                <Form.Item name="name" label={t('loyalty.program.name')} rules={nameRules()}>
                  <Input data-testid="program-name" />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item name="status" label={t('loyalty.program.status')}>
                  <Radio.Group
                    optionType="button"
                    options={(['active', 'paused'] as const).map((s) => ({
                      value: s,
                      label: t(`loyalty.program.statuses.${s}`),
                    }))}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('loyalty.program.earning')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col {...third}>
                <Form.Item name="rounding" label={t('loyalty.program.rounding')}>
                  <Select
                    options={ROUNDINGS.map((r) => ({ value: r, label: t(`loyalty.program.roundings.${r}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col {...third}>
                <Form.Item
                  name="returnWindowDays"
                  label={t('loyalty.program.returnWindowDays')}
                  tooltip={t('loyalty.program.returnWindowHint')}
                  rules={[{ required: true }]}
                >
                  <InputNumber<number>
                    min={0}
                    max={365}
                    precision={0}
                    suffix={t('loyalty.program.days')}
                    style={{ width: '100%' }}
                    data-testid="program-return-window"
                  />
                </Form.Item>
              </Col>
              <Col {...third}>
                <Form.Item name="orderCap" label={t('loyalty.program.orderCap')}>
                  <InputNumber<number>
                    min={1}
                    precision={0}
                    placeholder={t('loyalty.program.noCap')}
                    suffix={t('loyalty.program.points')}
                    style={{ width: '100%' }}
                    data-testid="program-order-cap"
                  />
                </Form.Item>
              </Col>
              <Col {...third}>
                <Form.Item name="dailyCap" label={t('loyalty.program.dailyCap')}>
                  <InputNumber<number>
                    min={1}
                    precision={0}
                    placeholder={t('loyalty.program.noCap')}
                    suffix={t('loyalty.program.points')}
                    style={{ width: '100%' }}
                    data-testid="program-daily-cap"
                  />
                </Form.Item>
              </Col>
              <Col {...third}>
                <Form.Item name={['expiry', 'kind']} label={t('loyalty.program.expiryKind')}>
                  <Select
                    options={EXPIRY_KINDS.map((k) => ({
                      value: k,
                      label: t(`loyalty.program.expiryKinds.${k}`),
                    }))}
                    data-testid="program-expiry-kind"
                  />
                </Form.Item>
              </Col>
              <Col {...third}>
                {expiryKind === 'months_after' ? (
                  <Form.Item
                    name={['expiry', 'months']}
                    label={t('loyalty.program.months')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber<number>
                      min={1}
                      max={120}
                      precision={0}
                      style={{ width: '100%' }}
                      data-testid="program-expiry-months"
                    />
                  </Form.Item>
                ) : null}
                {expiryKind === 'end_of_year' ? (
                  <Form.Item
                    name={['expiry', 'years']}
                    label={t('loyalty.program.years')}
                    tooltip={t('loyalty.program.yearsHint')}
                    rules={[{ required: true }]}
                  >
                    <InputNumber<number> min={0} max={10} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                ) : null}
                {expiryKind === 'fixed' ? (
                  <Form.Item
                    name={['expiry', 'at']}
                    label={t('loyalty.program.fixedAt')}
                    rules={[{ required: true }]}
                  >
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                ) : null}
              </Col>
            </Row>
          </Card>

          <Card size="small" title={t('loyalty.program.qualification')} style={{ marginBottom: 16 }}>
            <Row gutter={16}>
              <Col {...half}>
                <Form.Item name="tierBasis" label={t('loyalty.program.tierBasis')}>
                  <Radio.Group
                    options={TIER_BASES.map((b) => ({
                      value: b,
                      label: t(`loyalty.program.tierBases.${b}`),
                    }))}
                    data-testid="program-tier-basis"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="growthPerYuan"
                  label={t('loyalty.program.growthPerYuan')}
                  rules={[{ required: true }]}
                >
                  <InputNumber<number> min={0} max={1000} step={0.1} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="evaluation"
                  label={t('loyalty.program.evaluation')}
                  tooltip={t('loyalty.program.evaluationHint')}
                >
                  <Select
                    options={EVALUATIONS.map((e) => ({
                      value: e,
                      label: t(`loyalty.program.evaluations.${e}`),
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item
                  name="downgradeGraceDays"
                  label={t('loyalty.program.downgradeGraceDays')}
                  rules={[{ required: true }]}
                >
                  <InputNumber<number>
                    min={0}
                    max={365}
                    precision={0}
                    suffix={t('loyalty.program.days')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Card>

          <Card
            size="small"
            title={t('loyalty.tiers.title')}
            style={{ marginBottom: 16 }}
            styles={{ body: { paddingTop: 8 } }}
          >
            <Typography.Paragraph type="secondary">{t('loyalty.tiers.hint')}</Typography.Paragraph>
            <TierEditor basis={basis} readOnly={!canWrite} />
          </Card>
          {canWrite ? <Flex justify="flex-end">{saveButton}</Flex> : null}
        </Form>
      )}
    </>
  );
}
