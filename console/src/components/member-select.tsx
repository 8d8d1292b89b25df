import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Member } from '../api/members';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** A member not to offer (the one being merged into). */
  exclude?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  testId?: string;
}

export const memberLabel = (m: Pick<Member, 'id' | 'name' | 'phone'>, anonymous: string): string =>
  [m.name ?? anonymous, m.phone].filter(Boolean).join(' · ');

/** Member picker that searches the server: phone, card number or any identity, or a name prefix. */
export function MemberSelect({ id, value, onChange, exclude, placeholder, style, testId }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const q = typed.trim();
    if (!q) return;
    let live = true;
    const timer = setTimeout(() => {
      setLoading(true);
      api
        .list<Member>('/members', { q, limit: 20 })
        .then((page) => {
          if (!live) return;
          setOptions(
            page.items
              .filter((m) => m.id !== exclude)
              .map((m) => ({ value: m.id, label: `${memberLabel(m, t('members.anonymous'))} (${m.id})` })),
          );
        })
        .catch(() => undefined)
        .finally(() => {
          if (live) setLoading(false);
        });
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [typed, exclude, t]);

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v)}
      options={options}
      loading={loading}
      allowClear
      placeholder={placeholder ?? t('members.memberSearch')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      notFoundContent={typed.trim() ? undefined : null}
      style={style}
      data-testid={testId ?? 'member-select'}
    />
  );
}
