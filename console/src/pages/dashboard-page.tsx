import { ApartmentOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import { Card, Col, List, Row, Statistic, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useSession } from '../auth/auth-context';
import type { Messages } from '../i18n/en';

type CountKey = 'stores' | 'staff' | 'businessUnits';

const COUNTS: { key: CountKey; path: string; link: string; icon: ReactNode }[] = [
  { key: 'stores', path: '/stores', link: '/settings/stores', icon: <ShopOutlined /> },
  { key: 'staff', path: '/staff', link: '/settings/staff', icon: <TeamOutlined /> },
  {
    key: 'businessUnits',
    path: '/business-units',
    link: '/settings/business-units',
    icon: <ApartmentOutlined />,
  },
];

const STEPS: { key: keyof Messages['dashboard']; link: string }[] = [
  { key: 'stepUnits', link: '/settings/business-units' },
  { key: 'stepStores', link: '/settings/stores' },
  { key: 'stepStaff', link: '/settings/staff' },
  { key: 'stepIntegrate', link: '/settings/api-keys' },
];

function useCount(path: string): number | null {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    let cancelled = false;
    api
      .list<unknown>(path, { limit: 1, offset: 0 })
      .then((page) => {
        if (!cancelled) setCount(page.total);
      })
      .catch(() => {
        // A role without access to a list simply sees a dash.
      });
    return () => {
      cancelled = true;
    };
  }, [path]);
  return count;
}

function CountCard({ item }: { item: (typeof COUNTS)[number] }) {
  const { t } = useTranslation();
  const count = useCount(item.path);
  return (
    <Link to={item.link}>
      <Card hoverable data-testid={`count-${item.key}`}>
        <Statistic
          title={t(`dashboard.${item.key}`)}
          value={count ?? '–'}
          prefix={item.icon}
          loading={count === null}
        />
      </Card>
    </Link>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const { staff, tenant } = useSession();
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card style={{ background: 'linear-gradient(120deg, #07c160 0%, #05a350 100%)', border: 0 }}>
          <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
            {t('dashboard.welcome', { name: staff.name })}
          </Typography.Title>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }}>
            {t('dashboard.tenantLine', { tenant: tenant.name })}
          </Typography.Text>
        </Card>
      </Col>
      {COUNTS.map((item) => (
        <Col key={item.key} xs={24} sm={8}>
          <CountCard item={item} />
        </Col>
      ))}
      <Col span={24}>
        <Card title={t('dashboard.gettingStarted')}>
          <List
            dataSource={STEPS}
            renderItem={(step, i) => (
              <List.Item>
                <Link to={step.link}>
                  {i + 1}. {t(`dashboard.${step.key}`)}
                </Link>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
