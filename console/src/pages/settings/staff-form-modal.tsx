import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ROLES, SCOPES, type Scope, type Staff } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { nameRules, PASSWORD_MIN, passwordRules, usernameRules } from '../../components/rules';
import { StoreSelect } from '../../components/store-select';

export interface StaffForm {
  username: string;
  name: string;
  role: Staff['role'];
  scope: Scope;
  regionId?: string | null;
  storeId?: string | null;
  password?: string;
}

interface Props {
  staff: Partial<Staff>;
  regions: { value: string; label: string }[];
  onSaved: () => void;
  onClose: () => void;
}

/** Scope decides which link is needed: a region scope needs a region, a store scope a store. */
function links(values: StaffForm): Pick<StaffForm, 'regionId' | 'storeId'> {
  return {
    regionId: values.scope === 'region' ? (values.regionId ?? null) : null,
    storeId: values.scope === 'store' || values.scope === 'own' ? (values.storeId ?? null) : null,
  };
}

export function StaffFormModal({ staff, regions, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const editingId = staff.id;

  const save = async (values: StaffForm) => {
    if (editingId) {
      const { name, role, scope } = values;
      await api.patch(`/staff/${editingId}`, { name, role, scope, ...links(values) });
    } else {
      const body = { ...values, ...links(values) };
      await api.post('/staff', Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)));
    }
    onSaved();
  };

  return (
    <FormModal<StaffForm>
      title={editingId ? t('staff.editTitle') : t('staff.create')}
      initialValues={{ role: 'guide', scope: 'own', ...staff }}
      okTestId="staff-save"
      onSubmit={save}
      onClose={onClose}
    >
      <Form.Item name="username" label={t('staff.username')} rules={usernameRules(t)}>
        <Input name="username" disabled={Boolean(editingId)} autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label={t('staff.name')} rules={nameRules()}>
        <Input name="name" />
      </Form.Item>
      <Form.Item name="role" label={t('staff.role')} rules={[{ required: true }]}>
        <Select options={ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))} />
      </Form.Item>
      <Form.Item
        name="scope"
        label={t('staff.scope')}
        dependencies={['role']}
        rules={[
          { required: true },
          ({ getFieldValue }) => ({
            // The server's rule: a guide only ever sees their own customers.
            validator: (_, scope?: Scope) =>
              getFieldValue('role') === 'guide' && scope && scope !== 'own'
                ? Promise.reject(new Error(t('staff.guideScope')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Select options={SCOPES.map((s) => ({ value: s, label: t(`enums.scope.${s}`) }))} />
      </Form.Item>
      <Form.Item noStyle dependencies={['scope']}>
        {({ getFieldValue }) => {
          const scope = getFieldValue('scope') as Scope;
          return (
            <>
              {scope === 'region' ? (
                <Form.Item name="regionId" label={t('staff.region')} rules={[{ required: true }]}>
                  <Select showSearch={{ optionFilterProp: 'label' }} options={regions} />
                </Form.Item>
              ) : null}
              {scope === 'store' || scope === 'own' ? (
                <Form.Item name="storeId" label={t('staff.store')} rules={[{ required: true }]}>
                  <StoreSelect />
                </Form.Item>
              ) : null}
            </>
          );
        }}
      </Form.Item>
      {editingId ? null : (
        <Form.Item
          name="password"
          label={t('staff.password')}
          extra={t('staff.passwordHint', { min: PASSWORD_MIN })}
          rules={passwordRules()}
        >
          <Input.Password name="password" autoComplete="new-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}
