import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { IDENTITY_KINDS, type IdentityKind, NAMESPACED_KINDS } from '../../api/members';
import { FormModal } from '../../components/form-modal';

interface LinkForm {
  kind: IdentityKind;
  namespace?: string;
  value: string;
}

export interface LinkResult {
  memberId: string;
  mergeId: string | null;
}

interface Props {
  memberId: string;
  onLinked: (result: LinkResult) => void;
  onClose: () => void;
}

/** Links a channel key to the member; if someone else holds it the server merges the two. */
export function LinkIdentityModal({ memberId, onLinked, onClose }: Props) {
  const { t } = useTranslation();
  const link = async (values: LinkForm) => {
    const body = {
      kind: values.kind,
      value: values.value.trim(),
      ...(NAMESPACED_KINDS.has(values.kind) ? { namespace: values.namespace?.trim() } : {}),
    };
    onLinked(await api.post<LinkResult>(`/members/${memberId}/identities`, body));
  };
  return (
    <FormModal<LinkForm>
      title={t('members.identities.link')}
      okText={t('members.identities.linkConfirm')}
      okTestId="identity-save"
      initialValues={{ kind: 'store_card' }}
      successMessage={null}
      onSubmit={link}
      onClose={onClose}
    >
      <Form.Item name="kind" label={t('members.identities.kind')} rules={[{ required: true }]}>
        <Select
          options={IDENTITY_KINDS.map((k) => ({ value: k, label: t(`members.identityKinds.${k}`) }))}
          data-testid="identity-kind"
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['kind']}>
        {({ getFieldValue }) =>
          NAMESPACED_KINDS.has(getFieldValue('kind') as IdentityKind) ? (
            <Form.Item
              name="namespace"
              label={t('members.identities.namespace')}
              extra={t('members.identities.namespaceHint')}
              rules={[{ required: true, whitespace: true }, { max: 64 }]}
            >
              <Input name="namespace" />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Form.Item
        name="value"
        label={t('members.identities.value')}
        extra={t('members.identities.mergeHint')}
        rules={[{ required: true, whitespace: true }, { max: 128 }]}
      >
        <Input name="value" data-testid="identity-value" />
      </Form.Item>
    </FormModal>
  );
}
