import { Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { errorText } from './errors';

export function Loading() {
  return (
    <div className="h5-center">
      <Spin />
    </div>
  );
}

export function Failed({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="h5-center h5-failed" role="alert">
      <p>{errorText(error, t)}</p>
      {retry && <Button onClick={retry}>{t('app.retry')}</Button>}
    </div>
  );
}

export function Nothing({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <div className="h5-empty">
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />
      {children}
    </div>
  );
}
