import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  warning: string;
  secret: string;
  onClose: () => void;
}

/** Shows a credential that the server returns exactly once (API key, webhook secret). */
export function SecretOnceModal({ title, warning, secret, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      void message.success(t('common.copied'));
    } catch {
      // Clipboard needs a secure context; the text stays selectable as a fallback.
      void message.warning(t('common.unexpectedError'));
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {t('common.close')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={warning} style={{ marginBottom: 16 }} />
      <Flex gap={8}>
        <Input
          readOnly
          value={secret}
          data-testid="secret-value"
          onFocus={(e) => e.currentTarget.select()}
          style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
        />
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="secret-copy">
          {t('common.copy')}
        </Button>
      </Flex>
    </Modal>
  );
}
