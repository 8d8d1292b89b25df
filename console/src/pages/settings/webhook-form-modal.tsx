import { Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Webhook } from '../../api/types';
import { FormModal } from '../../components/form-modal';
import { useStringList } from '../../hooks/use-string-list';

type WebhookForm = Pick<Webhook, 'url' | 'events' | 'active'>;

interface Props {
  webhook: Partial<Webhook>;
  /** Called with the signing secret when a webhook was created. */
  onCreated: (secret: string) => void;
  onSaved: () => void;
  onClose: () => void;
}

export function WebhookFormModal({ webhook, onCreated, onSaved, onClose }: Props) {
  const { t } = useTranslation();
  const eventTypes = useStringList('/webhooks/event-types');
  const editingId = webhook.id;

  const save = async (values: WebhookForm) => {
    if (editingId) {
      await api.patch(`/webhooks/${editingId}`, values);
    } else {
      const created = await api.post<Webhook & { secret: string }>('/webhooks', values);
      onCreated(created.secret);
    }
    onSaved();
  };

  return (
    <FormModal<WebhookForm>
      title={editingId ? t('webhooks.editTitle') : t('webhooks.create')}
      initialValues={{ active: true, events: [], ...webhook }}
      okTestId="webhook-save"
      successMessage={editingId ? undefined : null}
      onSubmit={save}
      onClose={onClose}
      width={640}
    >
      <Form.Item
        name="url"
        label={t('webhooks.url')}
        rules={[{ required: true }, { type: 'url' }, { max: 2000 }]}
      >
        <Input name="url" placeholder="https://example.com/siyu/webhook" />
      </Form.Item>
      <Form.Item
        name="events"
        label={t('webhooks.events')}
        rules={[{ required: true, type: 'array', min: 1 }]}
      >
        <Select
          mode="multiple"
          loading={eventTypes.loading}
          options={eventTypes.items.map((e) => ({ value: e, label: e }))}
          data-testid="webhook-events"
        />
      </Form.Item>
      <Form.Item name="active" label={t('webhooks.active')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}
