import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLang, setLang } from '../i18n';

/** Toggles between zh-CN and English; the label names the language you switch to. */
export function LangSwitch() {
  const { t, i18n } = useTranslation();
  const next = currentLang() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      data-lang={i18n.language}
      aria-label={t('lang.label')}
      onClick={() => void setLang(next)}
    >
      {next === 'en' ? t('lang.en') : t('lang.zhCN')}
    </Button>
  );
}
