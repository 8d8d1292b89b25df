import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANNELS } from '../../api/orders';
import { channelLabel } from '../orders/channel-tag';

interface Common {
  id?: string;
  placeholder?: string;
  testId?: string;
}

/** Order channels as names; marketplace:<name> and any other channel can be typed. */
export function ChannelsSelect({
  id,
  value,
  onChange,
  placeholder,
  testId,
}: Common & { value?: string[]; onChange?: (value: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <Select<string[]>
      id={id}
      mode="tags"
      value={value}
      onChange={onChange}
      allowClear
      placeholder={placeholder}
      options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))}
      tokenSeparators={[',', ' ']}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/** One order channel; a typed value not in the list is offered as it is. */
export function ChannelSelect({
  id,
  value,
  onChange,
  placeholder,
  testId,
}: Common & { value?: string; onChange?: (value: string | undefined) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const custom = typed.trim();
  const known = CHANNELS as readonly string[];
  const extra = [custom, value].filter((v): v is string => Boolean(v) && !known.includes(v as string));
  const options = [
    ...CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) })),
    ...[...new Set(extra)].map((c) => ({ value: c, label: channelLabel(t, c) })),
  ];
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={(v?: string) => onChange?.(v)}
      placeholder={placeholder}
      options={options}
      showSearch={{ onSearch: setTyped, optionFilterProp: 'label' }}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}
