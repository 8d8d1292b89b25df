import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { ROLES, SCOPES, type Scope, type Staff } from '../../api/types';
import { FormModal } from '../../components/form-modal';
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

export const MIN_PASSWORD = 8;

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
      <Form.Item
        name="username"
        label={t('staff.username')}
        rules={[{ required: true, whitespace: true }, { max: 64 }]}
      >
        <Input name="username" disabled={Boolean(editingId)} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('staff.name')}
        rules={[{ required: true, whitespace: true }, { max: 64 }]}
      >
        <Input name="name" />
      </Form.Item>
      <Form.Item name="role" label={t('staff.role')} rules={[{ required: true }]}>
        <Select options={ROLES.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))} />
      </Form.Item>
      <Form.Item name="scope" label={t('staff.scope')} rules={[{ required: true }]}>
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
                <Form.Item name="storeId" label={t('staff.store')} rules={[{ required: scope === 'store' }]}>
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
          extra={t('staff.passwordHint')}
          rules={[{ required: true }, { min: MIN_PASSWORD }]}
        >
          <Input.Password name="password" autoComplete="new-password" />
        </Form.Item>
      )}
    </FormModal>
  );
}
