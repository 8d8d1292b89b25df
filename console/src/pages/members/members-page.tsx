import { Button, DatePicker, Flex, Input, Select, Table, type TableColumnsType, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { MEMBER_STATUSES, type Member, type MemberStatus } from '../../api/members';
import { CHANNELS } from '../../api/orders';
import { formatTime } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { StoreSelect } from '../../components/store-select';
import { useNames } from '../../hooks/use-names';
import { usePagedList } from '../../hooks/use-paged-list';
import { ChannelTag } from '../orders/channel-tag';
import { MemberCreateModal } from './member-create-modal';
import { sourceLabel } from './provenance';

interface MemberFilters {
  [key: string]: string | undefined;
  q?: string;
  homeStoreId?: string;
  joinChannel?: string;
  joinedFrom?: string;
  joinedTo?: string;
  status?: 'active' | 'merged';
}

/** Join channels people use most; any other value can be typed. */
const JOIN_CHANNELS: string[] = [...CHANNELS, 'wecom', 'wechat', 'console', 'api'];

export function MembersPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = usePagedList<Member, MemberFilters>('/members', {});
  const storeName = useNames(
    'stores',
    list.items.map((m) => m.homeStoreId),
  );
  const [typed, setTyped] = useState('');
  const [creating, setCreating] = useState(false);

  // Join channels are free text: a typed value not in the list is offered as it is.
  const custom = typed.trim();
  const channelOptions = [
    ...JOIN_CHANNELS.map((c) => ({ value: c, label: sourceLabel(t, c) })),
    ...(custom && !JOIN_CHANNELS.includes(custom) ? [{ value: custom, label: custom }] : []),
  ];
  const applyDates = (range: [Dayjs | null, Dayjs | null] | null) =>
    list.setFilters({
      joinedFrom: range?.[0]?.startOf('day').toISOString(),
      // The server's upper bound is exclusive: up to the end of the chosen day.
      joinedTo: range?.[1]?.add(1, 'day').startOf('day').toISOString(),
    });

  const columns: TableColumnsType<Member> = [
    {
      title: t('members.name'),
      key: 'name',
      render: (_, m) => (
        <Link to={`/members/${m.id}`} onClick={(e) => e.stopPropagation()}>
          {m.name ?? t('members.anonymous')}
        </Link>
      ),
    },
    { title: t('members.phone'), dataIndex: 'phone', render: (_, m) => m.phone ?? '—' },
    { title: t('members.city'), dataIndex: 'city', responsive: ['md'] },
    {
      title: t('members.homeStore'),
      key: 'store',
      responsive: ['lg'],
      render: (_, m) => storeName(m.homeStoreId),
    },
    {
      title: t('members.joinChannel'),
      key: 'channel',
      responsive: ['sm'],
      render: (_, m) => <ChannelTag channel={m.join.channel} label={sourceLabel(t, m.join.channel ?? '')} />,
    },
    {
      title: t('members.joinedAt'),
      dataIndex: 'joinedAt',
      responsive: ['md'],
      width: 170,
      render: (_, m) => formatTime(m.joinedAt),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (_, m) => (
        <Tag color={m.status === 'active' ? 'green' : 'default'}>{t(`members.status.${m.status}`)}</Tag>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('members.title')}
        actions={
          <Button type="primary" onClick={() => setCreating(true)} data-testid="member-create">
            {t('members.create')}
          </Button>
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('members.searchPlaceholder')}
          onSearch={(q) => list.setFilters({ q: q.trim() || undefined })}
          style={{ width: 300, maxWidth: '100%' }}
          data-testid="member-search"
        />
        <StoreSelect
          placeholder={t('members.allHomeStores')}
          onChange={(homeStoreId) => list.setFilters({ homeStoreId })}
          style={{ width: 200 }}
        />
        <Select<string>
          allowClear
          placeholder={t('members.allJoinChannels')}
          options={channelOptions}
          onChange={(joinChannel?: string) => list.setFilters({ joinChannel })}
          showSearch={{ onSearch: setTyped, optionFilterProp: 'label' }}
          style={{ width: 170 }}
          data-testid="member-channel"
        />
        <DatePicker.RangePicker
          onChange={(range) => applyDates(range)}
          placeholder={[t('members.joinedFrom'), t('members.joinedTo')]}
          style={{ width: 260, maxWidth: '100%' }}
        />
        <Select<MemberStatus>
          placeholder={t('members.activeOnly')}
          allowClear
          options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`members.status.${s}`) }))}
          onChange={(status?: MemberStatus) =>
            list.setFilters({ status: status === 'merged' ? 'merged' : undefined })
          }
          style={{ width: 160 }}
        />
      </Flex>
      <Table<Member>
        size="small"
        columns={columns}
        onRow={(m) => ({ onClick: () => navigate(`/members/${m.id}`), style: { cursor: 'pointer' } })}
        data-testid="members-table"
        {...list.tableProps}
      />
      {creating ? (
        <MemberCreateModal
          onClose={() => setCreating(false)}
          onCreated={(id) => navigate(`/members/${id}`)}
        />
      ) : null}
    </>
  );
}
