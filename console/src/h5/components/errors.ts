import { ApiError } from '../api';
import type { T } from '../i18n';

/** A refusal in the member's language; the server's English detail only as a last resort. */
export function errorText(error: unknown, t: T): string {
  if (!(error instanceof ApiError)) return t('errors.generic');
  switch (error.code) {
    case 'NETWORK':
      return t('errors.network');
    case 'OTP_INVALID': {
      const left = /(\d+) attempt/.exec(error.message)?.[1] ?? '?';
      return t('errors.wrongCode', { left });
    }
    case 'OTP_EXPIRED':
      return t('errors.codeExpired');
    case 'OTP_TOO_MANY_ATTEMPTS':
      return t('errors.tooManyAttempts');
    case 'RATE_LIMITED': {
      const s = /again in (\d+) s/.exec(error.message)?.[1];
      return s ? t('errors.waitSeconds', { s }) : t('errors.rateLimited');
    }
    case 'UNAVAILABLE':
      return t('errors.sms');
    case 'NOT_FOUND':
      return t('errors.notFound');
    default:
      return error.message || t('errors.generic');
  }
}
