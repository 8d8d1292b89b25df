import { EditOutlined } from '@ant-design/icons';
import { Button, Descriptions, Empty, Flex } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { MemberDetail, MemberSettings } from '../../api/members';
import { type AttrField, attributeFields, showValue } from './attribute-schema';
import { AttributesFormModal } from './attributes-form-modal';

interface Props {
  member: MemberDetail;
  onSaved: (member: MemberDetail) => void;
}

/** The tenant's own fields on a member, checked by the server against the tenant's JSON Schema. */
export function AttributesTab({ member, onSaved }: Props) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<AttrField[] | null>(null);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    api
      .get<MemberSettings>('/member-settings')
      .then((s) => setFields(attributeFields(s.attributeSchema)))
      .catch(() => setFields([]));
  }, []);

  const declared = fields ?? [];
  const keys = [
    ...declared.map((f) => f.key),
    ...Object.keys(member.attributes).filter((k) => !declared.some((f) => f.key === k)),
  ];
  const title = (key: string) => declared.find((f) => f.key === key)?.title ?? key;

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        {member.status === 'active' ? (
          <Button
            icon={<EditOutlined />}
            disabled={fields === null}
            onClick={() => setEditing(true)}
            data-testid="attributes-edit"
          >
            {t('common.edit')}
          </Button>
        ) : null}
      </Flex>
      {keys.length === 0 ? (
        <Empty description={t('members.attributes.none')} />
      ) : (
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={keys.map((key) => ({
            key,
            label: title(key),
            children: showValue(member.attributes[key]) || '—',
          }))}
        />
      )}
      {editing && fields ? (
        <AttributesFormModal
          member={member}
          fields={fields}
          onSaved={onSaved}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </>
  );
}
