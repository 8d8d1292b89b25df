import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import en from './en';
import type { Key, Strings } from './types';
import zhCN from './zh-CN';

// A small i18n of the member H5's own, apart from the console's i18next instance (whose key types
// are the console's): two tables, a typed t(), the choice kept in localStorage.

export type Lang = 'zh-CN' | 'en';
const tables: Record<Lang, Strings> = { 'zh-CN': zhCN, en };
const storageKey = 'siyu.h5.lang';

export function detectLang(): Lang {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'zh-CN' || saved === 'en') return saved;
  } catch {
    // Storage blocked (private mode): the browser's language decides.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

function lookup(table: Strings, key: string): string | undefined {
  let node: unknown = table;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

export type Vars = Record<string, string | number>;
export type T = (key: Key, vars?: Vars) => string;

function translate(lang: Lang, key: string, vars?: Vars): string {
  const text = lookup(tables[lang], key) ?? lookup(en, key) ?? key;
  return vars ? text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? '')) : text;
}

interface I18n {
  lang: Lang;
  t: T;
  /** For keys built at run time (a status, a kind): falls back to `fallback` when absent. */
  tx(key: string, fallback: Key, vars?: Vars): string;
  setLang(lang: Lang): void;
}

const Context = createContext<I18n | null>(null);

function apply(lang: Lang): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = lang;
  document.title = translate(lang, 'app.title');
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const initial = detectLang();
    apply(initial);
    return initial;
  });
  const setLang = useCallback((next: Lang) => {
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Not kept; applies for this visit.
    }
    apply(next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: (key, vars) => translate(lang, key, vars),
      tx: (key, fallback, vars) =>
        lookup(tables[lang], key) !== undefined
          ? translate(lang, key, vars)
          : translate(lang, fallback, vars),
      setLang,
    }),
    [lang, setLang],
  );
  return createElement(Context.Provider, { value }, children);
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
