import { AppError } from '../../shared/errors.ts';
import { maskPhone } from '../members/phone.ts';

/** Sends a text message to a mobile number (E.164). A real gateway (Aliyun, Tencent Cloud SMS…) implements this. */
export interface SmsProvider {
  send(phone: string, text: string): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
}

/**
 * Development and test: nothing is sent. The text goes to the log under the masked phone (never the
 * number in clear), and the last text per number stays in memory so tests can read the code.
 */
export class LogSmsProvider implements SmsProvider {
  private readonly log: Log;
  private readonly last = new Map<string, string>();

  constructor(log: Log) {
    this.log = log;
  }

  async send(phone: string, text: string): Promise<void> {
    if (this.last.size >= 10_000) this.last.delete(this.last.keys().next().value!);
    this.last.set(phone, text);
    this.log.info({ sms: { to: maskPhone(phone), text } }, 'SMS (development provider: not sent)');
  }

  /** The last text sent to a number (E.164), for tests. */
  lastText(phone: string): string | undefined {
    return this.last.get(phone);
  }
}

/** Production without a configured gateway: sign-in by code is unavailable rather than insecure. */
export class UnconfiguredSmsProvider implements SmsProvider {
  async send(): Promise<void> {
    throw new AppError('UNAVAILABLE', 'Sign-in by SMS code is not set up for this service yet');
  }
}

let override: SmsProvider | undefined;
let devProvider: LogSmsProvider | undefined;

/** Installs the gateway the process uses (before the HTTP app is built). */
export function setSmsProvider(provider: SmsProvider | undefined): void {
  override = provider;
}

/** The provider for this process: the installed gateway, else the log provider outside production. */
export function smsProvider(production: boolean, log: Log): SmsProvider {
  if (override) return override;
  if (production) return new UnconfiguredSmsProvider();
  devProvider ??= new LogSmsProvider(log);
  return devProvider;
}

/** The development provider's last text to a number, for tests in the same process. */
export function lastDevSms(phoneE164: string): string | undefined {
  return devProvider?.lastText(phoneE164);
}
