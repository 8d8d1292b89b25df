import {
  Alert,
  App,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COUPON_KINDS, type CouponTemplate, couponsApi } from '../../api/coupons';
import { FormDrawer } from '../../components/form-drawer';
import { nameRules } from '../../components/rules';
import { ChannelsSelect } from '../loyalty/channel-select';
import { useFormErrors } from '../loyalty/form-errors';
import { MoneyInput } from '../loyalty/money-input';
import { StoreMultiSelect } from '../loyalty/store-multi-select';
import {
  KIND_FIELDS,
  newTemplateForm,
  type TemplateForm,
  templateErrorPath,
  templateFromForm,
  templateToForm,
} from './template-form';

interface Props {
  /** The template to edit; none for a new one. */
  template?: CouponTemplate;
  onSaved: (template: CouponTemplate) => void;
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

/** Create or edit a coupon template: the fields its kind uses, stock and limits, validity, where it applies. */
export function TemplateDrawer({ template, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showErrors = useFormErrors();
  const [form] = Form.useForm<TemplateForm>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? template?.kind ?? 'cash_off';
  const validityKind = Form.useWatch('validityKind', form) ?? template?.validity.kind ?? 'relative';
  // What a coupon is worth is fixed once the template leaves draft: coupons out are redeemed against it.
  const locked = template !== undefined && template.status !== 'draft';
  const uses = KIND_FIELDS[kind];

  const submit = async () => {
    let values: TemplateForm;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const fields = templateFromForm(values);
      const saved = template
        ? await couponsApi.update(template.id, fields)
        : await couponsApi.create({ ...fields, status: values.activate ? 'active' : 'draft' });
      void message.success(t('common.saved'));
      onSaved(saved);
      onClose();
    } catch (err) {
      showErrors(err, form, templateErrorPath);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDrawer
      title={template ? t('loyalty.coupons.editTitle') : t('loyalty.coupons.createTitle')}
      width={640}
      saving={saving}
      saveTestId="template-save"
      onSave={() => void submit()}
      onClose={onClose}
    >
      <Form<TemplateForm>
        form={form}
        layout="vertical"
        initialValues={template ? templateToForm(template) : newTemplateForm()}
        onFinish={() => void submit()}
        data-testid="template-form"
      >
        {locked ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('loyalty.coupons.lockedHint')} />
        ) : null}
        <Form.Item name="name" label={t('loyalty.coupons.name')} rules={nameRules()}>
          <Input data-testid="template-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('loyalty.coupons.kind')}>
          <Radio.Group
            optionType="button"
            disabled={locked}
            options={COUPON_KINDS.map((k) => ({ value: k, label: t(`loyalty.coupons.kinds.${k}`) }))}
            data-testid="template-kind"
          />
        </Form.Item>
        <Row gutter={16}>
          {uses.includes('amountOff') ? (
            <Col {...half}>
              <Form.Item name="amountOff" label={t('loyalty.coupons.amountOff')} rules={[{ required: true }]}>
                <MoneyInput min={0.01} disabled={locked} data-testid="template-amount-off" />
              </Form.Item>
            </Col>
          ) : null}
          {uses.includes('percentOff') ? (
            <Col {...half}>
              <Form.Item
                name="percentOff"
                label={t('loyalty.coupons.percentOff')}
                tooltip={t('loyalty.coupons.percentOffHint')}
                rules={[{ required: true }]}
              >
                <InputNumber<number>
                  min={0.01}
                  max={100}
                  precision={2}
                  suffix="%"
                  disabled={locked}
                  style={{ width: '100%' }}
                  data-testid="template-percent-off"
                />
              </Form.Item>
            </Col>
          ) : null}
          {uses.includes('giftSku') ? (
            <Col {...half}>
              <Form.Item
                name="giftSku"
                label={t('loyalty.coupons.giftSku')}
                rules={[{ required: true, whitespace: true }, { max: 64 }]}
              >
                <Input disabled={locked} data-testid="template-gift-sku" />
              </Form.Item>
            </Col>
          ) : null}
          {uses.includes('maxDiscount') ? (
            <Col {...half}>
              <Form.Item name="maxDiscount" label={t('loyalty.coupons.maxDiscount')}>
                <MoneyInput min={0.01} placeholder={t('loyalty.coupons.noLimit')} disabled={locked} />
              </Form.Item>
            </Col>
          ) : null}
          <Col {...half}>
            <Form.Item
              name="threshold"
              label={t('loyalty.coupons.threshold')}
              tooltip={t('loyalty.coupons.thresholdHint')}
            >
              <MoneyInput disabled={locked} data-testid="template-threshold" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="stockTotal" label={t('loyalty.coupons.stockTotal')}>
              <InputNumber<number>
                min={0}
                precision={0}
                placeholder={t('loyalty.coupons.noLimit')}
                style={{ width: '100%' }}
                data-testid="template-stock"
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="perMemberLimit" label={t('loyalty.coupons.perMemberLimit')}>
              <InputNumber<number>
                min={1}
                precision={0}
                placeholder={t('loyalty.coupons.noLimit')}
                style={{ width: '100%' }}
                data-testid="template-per-member"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="validityKind" label={t('loyalty.coupons.validity')}>
          <Radio.Group
            options={(['relative', 'fixed'] as const).map((k) => ({
              value: k,
              label: t(`loyalty.coupons.validityKinds.${k}`),
            }))}
          />
        </Form.Item>
        {validityKind === 'relative' ? (
          <Form.Item name="validDays" label={t('loyalty.coupons.validDays')} rules={[{ required: true }]}>
            <InputNumber<number>
              min={1}
              max={3650}
              precision={0}
              style={{ width: 200, maxWidth: '100%' }}
              data-testid="template-valid-days"
            />
          </Form.Item>
        ) : (
          <Form.Item name="validRange" label={t('loyalty.coupons.validRange')} rules={[{ required: true }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Typography.Text strong>{t('loyalty.coupons.applicability')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('loyalty.coupons.applicabilityHint')}
        </Typography.Paragraph>
        <Form.Item name="channels" label={t('loyalty.rules.channels')}>
          <ChannelsSelect testId="template-channels" />
        </Form.Item>
        <Form.Item name="storeIds" label={t('loyalty.rules.stores')}>
          <StoreMultiSelect />
        </Form.Item>
        <Form.Item name="categoryPrefixes" label={t('loyalty.rules.categories')}>
          {tags(t('loyalty.rules.categoriesHint'), 'template-categories')}
        </Form.Item>
        <Form.Item name="skus" label={t('loyalty.rules.skus')}>
          {tags('SKU-1, SKU-2', 'template-skus')}
        </Form.Item>
        <Form.Item name="description" label={t('loyalty.coupons.description')} rules={[{ max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Flex vertical gap={8}>
          <Form.Item name="shareable" valuePropName="checked" noStyle>
            <Checkbox>{t('loyalty.coupons.shareable')}</Checkbox>
          </Form.Item>
          <Form.Item name="claimable" valuePropName="checked" noStyle>
            <Checkbox data-testid="template-claimable">{t('loyalty.coupons.claimable')}</Checkbox>
          </Form.Item>
          {template ? null : (
            <Form.Item name="activate" valuePropName="checked" noStyle>
              <Checkbox data-testid="template-activate">{t('loyalty.coupons.activateNow')}</Checkbox>
            </Form.Item>
          )}
        </Flex>
        <button type="submit" hidden aria-hidden />
      </Form>
    </FormDrawer>
  );
}
