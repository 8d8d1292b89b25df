import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { PRODUCT_STATUSES, type Product, type ProductStatus } from '../../api/orders';
import { FormModal } from '../../components/form-modal';
import { toCents } from '../../components/money';

interface ProductForm {
  sku: string;
  name: string;
  categoryPath?: string;
  brand?: string;
  /** In yuan; sent as priceCents. */
  price: number;
  status: ProductStatus;
}

interface Props {
  product: Partial<Product>;
  onSaved: () => void;
  onClose: () => void;
}

/** The server names the price priceCents; the form shows it in yuan as "price". */
function renamePrice(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const errors = err.errors.map((e) => (e.field === 'priceCents' ? { ...e, field: 'price' } : e));
  return new ApiError(err.status, { ...err, code: err.code, errors });
}

export function ProductFormModal({ product, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const editingId = product.id;

  const save = async ({ price, sku, ...values }: ProductForm) => {
    const body = {
      ...values,
      categoryPath: values.categoryPath?.trim() ?? '',
      brand: values.brand?.trim() || null,
      priceCents: toCents(price),
    };
    try {
      if (editingId) await api.patch(`/products/${editingId}`, body);
      else await api.post('/products', { ...body, sku: sku.trim() });
    } catch (err) {
      throw renamePrice(err);
    }
    onSaved();
  };

  return (
    <FormModal<ProductForm>
      title={editingId ? t('orders.products.editTitle') : t('orders.products.create')}
      initialValues={{
        status: 'active',
        ...product,
        brand: product.brand ?? undefined,
        ...(product.priceCents !== undefined ? { price: product.priceCents / 100 } : {}),
      }}
      okTestId="product-save"
      onSubmit={save}
      onClose={onClose}
      width={640}
    >
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="sku"
            label={t('orders.products.sku')}
            rules={[{ required: true, whitespace: true }, { max: 64 }]}
          >
            <Input name="sku" disabled={Boolean(editingId)} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="name"
            label={t('orders.products.name')}
            rules={[{ required: true, whitespace: true }, { max: 200 }]}
          >
            <Input name="name" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="categoryPath"
            label={t('orders.products.category')}
            extra={t('orders.products.categoryHint')}
            rules={[
              { max: 200 },
              { pattern: /^\s*([^/]+(\/[^/]+)*)?\s*$/, message: t('orders.products.categoryPattern') },
            ]}
          >
            <Input name="categoryPath" placeholder="镜架/金属框" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="brand" label={t('orders.products.brand')} rules={[{ max: 100 }]}>
            <Input name="brand" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="price" label={t('orders.products.price')} rules={[{ required: true }]}>
            <InputNumber name="price" min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="status" label={t('common.status')} rules={[{ required: true }]}>
            <Select
              options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`orders.products.statuses.${s}`) }))}
            />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
