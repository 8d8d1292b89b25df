import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { MemberDetail } from '../../api/members';
import { FormModal } from '../../components/form-modal';
import { compact } from '../../components/format';
import { ProfileFields, type ProfileForm } from './profile-fields';

interface CreateForm extends ProfileForm {
  joinChannel?: string;
}

interface Props {
  onClose: () => void;
  onCreated: (id: string) => void;
}

/** A new member; with a phone some member already has, the server answers with that member. */
export function MemberCreateModal({ onClose, onCreated }: Props) {
  const { t } = useTranslation();

  const save = async ({ joinChannel, birthday, ...profile }: CreateForm) => {
    const member = await api.post<MemberDetail>('/members', {
      profile: compact({ ...profile, birthday: birthday?.format('YYYY-MM-DD') }),
      join: compact({ channel: joinChannel, storeId: profile.homeStoreId }),
    });
    onCreated(member.id);
  };

  return (
    <FormModal<CreateForm>
      title={t('members.create')}
      okTestId="member-create-save"
      onSubmit={save}
      onClose={onClose}
      width={720}
    >
      <ProfileFields />
      <Form.Item name="joinChannel" label={t('members.joinChannel')} rules={[{ max: 60 }]}>
        <Input name="joinChannel" placeholder="store_pos, wecom…" />
      </Form.Item>
    </FormModal>
  );
}
