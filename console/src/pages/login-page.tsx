import { LockOutlined, ShopOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { errorText } from '../api/errors';
import { type LoginInput, useAuth } from '../auth/auth-context';
import { LangSwitch } from '../layout/lang-switch';

export function LoginPage() {
  const { t } = useTranslation();
  const { session, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const { token } = theme.useToken();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (session) return <Navigate to="/" replace />;

  const from = (location.state as { from?: string } | null)?.from;
  const onFinish = async (values: LoginInput) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(values);
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 16,
        background: `linear-gradient(160deg, #e8f8ef 0%, ${token.colorBgLayout} 60%)`,
      }}
    >
      <div style={{ position: 'fixed', top: 12, right: 12 }}>
        <LangSwitch />
      </div>
      <Card style={{ width: '100%', maxWidth: 380 }} styles={{ body: { padding: 32 } }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {t('auth.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('auth.subtitle')}</Typography.Text>
        </Flex>
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        ) : null}
        <Form<LoginInput>
          layout="vertical"
          requiredMark={false}
          initialValues={{ tenant: 'demo', username: '', password: '' }}
          onFinish={(values) => void onFinish(values)}
          onValuesChange={() => setError(null)}
        >
          <Form.Item name="tenant" label={t('auth.tenant')} rules={[{ required: true, whitespace: true }]}>
            <Input name="tenant" prefix={<ShopOutlined />} autoComplete="organization" />
          </Form.Item>
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input name="username" prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true }]}>
            <Input.Password name="password" prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={submitting}
            data-testid="login-submit"
          >
            {t('auth.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
