import { GiftOutlined, IdcardOutlined, TagsOutlined, UserOutlined } from '@ant-design/icons';
import { NavLink } from 'react-router';
import { useI18n } from '../i18n';

export function TabBar() {
  const { t } = useI18n();
  const tabs = [
    { to: '/', icon: <IdcardOutlined />, label: t('tabs.home'), end: true },
    { to: '/mall', icon: <GiftOutlined />, label: t('tabs.mall'), end: false },
    { to: '/coupons', icon: <TagsOutlined />, label: t('tabs.coupons'), end: false },
    { to: '/me', icon: <UserOutlined />, label: t('tabs.me'), end: false },
  ];
  return (
    <nav className="h5-tabs" data-testid="h5-tabs">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end}
          className={({ isActive }) => (isActive ? 'active' : '')}
        >
          <span className="h5-tab-icon">{tab.icon}</span>
          <span>{tab.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}
