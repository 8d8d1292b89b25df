import { LeftOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n';
import { LangSwitch } from './lang-switch';
import { TabBar } from './tab-bar';

/** One phone screen: a top bar (back, title, language), the content, and the tab bar on main screens. */
export function Screen({
  title,
  back,
  tabs = false,
  children,
  className,
}: {
  title: string;
  /** Where the back arrow leads; omitted on the main screens. */
  back?: string;
  tabs?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const navigate = useNavigate();
  const { t } = useI18n();
  return (
    <div className={`h5-screen${tabs ? ' h5-with-tabs' : ''}`}>
      <header className="h5-top">
        {back ? (
          <button type="button" className="h5-back" aria-label={t('app.back')} onClick={() => navigate(back)}>
            <LeftOutlined />
          </button>
        ) : (
          <span className="h5-back-space" />
        )}
        <h1 className="h5-title">{title}</h1>
        <LangSwitch />
      </header>
      <main className={`h5-main ${className ?? ''}`}>{children}</main>
      {tabs && <TabBar />}
    </div>
  );
}
