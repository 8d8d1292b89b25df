import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { type CouponTemplate, TEMPLATE_STATUSES, type TemplateStatus } from '../../api/coupons';
import { useSession } from '../../auth/auth-context';
import { PageHeader } from '../../components/page-header';
import { useCurrency } from '../../hooks/use-currency';
import { usePagedList } from '../../hooks/use-paged-list';
import { benefitText, validityText } from './benefit-text';
import { TemplateStatusTag } from './coupon-tags';
import { IssueModal } from './issue-modal';
import { TemplateStatusActions } from './template-actions';
import { TemplateDrawer } from './template-drawer';

interface TemplateFilters {
  [key: string]: string | undefined;
  q?: string;
  status?: TemplateStatus;
}

/** Coupon templates: what each is worth, its stock and validity; create, edit, issue, change status. */
export function CouponTemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const currency = useCurrency();
  const { permissions = [] } = useSession();
  const canWrite = permissions.includes('coupons:write');
  const canIssue = permissions.includes('coupons:issue');
  const list = usePagedList<CouponTemplate, TemplateFilters>('/coupon-templates', {});
  const [editing, setEditing] = useState<CouponTemplate | 'new' | null>(null);
  const [issuing, setIssuing] = useState<CouponTemplate | null>(null);

  const columns: TableColumnsType<CouponTemplate> = [
    {
      title: t('loyalty.coupons.name'),
      key: 'name',
      render: (_, tpl) => (
        <Link to={`/loyalty/coupons/${tpl.id}`} onClick={(e) => e.stopPropagation()}>
          {tpl.name}
        </Link>
      ),
    },
    {
      title: t('loyalty.coupons.benefit'),
      key: 'benefit',
      render: (_, tpl) => (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`loyalty.coupons.kinds.${tpl.kind}`)}
          </Typography.Text>
          <div>{benefitText(t, tpl, currency)}</div>
        </>
      ),
    },
    {
      title: t('loyalty.coupons.stock'),
      key: 'stock',
      responsive: ['md'],
      render: (_, tpl) =>
        tpl.stockTotal === null
          ? t('loyalty.coupons.noLimit')
          : t('loyalty.coupons.stockLeft', { left: tpl.stockLeft ?? 0, total: tpl.stockTotal }),
    },
    {
      title: t('loyalty.coupons.validity'),
      key: 'validity',
      responsive: ['lg'],
      render: (_, tpl) => validityText(t, tpl.validity),
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 90,
      render: (_, tpl) => <TemplateStatusTag status={tpl.status} />,
    },
    ...(canWrite || canIssue
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            responsive: ['sm' as const],
            render: (_: unknown, tpl: CouponTemplate) => (
              // Buttons act on the row; the row itself opens the template.
              // biome-ignore lint/a11y/noStaticElementInteractions: only stops the row click
              // biome-ignore lint/a11y/useKeyWithClickEvents: only stops the row click
              <span onClick={(e) => e.stopPropagation()}>
                <Space size={0} wrap>
                  {canIssue && tpl.status === 'active' ? (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => setIssuing(tpl)}
                      data-testid="template-issue"
                    >
                      {t('loyalty.coupons.issue')}
                    </Button>
                  ) : null}
                  {canWrite && tpl.status !== 'ended' ? (
                    <Button type="link" size="small" onClick={() => setEditing(tpl)}>
                      {t('common.edit')}
                    </Button>
                  ) : null}
                  {canWrite ? <TemplateStatusActions template={tpl} compact onChanged={list.reload} /> : null}
                </Space>
              </span>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('loyalty.coupons.title')}
        actions={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing('new')}
              data-testid="template-create"
            >
              {t('loyalty.coupons.create')}
            </Button>
          ) : null
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('loyalty.coupons.searchPlaceholder')}
          onSearch={(q) => list.setFilters({ q: q.trim() || undefined })}
          style={{ width: 260, maxWidth: '100%' }}
        />
        <Select<TemplateStatus>
          allowClear
          placeholder={t('loyalty.coupons.allStatuses')}
          options={TEMPLATE_STATUSES.map((s) => ({ value: s, label: t(`loyalty.coupons.statuses.${s}`) }))}
          onChange={(status?: TemplateStatus) => list.setFilters({ status })}
          style={{ width: 160 }}
        />
      </Flex>
      <Table<CouponTemplate>
        size="small"
        columns={columns}
        onRow={(tpl) => ({
          onClick: () => navigate(`/loyalty/coupons/${tpl.id}`),
          style: { cursor: 'pointer' },
        })}
        data-testid="templates-table"
        {...list.tableProps}
      />
      {editing ? (
        <TemplateDrawer
          template={editing === 'new' ? undefined : editing}
          onSaved={(saved) => (editing === 'new' ? navigate(`/loyalty/coupons/${saved.id}`) : list.reload())}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {issuing ? (
        <IssueModal template={issuing} onIssued={list.reload} onClose={() => setIssuing(null)} />
      ) : null}
    </>
  );
}
