import { Alert, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormModal } from '../../components/form-modal';
import { MemberSelect } from '../../components/member-select';

export interface MergeResult {
  mergeId: string;
  survivorId: string;
  mergedId: string;
}

interface Props {
  memberId: string;
  onMerged: (result: MergeResult) => void;
  onClose: () => void;
}

/** Merges another member into this person; the tenant's rules pick the surviving record. */
export function MergeMemberModal({ memberId, onMerged, onClose }: Props) {
  const { t } = useTranslation();
  const merge = async (values: { otherId: string; reason: string }) => {
    onMerged(
      await api.post<MergeResult>(`/members/${memberId}/merge`, {
        otherId: values.otherId,
        reason: values.reason.trim(),
      }),
    );
  };
  return (
    <FormModal<{ otherId: string; reason: string }>
      title={t('members.merges.mergeTitle')}
      okText={t('members.merges.mergeConfirm')}
      okTestId="merge-save"
      successMessage={t('members.merges.merged')}
      onSubmit={merge}
      onClose={onClose}
    >
      <Alert type="info" showIcon title={t('members.merges.mergeHint')} style={{ marginBottom: 16 }} />
      <Form.Item name="otherId" label={t('members.merges.other')} rules={[{ required: true }]}>
        <MemberSelect exclude={memberId} testId="merge-other" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('members.merges.reason')}
        rules={[{ required: true, whitespace: true }, { max: 200 }]}
      >
        <Input name="reason" data-testid="merge-reason" />
      </Form.Item>
    </FormModal>
  );
}
