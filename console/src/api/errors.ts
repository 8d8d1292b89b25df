import { App, type FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './client';

/** The human message for any thrown value; the server's detail wins when there is one. */
export function errorText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === 'NETWORK') return t('common.networkError');
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
