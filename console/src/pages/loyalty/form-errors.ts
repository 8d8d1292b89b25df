import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../../api/client';
import { useErrorHandler } from '../../api/errors';

export type NamePath = (string | number)[];

/** `tiers.1.threshold` → ['tiers', 1, 'threshold']: the server's field paths name list items by index. */
export const toNamePath = (field: string): NamePath =>
  field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * Puts a problem+json's field errors on nested form fields (a tier's threshold, a line's SKU),
 * scrolling to the first; what no field shows is said in a toast. `rename` maps a server path
 * onto the form's when they differ (endsAt → the date range field), or drops it with null.
 */
export function useFormErrors() {
  const onError = useErrorHandler();
  return useCallback(
    (err: unknown, form: FormInstance, rename?: (path: NamePath) => NamePath | null) => {
      if (!(err instanceof ApiError) || err.errors.length === 0) {
        onError(err);
        return;
      }
      const shown: NamePath[] = [];
      for (const e of err.errors) {
        const raw = toNamePath(e.field);
        const name = rename ? rename(raw) : raw;
        if (!name) continue;
        form.setFields([{ name, errors: [e.message] }]);
        // An unregistered path (a field the form does not show) reports no errors back.
        if (form.getFieldError(name).length > 0) shown.push(name);
      }
      if (shown[0]) form.scrollToField(shown[0], { block: 'center' });
      if (shown.length < err.errors.length) onError(err);
    },
    [onError],
  );
}
