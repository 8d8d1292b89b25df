import { App, Button, Form, Input, Radio } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api, type Me } from '../api';
import { errorText } from '../components/errors';
import { Screen } from '../components/screen';
import { Failed, Loading } from '../components/state';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';

interface Values {
  name?: string;
  gender?: Me['gender'];
  birthday?: string;
}

export function ProfilePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useLoad(() => api.me());
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (me.data)
      form.setFieldsValue({
        name: me.data.name ?? '',
        gender: me.data.gender ?? undefined,
        birthday: me.data.birthday ?? '',
      });
  }, [me.data, form]);
  const save = async (v: Values) => {
    setBusy(true);
    try {
      await api.updateMe({
        ...(v.name?.trim() ? { name: v.name.trim() } : {}),
        ...(v.gender ? { gender: v.gender } : {}),
        birthday: v.birthday ? v.birthday : null,
      });
      message.success(t('profile.saved'));
      navigate('/me');
    } catch (e) {
      if (e instanceof ApiError && e.errors.length)
        form.setFields(e.errors.map((f) => ({ name: f.field as keyof Values, errors: [f.message] })));
      else message.error(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Screen title={t('profile.title')} back="/me">
      {!me.data ? (
        me.error ? (
          <Failed error={me.error} retry={me.reload} />
        ) : (
          <Loading />
        )
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          className="h5-panel h5-form"
          onFinish={(v) => void save(v)}
          requiredMark={false}
        >
          <Form.Item name="name" label={t('profile.name')}>
            <Input maxLength={50} autoComplete="name" data-testid="profile-name" />
          </Form.Item>
          <Form.Item name="gender" label={t('profile.gender')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'female', label: t('profile.female') },
                { value: 'male', label: t('profile.male') },
                { value: 'unknown', label: t('profile.unknown') },
              ]}
            />
          </Form.Item>
          <Form.Item name="birthday" label={t('profile.birthday')} extra={t('profile.birthdayHint')}>
            <Input type="date" min="1900-01-01" max={today} data-testid="profile-birthday" />
          </Form.Item>
          <Form.Item label={t('profile.phone')} extra={t('profile.phoneHint')}>
            <Input value={me.data.phone ?? ''} disabled />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={busy}
            data-testid="profile-save"
          >
            {t('app.save')}
          </Button>
        </Form>
      )}
    </Screen>
  );
}
