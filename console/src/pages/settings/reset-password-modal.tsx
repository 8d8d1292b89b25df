import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Staff } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { PASSWORD_MIN, passwordRules } from '../../components/rules';

export function ResetPasswordModal({ staff, onClose }: { staff: Staff; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal<{ password: string }>
      title={t('staff.resetPasswordTitle', { name: staff.name })}
      okTestId="password-save"
      successMessage={t('staff.passwordReset')}
      onSubmit={async ({ password }) => {
        await api.post(`/staff/${staff.id}/password`, { password });
      }}
      onClose={onClose}
    >
      <Form.Item
        name="password"
        label={t('staff.newPassword')}
        extra={t('staff.passwordHint', { min: PASSWORD_MIN })}
        rules={passwordRules()}
      >
        <Input.Password name="password" autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
