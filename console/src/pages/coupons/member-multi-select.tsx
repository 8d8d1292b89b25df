import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Member } from '../../api/members';
import { memberLabel } from '../../components/member-select';

interface Props {
  value?: string[];
  onChange?: (value: string[]) => void;
}

/** Several members, searched on the server by phone, card number or name; chosen ones keep their label. */
export function MemberMultiSelect({ value = [], onChange }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  const [chosen, setChosen] = useState<Record<string, string>>({});
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
          if (live)
            setFound(
              page.items.map((m) => ({
                value: m.id,
                label: `${memberLabel(m, t('members.anonymous'))} (${m.id})`,
              })),
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
  }, [typed, t]);

  const options = [
    ...value
      .filter((id) => !found.some((o) => o.value === id))
      .map((id) => ({ value: id, label: chosen[id] ?? id })),
    ...found,
  ];

  return (
    <Select<string[]>
      mode="multiple"
      value={value}
      onChange={(ids, opts) => {
        const labels = { ...chosen };
        for (const o of Array.isArray(opts) ? opts : [])
          if (o?.value) labels[String(o.value)] = String(o.label);
        setChosen(labels);
        onChange?.(ids);
      }}
      options={options}
      loading={loading}
      placeholder={t('members.memberSearch')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      notFoundContent={typed.trim() ? undefined : null}
      style={{ width: '100%' }}
      data-testid="issue-members"
    />
  );
}
