import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Store } from '../api/types';
import { useOptions } from '../hooks/use-options';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
}

/** Store picker that searches the server (a tenant can have thousands of stores). */
export function StoreSelect({ id, value, onChange, placeholder, allowClear = true, style }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [current, setCurrent] = useState<Store | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);

  const stores = useOptions<Store>('/stores', q ? { q } : undefined);

  // Make sure the selected store has a label even when it is not in the first page of results.
  const missing =
    value && !stores.loading && !stores.items.some((s) => s.id === value) && current?.id !== value;
  useEffect(() => {
    if (!missing || !value) return;
    let cancelled = false;
    api
      .get<Store>(`/stores/${value}`)
      .then((store) => {
        if (!cancelled) setCurrent(store);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [missing, value]);

  const options = useMemo(() => {
    const list = [...stores.options];
    if (current && !list.some((o) => o.value === current.id)) {
      list.unshift({ value: current.id, label: `${current.name} (${current.code})` });
    }
    return list;
  }, [stores.options, current]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v)}
      options={options}
      loading={stores.loading}
      allowClear={allowClear}
      placeholder={placeholder ?? t('staff.storeSearch')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      style={style}
      data-testid="store-select"
    />
  );
}
