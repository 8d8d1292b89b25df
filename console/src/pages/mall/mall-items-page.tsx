import { GiftOutlined } from '@ant-design/icons';
import {
  Button,
  Flex,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../../api/errors';
import {
  ITEM_KINDS,
  ITEM_STATUSES,
  type ItemKind,
  type ItemStatus,
  type MallItem,
  mallApi,
  type ProgramTier,
} from '../../api/mall';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { useCurrency } from '../../hooks/use-currency';
import { usePagedList } from '../../hooks/use-paged-list';
import { ItemDrawer } from './item-drawer';
import { ItemStatusTag, KindTag, priceText } from './mall-bits';

interface ItemFilters {
  [key: string]: string | undefined;
  q?: string;
  status?: ItemStatus;
  kind?: ItemKind;
}

function Thumb({ src }: { src: string | undefined }) {
  const box = { width: 44, height: 44, borderRadius: 6, flex: 'none' } as const;
  return src ? (
    <img src={src} alt="" style={{ ...box, objectFit: 'cover', background: '#f5f5f5' }} />
  ) : (
    <Flex
      align="center"
      justify="center"
      style={{ ...box, background: '#fff4e6', color: '#e8590c', fontSize: 20 }}
    >
      <GiftOutlined />
    </Flex>
  );
}

/** The mall's shelf for operators: items in shelf order, with their price, stock and status. */
export function MallItemsPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const currency = useCurrency();
  const { permissions = [] } = useSession();
  const canWrite = permissions.includes('mall:write');
  const list = usePagedList<MallItem, ItemFilters>('/mall/items', {});
  const [editing, setEditing] = useState<MallItem | 'new' | null>(null);
  const [tiers, setTiers] = useState<ProgramTier[]>([]);

  useEffect(() => {
    void mallApi.tiers().then(setTiers);
  }, []);

  const remove = async (id: string) => {
    try {
      await mallApi.deleteItem(id);
      list.reload();
    } catch (err) {
      onError(err);
    }
  };

  const windowText = (i: MallItem) =>
    i.startsAt || i.endsAt
      ? `${i.startsAt ? formatTime(i.startsAt).slice(0, 16) : '…'} – ${i.endsAt ? formatTime(i.endsAt).slice(0, 16) : '…'}`
      : t('mall.items.always');

  const columns: TableColumnsType<MallItem> = [
    {
      title: t('mall.items.item'),
      key: 'item',
      render: (_, i) => (
        <Flex gap={10} align="center">
          <Thumb src={i.images[0]} />
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Typography.Text strong ellipsis style={{ maxWidth: 260 }}>
              {i.name}
            </Typography.Text>
            <span>
              <KindTag kind={i.kind} />
            </span>
          </Flex>
        </Flex>
      ),
    },
    {
      title: t('mall.items.price'),
      key: 'price',
      render: (_, i) => (
        <Flex vertical>
          <span>{priceText(t, i.points, i.cashCents, currency)}</span>
          {i.postageCents > 0 ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('mall.items.previewPostage', { amount: formatCents(i.postageCents, currency) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('mall.items.stock'),
      key: 'stock',
      responsive: ['sm'],
      render: (_, i) =>
        i.stock === null ? (
          <Typography.Text type="secondary">{t('mall.items.unlimited')}</Typography.Text>
        ) : (
          <Typography.Text type={i.stockLeft === 0 ? 'danger' : undefined}>
            {t('mall.items.stockLeftOf', { left: i.stockLeft, total: i.stock })}
          </Typography.Text>
        ),
    },
    {
      title: t('mall.items.limit'),
      key: 'limit',
      responsive: ['lg'],
      render: (_, i) => (i.perMemberLimit ? t('mall.items.limitValue', { count: i.perMemberLimit }) : '—'),
    },
    { title: t('mall.items.window'), key: 'window', responsive: ['xl'], render: (_, i) => windowText(i) },
    { title: t('common.status'), key: 'status', render: (_, i) => <ItemStatusTag status={i.status} /> },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            responsive: ['md'],
            render: (_: unknown, i: MallItem) => (
              <Space size={0} onClick={(e) => e.stopPropagation()}>
                <Button type="link" size="small" onClick={() => setEditing(i)}>
                  {t('common.edit')}
                </Button>
                {i.exchanged === 0 ? (
                  <Popconfirm title={t('mall.items.deleteConfirm')} onConfirm={() => remove(i.id)}>
                    <Button type="link" size="small" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ),
          } as TableColumnsType<MallItem>[number],
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('mall.items.title')}
        actions={
          canWrite ? (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="item-create">
              {t('mall.items.create')}
            </Button>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('mall.items.searchPlaceholder')}
          onSearch={(q) => list.setFilters({ q: q.trim() || undefined })}
          style={{ width: 220, maxWidth: '100%' }}
          data-testid="item-search"
        />
        <Select<ItemStatus>
          allowClear
          placeholder={t('mall.items.allStatuses')}
          options={ITEM_STATUSES.map((s) => ({ value: s, label: t(`mall.itemStatuses.${s}`) }))}
          onChange={(status?: ItemStatus) => list.setFilters({ status })}
          style={{ width: 150 }}
        />
        <Select<ItemKind>
          allowClear
          placeholder={t('mall.items.allKinds')}
          options={ITEM_KINDS.map((k) => ({ value: k, label: t(`mall.kinds.${k}`) }))}
          onChange={(kind?: ItemKind) => list.setFilters({ kind })}
          style={{ width: 150 }}
        />
      </Flex>
      <Table<MallItem>
        size="small"
        columns={columns}
        locale={{ emptyText: t('mall.items.empty') }}
        onRow={(i) => ({
          onClick: () => (canWrite ? setEditing(i) : undefined),
          style: { cursor: canWrite ? 'pointer' : undefined },
        })}
        data-testid="items-table"
        {...list.tableProps}
      />
      {editing ? (
        <ItemDrawer
          item={editing === 'new' ? null : editing}
          tiers={tiers}
          onSaved={list.reload}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
