import { App as AntApp, ConfigProvider, Result } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { appTheme } from '../theme';
import { setSignedOutHandler, tenantFromPath } from './api';
import { I18nProvider, useI18n } from './i18n';
import { AddressFormPage } from './pages/address-form-page';
import { AddressesPage } from './pages/addresses-page';
import { CouponsPage } from './pages/coupons-page';
import { ExchangesPage } from './pages/exchanges-page';
import { HomePage } from './pages/home-page';
import { LoginPage } from './pages/login-page';
import { MallItemPage } from './pages/mall-item-page';
import { MallPage } from './pages/mall-page';
import { MePage } from './pages/me-page';
import { PointsPage } from './pages/points-page';
import { ProfilePage } from './pages/profile-page';
import { TierPage } from './pages/tier-page';

/** Any 401 from the API (session over) leads to sign-in, and back to where the member was after. */
function SignedOutRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    setSignedOutHandler(() => navigate('/login', { replace: true, state: { from: location.pathname } }));
  }, [navigate, location.pathname]);
  return null;
}

function Themed() {
  const { lang, t } = useI18n();
  const tenant = tenantFromPath();
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      theme={{ ...appTheme, token: { ...appTheme.token, borderRadius: 10, fontSize: 15 } }}
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        {!tenant ? (
          <Result status="404" title={t('errors.notFound')} />
        ) : (
          <BrowserRouter basename={`/h5/${tenant}`}>
            <SignedOutRedirect />
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/" element={<HomePage />} />
              <Route path="/points" element={<PointsPage />} />
              <Route path="/tier" element={<TierPage />} />
              <Route path="/coupons" element={<CouponsPage />} />
              <Route path="/mall" element={<MallPage />} />
              <Route path="/mall/:id" element={<MallItemPage />} />
              <Route path="/exchanges" element={<ExchangesPage />} />
              <Route path="/addresses" element={<AddressesPage />} />
              <Route path="/addresses/:id" element={<AddressFormPage />} />
              <Route path="/me" element={<MePage />} />
              <Route path="/profile" element={<ProfilePage />} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </BrowserRouter>
        )}
      </AntApp>
    </ConfigProvider>
  );
}

export function H5App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
