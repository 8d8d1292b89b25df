import { InputNumber, type InputNumberProps } from 'antd';
import { useCurrency } from '../../hooks/use-currency';
import { currentLang } from '../../i18n';

/** The tenant currency's symbol (¥, $, HK$…) for money inputs. */
export function currencySymbol(currency: string): string {
  const parts = new Intl.NumberFormat(currentLang(), { style: 'currency', currency }).formatToParts(0);
  return parts.find((p) => p.type === 'currency')?.value ?? currency;
}

/** An amount typed in yuan (2 decimals) with the currency symbol; forms convert with toCents. */
export function MoneyInput(props: Omit<InputNumberProps<number>, 'prefix' | 'precision'>) {
  const currency = useCurrency();
  return (
    <InputNumber<number>
      min={0}
      style={{ width: '100%' }}
      {...props}
      prefix={currencySymbol(currency)}
      precision={2}
    />
  );
}

/** Cents from the server as the yuan a MoneyInput shows. */
export const toYuan = (cents: number | null | undefined): number | null =>
  cents === null || cents === undefined ? null : cents / 100;
