import { Button, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, api } from '../api';
import { errorText } from '../components/errors';
import { LangSwitch } from '../components/lang-switch';
import { useI18n } from '../i18n';
import { useLoad } from '../use-load';

const phoneOk = (p: string) => /^(\+?86)?1[3-9][0-9]{9}$/.test(p.replace(/[\s-]/g, ''));

/** Phone + one-time code. New numbers become members on their first sign-in. */
export function LoginPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const brand = useLoad(() => api.brand());
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const [sentTo, setSentTo] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<'code' | 'verify'>();

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    setError(undefined);
    if (!phoneOk(phone)) return setError(t('errors.phone'));
    setBusy('code');
    try {
      const sent = await api.sendCode(phone);
      setSentTo(sent.sentTo);
      setWait(sent.resendInSeconds);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VALIDATION') setError(t('errors.phone'));
      else setError(errorText(e, t));
      const s = e instanceof ApiError ? /again in (\d+) s/.exec(e.message)?.[1] : undefined;
      if (s) setWait(Number(s));
    } finally {
      setBusy(undefined);
    }
  };

  const signIn = async () => {
    setError(undefined);
    if (!phoneOk(phone)) return setError(t('errors.phone'));
    if (!/^[0-9]{6}$/.test(code)) return setError(t('errors.code'));
    setBusy('verify');
    try {
      await api.verify(phone, code);
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/login' ? from : '/', { replace: true });
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="h5-login">
      <div className="h5-login-top">
        <LangSwitch />
      </div>
      <div className="h5-login-brand">
        <div className="h5-login-logo" aria-hidden>
          {(brand.data?.name ?? '私').slice(0, 1)}
        </div>
        <h1 data-testid="brand-name">{brand.data?.name ?? '\u00a0'}</h1>
        <p className="h5-muted">{t('login.subtitle')}</p>
      </div>
      <form
        className="h5-login-form"
        onSubmit={(e) => {
          e.preventDefault();
          void signIn();
        }}
      >
        <div className="h5-field">
          <label htmlFor="h5-phone">{t('login.phone')}</label>
          <Input
            id="h5-phone"
            size="large"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            maxLength={20}
            value={phone}
            onChange={(e) => setPhone(e.target.value.trim())}
            placeholder="138 0000 0000"
            data-testid="login-phone"
          />
        </div>
        <div className="h5-field">
          <label htmlFor="h5-code">{t('login.code')}</label>
          <div className="h5-code-row">
            <Input
              id="h5-code"
              size="large"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              placeholder="······"
              data-testid="login-code"
            />
            <Button
              size="large"
              disabled={wait > 0}
              loading={busy === 'code'}
              onClick={() => void sendCode()}
              data-testid="login-get-code"
            >
              {wait > 0 ? t('login.resendIn', { s: wait }) : t('login.getCode')}
            </Button>
          </div>
        </div>
        {sentTo && !error && (
          <p className="h5-hint" data-testid="login-sent">
            {t('login.sent', { phone: sentTo })}
          </p>
        )}
        {error && (
          <p className="h5-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <Button
          type="primary"
          size="large"
          block
          htmlType="submit"
          loading={busy === 'verify'}
          data-testid="login-submit"
        >
          {t('login.submit')}
        </Button>
        <p className="h5-muted h5-small">{t('login.terms')}</p>
      </form>
    </div>
  );
}
