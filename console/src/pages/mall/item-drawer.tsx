import {
  App,
  Col,
  DatePicker,
  Divider,
  Form,
  Grid,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ITEM_KINDS,
  ITEM_STATUSES,
  type ItemKind,
  type ItemStatus,
  type MallItem,
  mallApi,
  type ProgramTier,
} from '../../api/mall';
import { FormDrawer } from '../../components/form-drawer';
import { useOptions } from '../../hooks/use-options';
import { fromForm, type ItemForm, toForm, useItemErrors } from './item-form';
import { ItemPreviewCard } from './item-preview-card';

interface Props {
  item: MallItem | null;
  tiers: ProgramTier[];
  onSaved: () => void;
  onClose: () => void;
}

const half = { xs: 24, sm: 12 };

/** Create or edit a mall item, with a live card of how members will see it. */
export function ItemDrawer({ item, tiers, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const showErrors = useItemErrors();
  const [form] = Form.useForm<ItemForm>();
  const [saving, setSaving] = useState(false);
  const values = Form.useWatch([], form) as ItemForm | undefined;
  const kind: ItemKind = values?.kind ?? item?.kind ?? 'physical_gift';
  const templates = useOptions<{ id: string; name: string; status: string }>('/coupon-templates');
  const exchanged = (item?.exchanged ?? 0) > 0;

  const submit = async () => {
    let v: ItemForm;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      if (item) await mallApi.updateItem(item.id, fromForm(v));
      else await mallApi.createItem(fromForm(v));
      void message.success(t('common.saved'));
      onSaved();
      onClose();
    } catch (err) {
      showErrors(err, form);
    } finally {
      setSaving(false);
    }
  };

  const preview = values ? fromForm({ ...toForm(item), ...values }) : fromForm(toForm(item));
  const stockLeft =
    preview.stock === null || preview.stock === undefined
      ? null
      : Math.max(0, preview.stock - (item?.exchanged ?? 0));
  const templateOptions = templates.items
    .filter((x) => x.status !== 'ended' || x.id === item?.couponTemplateId)
    .map((x) => ({
      value: x.id,
      label: x.status === 'active' ? x.name : `${x.name} (${t(`mall.items.couponEnded`)})`,
    }));

  return (
    <FormDrawer
      title={item ? t('mall.items.editTitle') : t('mall.items.createTitle')}
      width={920}
      breakpoint="md"
      saving={saving}
      saveTestId="item-save"
      onSave={() => void submit()}
      onClose={onClose}
    >
      <Row gutter={24}>
        <Col xs={24} md={14}>
          <Form<ItemForm>
            form={form}
            layout="vertical"
            initialValues={toForm(item)}
            onFinish={() => void submit()}
            data-testid="item-form"
          >
            <Divider titlePlacement="start" style={{ marginTop: 0 }}>
              {t('mall.items.sections.basics')}
            </Divider>
            <Form.Item name="name" label={t('mall.items.name')} rules={[{ required: true, max: 100 }]}>
              <Input maxLength={100} data-testid="item-name" />
            </Form.Item>
            <Form.Item name="kind" label={t('mall.items.kind')}>
              <Radio.Group
                optionType="button"
                disabled={exchanged}
                options={ITEM_KINDS.map((k) => ({ value: k, label: t(`mall.kinds.${k}`) }))}
                data-testid="item-kind"
              />
            </Form.Item>
            {kind === 'coupon' ? (
              <Form.Item
                name="couponTemplateId"
                label={t('mall.items.couponTemplate')}
                rules={[{ required: true, message: t('mall.items.couponTemplatePlaceholder') }]}
              >
                <Select<string>
                  options={templateOptions}
                  loading={templates.loading}
                  disabled={exchanged}
                  placeholder={t('mall.items.couponTemplatePlaceholder')}
                  showSearch={{ optionFilterProp: 'label' }}
                  data-testid="item-coupon-template"
                />
              </Form.Item>
            ) : null}
            {kind === 'partner_benefit' ? (
              <Form.Item
                name="redemptionInstructions"
                label={t('mall.items.instructions')}
                extra={t('mall.items.instructionsHint')}
                rules={[{ required: true, max: 2000 }]}
              >
                <Input.TextArea rows={3} maxLength={2000} data-testid="item-instructions" />
              </Form.Item>
            ) : null}
            <Form.Item name="status" label={t('mall.items.status')}>
              <Select<ItemStatus>
                options={ITEM_STATUSES.map((s) => ({ value: s, label: t(`mall.itemStatuses.${s}`) }))}
                style={{ maxWidth: 240 }}
                data-testid="item-status"
              />
            </Form.Item>

            <Divider titlePlacement="start">{t('mall.items.sections.price')}</Divider>
            <Row gutter={12}>
              <Col {...half}>
                <Form.Item name="points" label={t('mall.items.points')} rules={[{ required: true }]}>
                  <InputNumber<number>
                    min={1}
                    max={100_000_000}
                    precision={0}
                    style={{ width: '100%' }}
                    data-testid="item-points"
                  />
                </Form.Item>
              </Col>
              {kind === 'physical_gift' ? (
                <>
                  <Col {...half}>
                    <Form.Item name="postage" label={t('mall.items.postage')}>
                      <InputNumber<number>
                        min={0}
                        precision={2}
                        prefix="¥"
                        style={{ width: '100%' }}
                        data-testid="item-postage"
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24}>
                    <Form.Item name="cash" label={t('mall.items.cash')} extra={t('mall.items.cashHint')}>
                      <InputNumber<number>
                        min={0}
                        precision={2}
                        prefix="¥"
                        style={{ width: '100%', maxWidth: 240 }}
                      />
                    </Form.Item>
                  </Col>
                </>
              ) : null}
            </Row>

            <Divider titlePlacement="start">{t('mall.items.sections.stock')}</Divider>
            <Row gutter={12}>
              <Col {...half}>
                <Form.Item
                  name="stock"
                  label={t('mall.items.stockTotal')}
                  extra={
                    item && item.exchanged > 0
                      ? `${t('mall.items.stockHint')} ${t('mall.items.exchanged', { count: item.exchanged })}`
                      : t('mall.items.stockHint')
                  }
                >
                  <InputNumber<number>
                    min={item?.exchanged ?? 0}
                    precision={0}
                    placeholder={t('mall.items.unlimited')}
                    style={{ width: '100%' }}
                    data-testid="item-stock"
                  />
                </Form.Item>
              </Col>
              <Col {...half}>
                <Form.Item name="perMemberLimit" label={t('mall.items.perMemberLimit')}>
                  <InputNumber<number>
                    min={1}
                    precision={0}
                    placeholder={t('mall.items.unlimited')}
                    style={{ width: '100%' }}
                    data-testid="item-limit"
                  />
                </Form.Item>
              </Col>
            </Row>

            <Divider titlePlacement="start">{t('mall.items.sections.availability')}</Divider>
            {tiers.length === 0 ? (
              <Typography.Paragraph type="secondary">{t('mall.items.noProgram')}</Typography.Paragraph>
            ) : (
              <Row gutter={12}>
                <Col {...half}>
                  <Form.Item name="minTierRank" label={t('mall.items.minTierRank')}>
                    <Select<number>
                      allowClear
                      placeholder={t('mall.items.anyTier')}
                      options={tiers.map((x) => ({
                        value: x.rank,
                        label: t('mall.items.rankAndAbove', { name: x.name }),
                      }))}
                      data-testid="item-min-tier"
                    />
                  </Form.Item>
                </Col>
                <Col {...half}>
                  <Form.Item
                    name="tierIds"
                    label={t('mall.items.tierIds')}
                    extra={t('mall.items.tierIdsHint')}
                  >
                    <Select<string[]>
                      mode="multiple"
                      allowClear
                      options={tiers.map((x) => ({ value: x.id, label: x.name }))}
                    />
                  </Form.Item>
                </Col>
              </Row>
            )}
            <Form.Item name="window" label={t('mall.items.windowField')}>
              <DatePicker.RangePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                allowEmpty={[true, true]}
                style={{ width: '100%' }}
              />
            </Form.Item>

            <Divider titlePlacement="start">{t('mall.items.sections.display')}</Divider>
            <Form.Item
              name="images"
              label={t('mall.items.images')}
              extra={t('mall.items.imagesHint')}
              rules={[
                {
                  validator: (_, v: string[] | undefined) =>
                    (v ?? []).every((u) => /^https?:\/\/\S+$/.test(u.trim())) && (v ?? []).length <= 9
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('mall.items.imagesHint'))),
                },
              ]}
            >
              <Select<string[]>
                mode="tags"
                open={false}
                suffixIcon={null}
                tokenSeparators={[' ', '\n', ',']}
                placeholder="https://…"
                data-testid="item-images"
              />
            </Form.Item>
            <Form.Item name="description" label={t('mall.items.description')}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item
              name="sortOrder"
              label={t('mall.items.sortOrder')}
              extra={t('mall.items.sortOrderHint')}
            >
              <InputNumber<number> precision={0} style={{ width: 160 }} />
            </Form.Item>
            <button type="submit" hidden aria-hidden />
          </Form>
        </Col>
        <Col xs={24} md={10}>
          <div style={{ position: 'sticky', top: 0, paddingTop: screens.md ? 0 : 8 }}>
            <Typography.Text
              type="secondary"
              style={{ display: 'block', textAlign: 'center', marginBottom: 8 }}
            >
              {t('mall.items.preview')}
            </Typography.Text>
            <div style={{ background: '#f5f5f5', borderRadius: 16, padding: 16 }}>
              <ItemPreviewCard
                values={{
                  ...preview,
                  stockLeft,
                  kind,
                }}
                tiers={tiers}
              />
            </div>
          </div>
        </Col>
      </Row>
    </FormDrawer>
  );
}
