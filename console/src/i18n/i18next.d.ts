import 'i18next';
import type en from './en';

// Typed keys: t('nav.stores') is checked against the English table.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
