import { Breadcrumb, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { navTrail } from '../layout/nav-items';

interface Props {
  title: ReactNode;
  /** Extra crumbs after the navigation trail, e.g. a webhook's URL on its detail page. */
  extraCrumbs?: ReactNode[];
  actions?: ReactNode;
}

export function PageHeader({ title, extraCrumbs = [], actions }: Props) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const trail = navTrail(pathname);
  const last = extraCrumbs.length === 0 ? trail.length - 1 : -1;
  const items = [
    { key: 'home', title: <Link to="/">{t('nav.home')}</Link> },
    ...trail.map((crumb, i) => ({
      key: crumb.label,
      title:
        crumb.path && i !== last ? (
          <Link to={crumb.path}>{t(`nav.${crumb.label}`)}</Link>
        ) : (
          t(`nav.${crumb.label}`)
        ),
    })),
    ...extraCrumbs.map((title, i) => ({ key: `extra-${i}`, title })),
  ];

  return (
    <div style={{ marginBottom: 16 }}>
      <Breadcrumb items={items} style={{ marginBottom: 8 }} />
      <Flex justify="space-between" align="center" gap={12} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {actions ? (
          <Flex gap={8} wrap>
            {actions}
          </Flex>
        ) : null}
      </Flex>
    </div>
  );
}
