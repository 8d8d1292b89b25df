import { App, type FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n';
import en, { type Messages } from '../i18n/en';
import { ApiError } from './client';

type TranslatedCode = keyof Messages['errors'];
const translatedCodes = new Set<string>(Object.keys(en.errors));
const isTranslated = (code: string): code is TranslatedCode => translatedCodes.has(code);

/**
 * The human message for any thrown value. The server writes its messages in English: in English
 * its detail wins when there is one; in other languages codes with a generic meaning (a failed
 * sign-in, a missing permission…) are shown translated, the rest as the server says them.
 */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return t('common.networkError');
    if (currentLang() !== 'en' && isTranslated(err.code)) return t(`errors.${err.code}`);
    return err.detail ?? err.title ?? t('common.unexpectedError');
  }
  return t('common.unexpectedError');
}

/**
 * Puts the server's field errors (problem+json `errors`) on the matching form fields.
 * Returns true when at least one error landed on a field the form shows.
 */
export function applyFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || err.errors.length === 0) return false;
  const shown = new Set(Object.keys(form.getFieldsValue()));
  const fields = err.errors
    .map((e) => ({ name: e.field.split('.')[0] ?? e.field, errors: [e.message] }))
    .filter((f) => shown.has(f.name));
  form.setFields(fields);
  return fields.length > 0;
}

/** Returns a handler that shows an error on the form's fields if it can, else as a toast. */
export function useErrorHandler(): (err: unknown, form?: FormInstance) => void {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (form && applyFieldErrors(form, err)) return;
      void message.error(errorText(err, t));
    },
    [message, t],
  );
}
