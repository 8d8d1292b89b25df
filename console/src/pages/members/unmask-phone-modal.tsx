import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormModal } from '../../components/form-modal';

interface Props {
  memberId: string;
  onRevealed: (phone: string | null) => void;
  onClose: () => void;
}

/** Asks why the full number is needed (the server audit-logs the reason) and reveals it. */
export function UnmaskPhoneModal({ memberId, onRevealed, onClose }: Props) {
  const { t } = useTranslation();
  const reveal = async ({ reason }: { reason: string }) => {
    const res = await api.post<{ phone: string | null }>(`/members/${memberId}/unmask-phone`, {
      reason: reason.trim(),
    });
    onRevealed(res.phone);
  };
  return (
    <FormModal<{ reason: string }>
      title={t('members.unmaskTitle')}
      okText={t('members.unmaskConfirm')}
      okTestId="unmask-confirm"
      successMessage={null}
      onSubmit={reveal}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label={t('members.unmaskReason')}
        extra={t('members.unmaskHint')}
        rules={[{ required: true, whitespace: true }, { min: 4 }, { max: 200 }]}
      >
        <Input.TextArea name="reason" rows={2} autoFocus data-testid="unmask-reason" />
      </Form.Item>
    </FormModal>
  );
}
