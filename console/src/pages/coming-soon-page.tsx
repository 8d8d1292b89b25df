import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/page-header';
import type { NavLabel } from '../layout/nav-items';

export function ComingSoonPage({ module }: { module: NavLabel }) {
  const { t } = useTranslation();
  const name = t(`nav.${module}`);
  return (
    <>
      <PageHeader title={name} />
      <Card>
        <Empty
          data-testid="coming-soon"
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <>
              <div style={{ fontSize: 16, fontWeight: 500 }}>{t('common.comingSoon')}</div>
              <div>{t('common.comingSoonHint', { module: name })}</div>
            </>
          }
        />
      </Card>
    </>
  );
}
