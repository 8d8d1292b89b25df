import { App, Button, Form, Input, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { type AddressInput, ApiError, api } from '../api';
import { errorText } from '../components/errors';
import { Screen } from '../components/screen';
import { Failed, Loading } from '../components/state';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';

interface Values {
  recipient: string;
  phone: string;
  province: string;
  city: string;
  district?: string;
  line: string;
  postcode?: string;
  isDefault: boolean;
}

/** New address (/addresses/new) or edit (/addresses/:id). The stored phone is masked, so an edit asks for it again. */
export function AddressFormPage() {
  const { id } = useParams();
  const editing = id !== undefined && id !== 'new';
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const back = (useLocation().state as { back?: string } | null)?.back ?? '/addresses';
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const existing = useLoad(() => (editing ? api.addresses() : Promise.resolve({ items: [] })), id ?? '');
  const current = existing.data?.items.find((a) => a.id === id);
  useEffect(() => {
    if (current) form.setFieldsValue({ ...current, phone: '', postcode: current.postcode ?? '' });
  }, [current, form]);

  const required = [{ required: true, whitespace: true, message: t('addresses.required') }];
  const save = async (v: Values) => {
    setBusy(true);
    const body: AddressInput = {
      recipient: v.recipient,
      phone: v.phone,
      province: v.province,
      city: v.city,
      district: v.district ?? '',
      line: v.line,
      postcode: v.postcode ? v.postcode : null,
      isDefault: v.isDefault,
    };
    try {
      if (editing) await api.updateAddress(id, body);
      else await api.addAddress(body);
      message.success(t('addresses.saved'));
      navigate(back);
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        form.setFields(
          e.errors.map((f) => ({
            name: f.field as keyof Values,
            errors: [f.field === 'phone' ? t('errors.phone') : f.message],
          })),
        );
      } else message.error(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const remove = () =>
    modal.confirm({
      title: t('addresses.confirmDelete'),
      okText: t('addresses.delete'),
      okButtonProps: { danger: true },
      cancelText: t('app.cancel'),
      centered: true,
      onOk: async () => {
        await api.deleteAddress(id!);
        navigate('/addresses');
      },
    });

  if (editing && !current) {
    return (
      <Screen title={t('addresses.edit')} back="/addresses">
        {existing.loading ? (
          <Loading />
        ) : (
          <Failed error={existing.error ?? new ApiError(404, { code: 'NOT_FOUND' })} />
        )}
      </Screen>
    );
  }
  return (
    <Screen title={editing ? t('addresses.edit') : t('addresses.add')} back={back}>
      <Form<Values>
        form={form}
        layout="vertical"
        className="h5-panel h5-form"
        initialValues={{ isDefault: false }}
        onFinish={(v) => void save(v)}
        requiredMark={false}
      >
        <Form.Item name="recipient" label={t('addresses.recipient')} rules={required}>
          <Input maxLength={50} autoComplete="name" data-testid="address-recipient" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('addresses.phone')}
          rules={[...required, { pattern: /^(\+?86)?1[3-9][0-9]{9}$/, message: t('errors.phone') }]}
        >
          <Input type="tel" inputMode="tel" maxLength={20} autoComplete="tel" data-testid="address-phone" />
        </Form.Item>
        <div className="h5-two">
          <Form.Item name="province" label={t('addresses.province')} rules={required}>
            <Input maxLength={30} data-testid="address-province" />
          </Form.Item>
          <Form.Item name="city" label={t('addresses.city')} rules={required}>
            <Input maxLength={30} data-testid="address-city" />
          </Form.Item>
        </div>
        <div className="h5-two">
          <Form.Item name="district" label={t('addresses.district')}>
            <Input maxLength={30} data-testid="address-district" />
          </Form.Item>
          <Form.Item
            name="postcode"
            label={t('addresses.postcode')}
            rules={[{ pattern: /^[0-9]{6}$/, message: '######' }]}
          >
            <Input inputMode="numeric" maxLength={6} />
          </Form.Item>
        </div>
        <Form.Item name="line" label={t('addresses.line')} rules={required}>
          <Input.TextArea
            maxLength={200}
            autoSize={{ minRows: 2, maxRows: 4 }}
            placeholder={t('addresses.linePlaceholder')}
            data-testid="address-line"
          />
        </Form.Item>
        <Form.Item name="isDefault" label={t('addresses.setDefault')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="address-save">
          {t('app.save')}
        </Button>
        {editing && (
          <Button danger type="text" block onClick={remove} className="h5-gap">
            {t('addresses.delete')}
          </Button>
        )}
      </Form>
    </Screen>
  );
}
