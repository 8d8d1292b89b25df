import {
  CrownOutlined,
  EnvironmentOutlined,
  GiftOutlined,
  HistoryOutlined,
  LogoutOutlined,
  RightOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { api } from '../api';
import { LangSwitch } from '../components/lang-switch';
import { Screen } from '../components/screen';
import { Failed, Loading } from '../components/state';
import { day } from '../format';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';

export function MePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useLoad(() => api.me());
  const links = [
    { to: '/profile', icon: <UserOutlined />, label: t('me.profile') },
    { to: '/points', icon: <HistoryOutlined />, label: t('me.points') },
    { to: '/tier', icon: <CrownOutlined />, label: t('me.tier') },
    { to: '/exchanges', icon: <GiftOutlined />, label: t('me.exchanges') },
    { to: '/addresses', icon: <EnvironmentOutlined />, label: t('me.addresses') },
  ];
  return (
    <Screen title={t('me.title')} tabs>
      {!me.data ? (
        me.error ? (
          <Failed error={me.error} retry={me.reload} />
        ) : (
          <Loading />
        )
      ) : (
        <section className="h5-panel h5-me">
          <div className="h5-avatar" aria-hidden>
            {(me.data.name ?? me.data.phone ?? '?').slice(0, 1)}
          </div>
          <div>
            <div className="h5-me-name" data-testid="me-name">
              {me.data.name ?? me.data.phone}
            </div>
            <div className="h5-muted h5-small">
              {me.data.phone} · {t('me.joined', { date: day(me.data.joinedAt) })}
            </div>
          </div>
        </section>
      )}
      <nav className="h5-panel h5-menu">
        {links.map((l) => (
          <Link key={l.to} to={l.to} className="h5-menu-row">
            {l.icon}
            <span>{l.label}</span>
            <RightOutlined className="h5-right" />
          </Link>
        ))}
        <div className="h5-menu-row">
          <span className="h5-menu-gap" />
          <span>{t('me.language')}</span>
          <span className="h5-right">
            <LangSwitch />
          </span>
        </div>
        <button
          type="button"
          className="h5-menu-row h5-danger"
          data-testid="sign-out"
          onClick={() => {
            void api.logout().finally(() => navigate('/login', { replace: true }));
          }}
        >
          <LogoutOutlined />
          <span>{t('me.signOut')}</span>
        </button>
      </nav>
    </Screen>
  );
}
