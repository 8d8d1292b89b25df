import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/page-header';

const SECTIONS = [
  { key: '/orders', label: 'orders.tabs.orders' },
  { key: '/orders/products', label: 'orders.tabs.products' },
  { key: '/orders/imports', label: 'orders.tabs.imports' },
] as const;

interface Props {
  title: string;
  actions?: ReactNode;
}

/** Header of the orders section with its sub-navigation: orders, products, imports. */
export function OrdersSectionHeader({ title, actions }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const active = SECTIONS.find((s) => s.key !== '/orders' && pathname.startsWith(s.key))?.key ?? '/orders';
  const crumb = SECTIONS.find((s) => s.key === active);
  return (
    <>
      <PageHeader
        title={title}
        extraCrumbs={active === '/orders' || !crumb ? [] : [t(crumb.label)]}
        actions={actions}
      />
      <Tabs
        activeKey={active}
        onChange={(key) => navigate(key)}
        items={SECTIONS.map((s) => ({ key: s.key, label: t(s.label) }))}
        style={{ marginTop: -8 }}
        data-testid="orders-tabs"
      />
    </>
  );
}
