import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link } from 'react-router';
import { api } from '../api';
import { Screen } from '../components/screen';
import { Failed, Loading, Nothing } from '../components/state';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';

export function AddressesPage() {
  const { t } = useI18n();
  const res = useLoad(() => api.addresses());
  return (
    <Screen title={t('addresses.title')} back="/me" className="h5-with-action">
      {!res.data ? (
        res.error ? (
          <Failed error={res.error} retry={res.reload} />
        ) : (
          <Loading />
        )
      ) : res.data.items.length === 0 ? (
        <Nothing text={t('addresses.empty')} />
      ) : (
        <ul className="h5-cards" data-testid="addresses">
          {res.data.items.map((a) => (
            <li key={a.id} className="h5-panel">
              <Link to={`/addresses/${a.id}`} className="h5-address" data-testid="address">
                <div>
                  <div>
                    <b>{a.recipient}</b> <span className="h5-muted">{a.phone}</span>
                    {a.isDefault && <span className="h5-tag">{t('addresses.default')}</span>}
                  </div>
                  <div className="h5-small">
                    {a.province} {a.city} {a.district} {a.line}
                  </div>
                </div>
                <EditOutlined aria-label={t('addresses.edit')} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="h5-action-bar">
        <Link to="/addresses/new" className="h5-grow">
          <Button type="primary" size="large" block icon={<PlusOutlined />} data-testid="address-add">
            {t('addresses.add')}
          </Button>
        </Link>
      </div>
    </Screen>
  );
}
