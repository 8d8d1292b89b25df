import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './app-routes';
import { AuthProvider } from './auth/auth-context';
import { appTheme } from './theme';

export function App() {
  // Subscribing here re-renders the provider (and antd's locale) when the language changes.
  const { i18n } = useTranslation();
  const locale = i18n.language === 'zh-CN' ? zhCN : enUS;
  return (
    <ConfigProvider
      locale={locale}
      theme={appTheme}
      componentSize="middle"
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
