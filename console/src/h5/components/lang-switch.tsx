import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

/** Switches between 中文 and English; the label names the language you switch to. */
export function LangSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="h5-lang"
      data-testid="h5-lang"
      data-lang={lang}
      aria-label={t('lang.label')}
      onClick={() => setLang(lang === 'zh-CN' ? 'en' : 'zh-CN')}
    >
      <GlobalOutlined /> {t('lang.switchTo')}
    </button>
  );
}
