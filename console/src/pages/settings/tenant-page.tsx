import { App, Button, Card, Descriptions, Form, Input, Select, Skeleton } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { Locale, Tenant } from '../../api/types';
import { useAuth } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';

type TenantForm = Pick<Tenant, 'name' | 'locale' | 'timezone' | 'currency'>;

const LOCALES: Locale[] = ['zh-CN', 'en'];
const CURRENCIES = ['CNY', 'HKD', 'MOP', 'TWD', 'USD', 'EUR', 'GBP', 'JPY', 'SGD', 'AUD'];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Singapore', 'Asia/Tokyo', 'UTC'];
  }
}

export function TenantPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { refresh } = useAuth();
  const onError = useErrorHandler();
  const [form] = Form.useForm<TenantForm>();
  const [tenant, setTenant] = useState<Tenant | null>(null);
  const [saving, setSaving] = useState(false);
  const zoneOptions = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);

  useEffect(() => {
    api
      .get<Tenant>('/tenant')
      .then((loaded) => {
        setTenant(loaded);
        form.setFieldsValue(loaded);
      })
      .catch(onError);
  }, [form, onError]);

  const save = async (values: TenantForm) => {
    setSaving(true);
    try {
      const updated = await api.patch<Tenant>('/tenant', values);
      setTenant(updated);
      form.setFieldsValue(updated);
      void message.success(t('common.saved'));
      // The header shows the tenant name from the session.
      void refresh().catch(() => undefined);
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t('tenant.title')} />
      <Card style={{ maxWidth: 720 }}>
        {tenant ? (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            style={{ marginBottom: 24 }}
            items={[
              { key: 'code', label: t('tenant.code'), children: tenant.code },
              { key: 'createdAt', label: t('tenant.createdAt'), children: formatTime(tenant.createdAt) },
            ]}
          />
        ) : (
          <Skeleton active paragraph={{ rows: 1 }} />
        )}
        <Form<TenantForm> form={form} layout="vertical" disabled={!tenant} onFinish={(v) => void save(v)}>
          <Form.Item
            name="name"
            label={t('tenant.name')}
            rules={[{ required: true, whitespace: true }, { max: 100 }]}
          >
            <Input name="name" />
          </Form.Item>
          <Form.Item name="locale" label={t('tenant.locale')} rules={[{ required: true }]}>
            <Select options={LOCALES.map((l) => ({ value: l, label: t(`enums.locale.${l}`) }))} />
          </Form.Item>
          <Form.Item name="timezone" label={t('tenant.timezone')} rules={[{ required: true }]}>
            <Select showSearch options={zoneOptions} />
          </Form.Item>
          <Form.Item name="currency" label={t('tenant.currency')} rules={[{ required: true }]}>
            <Select showSearch options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="tenant-save">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
