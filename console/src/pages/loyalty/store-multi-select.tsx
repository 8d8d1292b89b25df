import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Store } from '../../api/types';
import { useNames } from '../../hooks/use-names';
import { useOptions } from '../../hooks/use-options';

interface Props {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
}

/** Several stores, searched on the server; chosen ones keep their names when off the first page. */
export function StoreMultiSelect({ id, value = [], onChange, placeholder }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  const stores = useOptions<Store>('/stores', q ? { q } : undefined);
  const nameOf = useNames('stores', value);

  const options = useMemo(() => {
    const list = [...stores.options];
    for (const id of value) {
      if (!list.some((o) => o.value === id)) list.push({ value: id, label: nameOf(id) });
    }
    return list;
  }, [stores.options, value, nameOf]);

  return (
    <Select<string[]>
      id={id}
      mode="multiple"
      value={value}
      onChange={onChange}
      options={options}
      loading={stores.loading}
      allowClear
      placeholder={placeholder ?? t('staff.storeSearch')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      style={{ width: '100%' }}
      data-testid="store-multi-select"
    />
  );
}
