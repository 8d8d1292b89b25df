import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Flex, Grid, Layout, Tag, Tooltip, Typography, theme } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate } from 'react-router';
import { useAuth, useSession } from '../auth/auth-context';
import { PageSpin } from '../auth/require-auth';
import { LangSwitch } from './lang-switch';
import { NavMenu } from './nav-menu';

const SIDER_WIDTH = 220;
const SIDER_BG = '#001529';

function Brand({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex
      align="center"
      gap={10}
      style={{ height: 56, padding: '0 20px', color: '#fff', overflow: 'hidden' }}
    >
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {compact ? null : (
        <span style={{ fontWeight: 600, fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('app.name')} <span style={{ opacity: 0.6, fontWeight: 400, fontSize: 12 }}>SCRM</span>
        </span>
      )}
    </Flex>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const { logout } = useAuth();
  const { staff, tenant } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // useBreakpoint is empty until measured; assume desktop until then.
  const isMobile = Object.keys(screens).length > 0 && !screens.md;

  const onLogout = async () => {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH}
          closable={false}
          styles={{ body: { padding: 0, background: SIDER_BG } }}
        >
          <nav aria-label={t('nav.menu')} data-testid="nav-drawer">
            <Brand compact={false} />
            <NavMenu onNavigate={() => setDrawerOpen(false)} />
          </nav>
        </Drawer>
      ) : (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={SIDER_WIDTH}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Brand compact={collapsed} />
          <NavMenu collapsed={collapsed} />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: '0 16px',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Flex align="center" justify="space-between" gap={8} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              {isMobile ? (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  onClick={() => setDrawerOpen(true)}
                  aria-label={t('nav.menu')}
                  data-testid="menu-toggle"
                />
              ) : null}
              <Typography.Text strong ellipsis data-testid="tenant-name">
                {tenant.name}
              </Typography.Text>
            </Flex>
            <Flex align="center" gap={4}>
              <LangSwitch />
              <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
              {isMobile ? null : (
                <>
                  <Typography.Text data-testid="user-name">{staff.name}</Typography.Text>
                  <Tag color="green" style={{ marginInlineEnd: 0 }}>
                    {t(`enums.role.${staff.role}`)}
                  </Tag>
                </>
              )}
              <Tooltip title={t('auth.logout')}>
                <Button
                  type="text"
                  icon={<LogoutOutlined />}
                  data-testid="logout"
                  aria-label={t('auth.logout')}
                  onClick={() => void onLogout()}
                />
              </Tooltip>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: isMobile ? 12 : 24 }}>
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
