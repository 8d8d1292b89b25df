import { EditOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { MemberDetail, ProfilePatch } from '../../api/members';
import { FormModal } from '../../components/form-modal';
import { formatTime } from '../../components/format';
import { useNames } from '../../hooks/use-names';
import { ChannelTag } from '../orders/channel-tag';
import { ProfileFields, type ProfileForm } from './profile-fields';
import { ProvenanceNote, sourceLabel } from './provenance';

interface Props {
  member: MemberDetail;
  onSaved: (member: MemberDetail) => void;
}

/** The profile: each field with where its value came from, and an edit form. */
export function ProfileTab({ member, onSaved }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const storeName = useNames('stores', [member.homeStoreId, member.join.storeId]);
  const guideName = useNames('staff', [member.join.guideId]);
  const editable = member.status === 'active';

  const field = (key: string, label: string, value: ReactNode, column = key) => ({
    key,
    label,
    children: (
      <Flex gap={8} align="baseline" wrap>
        <span>{value === null || value === undefined || value === '' ? '—' : value}</span>
        <ProvenanceNote provenance={member.provenance[column]} />
      </Flex>
    ),
  });

  const save = async ({ birthday, phone, ...values }: ProfileForm) => {
    // Cleared fields are sent as null; an empty phone box means "keep the number".
    const patch: ProfilePatch = {
      name: values.name?.trim() || null,
      gender: values.gender ?? null,
      birthday: birthday ? birthday.format('YYYY-MM-DD') : null,
      city: values.city?.trim() || null,
      email: values.email?.trim() || null,
      homeStoreId: values.homeStoreId ?? null,
      ...(phone?.trim() ? { phone: phone.trim() } : {}),
    };
    onSaved(await api.patch<MemberDetail>(`/members/${member.id}`, patch));
  };

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        {editable ? (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="profile-edit">
            {t('common.edit')}
          </Button>
        ) : null}
      </Flex>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          field('name', t('members.name'), member.name),
          field('phone', t('members.phone'), member.phone),
          field('gender', t('members.gender'), member.gender && t(`members.genders.${member.gender}`)),
          field('birthday', t('members.birthday'), member.birthday),
          field('city', t('members.city'), member.city),
          field('email', t('members.email'), member.email),
          field('homeStoreId', t('members.homeStore'), storeName(member.homeStoreId), 'home_store_id'),
          { key: 'joinedAt', label: t('members.joinedAt'), children: formatTime(member.joinedAt) },
          {
            key: 'joinChannel',
            label: t('members.joinChannel'),
            children: member.join.channel ? (
              <ChannelTag channel={member.join.channel} label={sourceLabel(t, member.join.channel)} />
            ) : (
              '—'
            ),
          },
          {
            key: 'joinStore',
            label: t('members.joinStore'),
            children: storeName(member.join.storeId) || '—',
          },
          {
            key: 'joinGuide',
            label: t('members.joinGuide'),
            children: guideName(member.join.guideId) || '—',
          },
          {
            key: 'campaign',
            label: t('members.joinCampaign'),
            children: [member.join.campaign, member.join.scene].filter(Boolean).join(' · ') || '—',
          },
          { key: 'updatedAt', label: t('members.updatedAt'), children: formatTime(member.updatedAt) },
        ]}
      />
      {editing ? (
        <FormModal<ProfileForm>
          title={t('members.editProfile')}
          okTestId="profile-save"
          width={720}
          initialValues={{
            name: member.name ?? undefined,
            gender: member.gender ?? undefined,
            birthday: member.birthday ? dayjs(member.birthday) : null,
            city: member.city ?? undefined,
            email: member.email ?? undefined,
            homeStoreId: member.homeStoreId ?? undefined,
          }}
          onSubmit={save}
          onClose={() => setEditing(false)}
        >
          <ProfileFields
            phonePlaceholder={member.phone ? t('members.phoneKeep', { phone: member.phone }) : ''}
          />
        </FormModal>
      ) : null}
    </>
  );
}
