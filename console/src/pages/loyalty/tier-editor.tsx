import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Switch,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { CouponTemplate } from '../../api/coupons';
import type { TierBasis } from '../../api/loyalty';
import { codeRules, nameRules } from '../../components/rules';
import { useOptions } from '../../hooks/use-options';
import { CouponTemplateSelect } from './coupon-template-select';
import { MoneyInput } from './money-input';

/** The tiers of a programme, lowest first: add, reorder, remove, and each tier's benefits. */
export function TierEditor({ basis, readOnly }: { basis: TierBasis; readOnly: boolean }) {
  const templates = useOptions<CouponTemplate>('/coupon-templates');
  const coupons = { templates: templates.items, loading: templates.loading };
  const { t } = useTranslation();
  return (
    <Form.List name="tiers">
      {(fields, { add, remove, move }) => (
        <Flex vertical gap={12}>
          {fields.length === 0 ? <Empty description={t('loyalty.tiers.empty')} /> : null}
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              data-testid={`tier-${index}`}
              title={<Typography.Text strong>{t('loyalty.tiers.rank', { rank: index + 1 })}</Typography.Text>}
              extra={
                readOnly ? null : (
                  <Flex gap={4}>
                    <Tooltip title={t('loyalty.tiers.moveUp')}>
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowUpOutlined />}
                        disabled={index === 0}
                        aria-label={t('loyalty.tiers.moveUp')}
                        onClick={() => move(index, index - 1)}
                      />
                    </Tooltip>
                    <Tooltip title={t('loyalty.tiers.moveDown')}>
                      <Button
                        size="small"
                        type="text"
                        icon={<ArrowDownOutlined />}
                        disabled={index === fields.length - 1}
                        aria-label={t('loyalty.tiers.moveDown')}
                        onClick={() => move(index, index + 1)}
                      />
                    </Tooltip>
                    <Tooltip title={t('loyalty.tiers.remove')}>
                      <Button
                        size="small"
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('loyalty.tiers.remove')}
                        onClick={() => remove(index)}
                        data-testid={`tier-${index}-remove`}
                      />
                    </Tooltip>
                  </Flex>
                )
              }
            >
              <Row gutter={12}>
                <Col xs={12} md={6}>
                  <Form.Item name={[field.name, 'code']} label={t('loyalty.tiers.code')} rules={codeRules(t)}>
                    <Input data-testid={`tier-${index}-code`} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8}>
                  <Form.Item name={[field.name, 'name']} label={t('loyalty.tiers.name')} rules={nameRules()}>
                    <Input data-testid={`tier-${index}-name`} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={10}>
                  <Form.Item
                    name={[field.name, 'threshold']}
                    label={t(
                      basis === 'paid_12m' ? 'loyalty.tiers.thresholdPaid' : 'loyalty.tiers.thresholdGrowth',
                    )}
                    rules={[{ required: true }]}
                  >
                    {basis === 'paid_12m' ? (
                      <MoneyInput data-testid={`tier-${index}-threshold`} />
                    ) : (
                      <InputNumber<number>
                        min={0}
                        precision={0}
                        style={{ width: '100%' }}
                        data-testid={`tier-${index}-threshold`}
                      />
                    )}
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
                {t('loyalty.tiers.benefits')}
              </Typography.Text>
              <Row gutter={12}>
                <Col xs={12} md={6}>
                  <Form.Item
                    name={[field.name, 'benefits', 'pointsMultiplier']}
                    label={t('loyalty.tiers.pointsMultiplier')}
                    tooltip={t('loyalty.tiers.pointsMultiplierHint')}
                  >
                    <InputNumber<number>
                      min={0}
                      max={100}
                      step={0.1}
                      prefix="×"
                      style={{ width: '100%' }}
                      data-testid={`tier-${index}-multiplier`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item
                    name={[field.name, 'benefits', 'discountRate']}
                    label={t('loyalty.tiers.discountRate')}
                    tooltip={t('loyalty.tiers.discountRateHint')}
                  >
                    <InputNumber<number>
                      min={1}
                      max={100}
                      precision={1}
                      suffix="%"
                      style={{ width: '100%' }}
                      data-testid={`tier-${index}-discount`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item
                    name={[field.name, 'benefits', 'freeShipping']}
                    label={t('loyalty.tiers.freeShipping')}
                    valuePropName="checked"
                  >
                    <Switch data-testid={`tier-${index}-shipping`} />
                  </Form.Item>
                </Col>
                <Col xs={12} md={6}>
                  <Form.Item
                    name={[field.name, 'benefits', 'prioritySupport']}
                    label={t('loyalty.tiers.prioritySupport')}
                    valuePropName="checked"
                  >
                    <Switch />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name={[field.name, 'benefits', 'birthdayCouponTemplateId']}
                    label={t('loyalty.tiers.birthdayCoupon')}
                  >
                    <CouponTemplateSelect {...coupons} testId={`tier-${index}-birthday-coupon`} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12}>
                  <Form.Item
                    name={[field.name, 'benefits', 'upgradeCouponTemplateId']}
                    label={t('loyalty.tiers.upgradeCoupon')}
                  >
                    <CouponTemplateSelect {...coupons} testId={`tier-${index}-upgrade-coupon`} />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          ))}
          {readOnly ? null : (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ code: '', name: '', threshold: null, benefits: {} })}
              data-testid="tier-add"
              block
            >
              {t('loyalty.tiers.add')}
            </Button>
          )}
        </Flex>
      )}
    </Form.List>
  );
}
