import { App, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_KINDS, type EarnRule, loyaltyApi, RULE_KINDS, type RuleKind } from '../../api/loyalty';
import { FormDrawer } from '../../components/form-drawer';
import { nameRules } from '../../components/rules';
import { ChannelsSelect } from './channel-select';
import { useFormErrors } from './form-errors';
import { newRuleForm, type RuleForm, ruleErrorPath, ruleFromForm, ruleToForm } from './rule-form';
import { StoreMultiSelect } from './store-multi-select';

interface Props {
  /** The rule to edit, or the kind of a new one. */
  rule: EarnRule | { kind: RuleKind };
  /** A new rule joins this unit's programme; none: the group's. */
  businessUnitId?: string | undefined;
  onSaved: (rule: EarnRule) => void;
  onClose: () => void;
}

const half = { xs: 24, sm: 12 };
const tags = (placeholder: string, testId: string) => (
  <Select<string[]>
    mode="tags"
    open={false}
    suffixIcon={null}
    tokenSeparators={[',', ' ', '\n']}
    placeholder={placeholder}
    style={{ width: '100%' }}
    data-testid={testId}
  />
);

/** Create or edit an earn rule: its kind's figures, the conditions it applies under, its window. */
export function RuleDrawer({ rule, businessUnitId, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showErrors = useFormErrors();
  const [form] = Form.useForm<RuleForm>();
  const [saving, setSaving] = useState(false);
  const editing = 'id' in rule ? rule : null;
  const kind: RuleKind = Form.useWatch('kind', form) ?? rule.kind;

  const submit = async () => {
    let values: RuleForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const input = ruleFromForm(values);
      const saved = editing
        ? await loyaltyApi.updateRule(editing.id, input)
        : await loyaltyApi.createRule(input, businessUnitId);
      void message.success(t('common.saved'));
      onSaved(saved);
      onClose();
    } catch (err) {
      showErrors(err, form, ruleErrorPath);
    } finally {
      setSaving(false);
    }
  };

  const limit = (name: 'limitPerDay' | 'limitPerMember' | 'limitTotal', label: string) => (
    <Col xs={24} sm={8}>
      <Form.Item name={name} label={label}>
        <InputNumber<number>
          min={1}
          precision={0}
          placeholder={t('loyalty.rules.unlimited')}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </Col>
  );

  return (
    <FormDrawer
      title={editing ? t('loyalty.rules.editTitle') : t('loyalty.rules.createTitle')}
      width={600}
      saving={saving}
      saveTestId="rule-save"
      onSave={() => void submit()}
      onClose={onClose}
    >
      <Form<RuleForm>
        form={form}
        layout="vertical"
        initialValues={editing ? ruleToForm(editing) : newRuleForm(rule.kind)}
        onFinish={() => void submit()}
        data-testid="rule-form"
      >
        <Form.Item name="kind" label={t('loyalty.rules.kind')} extra={t(`loyalty.rules.kindHints.${kind}`)}>
          <Radio.Group
            optionType="button"
            disabled={Boolean(editing)}
            options={RULE_KINDS.map((k) => ({ value: k, label: t(`loyalty.rules.kinds.${k}`) }))}
            data-testid="rule-kind"
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={16} sm={18}>
            <Form.Item name="name" label={t('loyalty.rules.name')} rules={nameRules()}>
              <Input data-testid="rule-name" />
            </Form.Item>
          </Col>
          <Col xs={8} sm={6}>
            <Form.Item name="active" label={t('loyalty.rules.active')} valuePropName="checked">
              <Switch data-testid="rule-active" />
            </Form.Item>
          </Col>
        </Row>

        {kind === 'action' ? (
          <>
            <Row gutter={16}>
              <Col {...half}>
                <Form.Item name="action" label={t('loyalty.rules.action')} rules={[{ required: true }]}>
                  <Select
                    options={ACTION_KINDS.map((a) => ({ value: a, label: t(`loyalty.rules.actions.${a}`) }))}
                    data-testid="rule-action"
                  />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6}>
                <Form.Item name="points" label={t('loyalty.rules.points')} rules={[{ required: true }]}>
                  <InputNumber<number>
                    min={0}
                    precision={0}
                    style={{ width: '100%' }}
                    data-testid="rule-points"
                  />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6}>
                <Form.Item name="growth" label={t('loyalty.rules.growth')}>
                  <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text type="secondary">{t('loyalty.rules.limits')}</Typography.Text>
            <Row gutter={16} style={{ marginTop: 8 }}>
              {limit('limitPerDay', t('loyalty.rules.limitPerDay'))}
              {limit('limitPerMember', t('loyalty.rules.limitPerMember'))}
              {limit('limitTotal', t('loyalty.rules.limitTotal'))}
            </Row>
          </>
        ) : (
          <>
            <Form.Item
              name="rate"
              label={kind === 'base' ? t('loyalty.rules.baseRate') : t('loyalty.rules.factor')}
              rules={[{ required: true }]}
            >
              <InputNumber<number>
                min={kind === 'base' ? 0 : 1}
                max={kind === 'base' ? 1000 : 100}
                step={kind === 'base' ? 0.1 : 0.5}
                prefix={kind === 'multiplier' ? '×' : undefined}
                style={{ width: 200, maxWidth: '100%' }}
                data-testid="rule-rate"
              />
            </Form.Item>
            <Typography.Text type="secondary">{t('loyalty.rules.conditions')}</Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('loyalty.rules.tagsHint')}
            </Typography.Paragraph>
            <Form.Item name="channels" label={t('loyalty.rules.channels')}>
              <ChannelsSelect testId="rule-channels" />
            </Form.Item>
            <Form.Item name="storeIds" label={t('loyalty.rules.stores')}>
              <StoreMultiSelect />
            </Form.Item>
            <Form.Item name="categoryPrefixes" label={t('loyalty.rules.categories')}>
              {tags(t('loyalty.rules.categoriesHint'), 'rule-categories')}
            </Form.Item>
            <Form.Item name="skus" label={t('loyalty.rules.skus')}>
              {tags('SKU-1, SKU-2', 'rule-skus')}
            </Form.Item>
          </>
        )}
        <Form.Item name="window" label={t('loyalty.rules.window')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
            style={{ width: '100%' }}
            data-testid="rule-window"
          />
        </Form.Item>
        <button type="submit" hidden aria-hidden />
      </Form>
    </FormDrawer>
  );
}
