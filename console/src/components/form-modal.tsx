import { App, type ButtonProps, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorHandler } from '../api/errors';

interface Props<V> {
  title: ReactNode;
  initialValues?: Partial<V>;
  /** Throwing an ApiError puts its field errors on the form. */
  onSubmit: (values: V) => Promise<void>;
  onClose: () => void;
  okText?: ReactNode;
  okTestId?: string;
  successMessage?: string | null;
  width?: number;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
}

/**
 * A create/edit form in a modal. Render it only while open (`{editing && <FormModal …/>}`)
 * so every opening starts from fresh initial values.
 */
export function FormModal<V extends object>(props: Props<V>) {
  const {
    title,
    initialValues,
    onSubmit,
    onClose,
    okText,
    okTestId,
    successMessage,
    width = 560,
    children,
  } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const [form] = Form.useForm<V>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd already shows the field messages
    }
    setSaving(true);
    try {
      await onSubmit(values);
      if (successMessage !== null) void message.success(successMessage ?? t('common.saved'));
      onClose();
    } catch (err) {
      onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const okButtonProps = { loading: saving, 'data-testid': okTestId } as ButtonProps;
  return (
    <Modal
      open
      title={title}
      width={width}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={okButtonProps}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={() => void submit()}
        style={{ marginTop: 16 }}
      >
        {typeof children === 'function' ? children(form) : children}
        {/* Lets Enter in a text field submit the form. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
