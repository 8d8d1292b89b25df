import { UploadOutlined } from '@ant-design/icons';
import {
  Button,
  Flex,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import { PRODUCT_STATUSES, type Product, type ProductStatus } from '../../api/orders';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { useCurrency } from '../../hooks/use-currency';
import { usePagedList } from '../../hooks/use-paged-list';
import { OrdersSectionHeader } from './orders-section';
import { ProductFormModal } from './product-form-modal';

interface ProductFilters {
  [key: string]: string | undefined;
  q?: string;
  category?: string;
  status?: ProductStatus;
}

export function ProductsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const currency = useCurrency();
  const list = usePagedList<Product, ProductFilters>('/products', {});
  const [editing, setEditing] = useState<Partial<Product> | null>(null);

  const remove = async (id: string) => {
    try {
      await api.delete(`/products/${id}`);
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const columns: TableColumnsType<Product> = [
    {
      title: t('orders.products.sku'),
      dataIndex: 'sku',
      render: (_, p) => <Typography.Text code>{p.sku}</Typography.Text>,
    },
    { title: t('orders.products.name'), dataIndex: 'name' },
    { title: t('orders.products.category'), dataIndex: 'categoryPath', responsive: ['md'] },
    { title: t('orders.products.brand'), dataIndex: 'brand', responsive: ['lg'] },
    {
      title: t('orders.products.price'),
      dataIndex: 'priceCents',
      align: 'right',
      render: (_, p) => formatCents(p.priceCents, currency),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      responsive: ['sm'],
      render: (_, p) => (
        <Tag color={p.status === 'active' ? 'green' : 'default'}>
          {t(`orders.products.statuses.${p.status}`)}
        </Tag>
      ),
    },
    {
      title: t('orders.products.updatedAt'),
      dataIndex: 'updatedAt',
      responsive: ['xl'],
      render: (_, p) => formatTime(p.updatedAt),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(p)}>
            {t('common.edit')}
          </Button>
          <Popconfirm title={t('orders.products.deleteConfirm')} onConfirm={() => remove(p.id)}>
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <OrdersSectionHeader
        title={t('orders.products.title')}
        actions={
          <>
            <Button icon={<UploadOutlined />} onClick={() => navigate('/orders/imports?kind=products')}>
              {t('orders.products.importCsv')}
            </Button>
            <Button type="primary" onClick={() => setEditing({})} data-testid="product-create">
              {t('orders.products.create')}
            </Button>
          </>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('orders.products.searchPlaceholder')}
          onSearch={(q) => list.setFilters({ q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="product-search"
        />
        <Input.Search
          allowClear
          placeholder={t('orders.products.categoryFilter')}
          onSearch={(c) => list.setFilters({ category: c.trim() || undefined })}
          style={{ width: 200 }}
        />
        <Select<ProductStatus>
          allowClear
          placeholder={t('orders.products.allStatuses')}
          options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`orders.products.statuses.${s}`) }))}
          onChange={(status?: ProductStatus) => list.setFilters({ status })}
          style={{ width: 140 }}
        />
      </Flex>
      <Table<Product> size="small" columns={columns} data-testid="products-table" {...list.tableProps} />
      {editing ? (
        <ProductFormModal product={editing} onSaved={list.reload} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
