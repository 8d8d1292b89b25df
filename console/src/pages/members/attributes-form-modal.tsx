import { Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { MemberDetail } from '../../api/members';
import type { AttrField } from './attribute-schema';

interface Props {
  member: MemberDetail;
  /** From the tenant's schema; with none, the attributes are edited as one JSON object. */
  fields: AttrField[];
  onSaved: (member: MemberDetail) => void;
  onClose: () => void;
}

type Values = { attributes?: Record<string, unknown>; json?: string };

const toText = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v, null, 2));

export function AttributesFormModal({ member, fields, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const free = fields.length === 0;

  const initial: Values = free
    ? { json: JSON.stringify(member.attributes, null, 2) }
    : {
        attributes: Object.fromEntries(
          fields.map((f) => [
            f.key,
            f.kind === 'json' ? toText(member.attributes[f.key]) : member.attributes[f.key],
          ]),
        ),
      };

  const collect = (values: Values): Record<string, unknown> => {
    if (free) return JSON.parse(values.json?.trim() || '{}') as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const v = values.attributes?.[f.key];
      // A cleared field is sent as null so the old value does not stay behind.
      if (v === undefined || v === '') out[f.key] = null;
      else out[f.key] = f.kind === 'json' && typeof v === 'string' ? JSON.parse(v) : v;
    }
    return out;
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const attributes = collect(values);
      onSaved(await api.patch<MemberDetail>(`/members/${member.id}`, { attributes }));
      onClose();
    } catch (err) {
      // The server names attributes.<key>; put each message under its field.
      const shown =
        err instanceof ApiError && !free
          ? err.errors
              .map((e) => ({ key: e.field.split('.')[1] ?? '', errors: [e.message] }))
              .filter((e) => fields.some((f) => f.key === e.key))
          : [];
      if (shown.length > 0)
        form.setFields(shown.map((e) => ({ name: ['attributes', e.key], errors: e.errors })));
      else onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const jsonRule = {
    validator: async (_: unknown, v?: string) => {
      if (v?.trim()) JSON.parse(v);
    },
    message: t('members.attributes.invalidJson'),
  };

  return (
    <Modal
      open
      title={t('members.attributes.edit')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving }}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initial} style={{ marginTop: 16 }}>
        {free ? (
          <Form.Item name="json" label={t('members.attributes.json')} rules={[jsonRule]}>
            <Input.TextArea rows={10} style={{ fontFamily: 'ui-monospace, Menlo, monospace' }} />
          </Form.Item>
        ) : (
          fields.map((f) => (
            <Form.Item
              key={f.key}
              name={['attributes', f.key]}
              label={f.title}
              extra={f.description}
              valuePropName={f.kind === 'boolean' ? 'checked' : 'value'}
              rules={[...(f.required ? [{ required: true }] : []), ...(f.kind === 'json' ? [jsonRule] : [])]}
            >
              {f.kind === 'boolean' ? (
                <Switch />
              ) : f.kind === 'enum' ? (
                <Select allowClear options={f.options?.map((o) => ({ value: o, label: String(o) }))} />
              ) : f.kind === 'number' || f.kind === 'integer' ? (
                <InputNumber style={{ width: '100%' }} precision={f.kind === 'integer' ? 0 : undefined} />
              ) : f.kind === 'json' ? (
                <Input.TextArea rows={3} style={{ fontFamily: 'ui-monospace, Menlo, monospace' }} />
              ) : (
                <Input />
              )}
            </Form.Item>
          ))
        )}
      </Form>
    </Modal>
  );
}
