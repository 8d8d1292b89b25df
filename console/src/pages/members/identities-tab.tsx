import { LinkOutlined } from '@ant-design/icons';
import { App, Button, Flex, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { MemberDetail, MemberIdentity } from '../../api/members';
import { formatTime } from '../../components/format';
import { LinkIdentityModal, type LinkResult } from './link-identity-modal';
import { sourceLabel } from './provenance';

interface Props {
  member: MemberDetail;
  onChanged: () => void;
}

/** Every channel key the member is known by, where it came from, and linking a new one. */
export function IdentitiesTab({ member, onChanged }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [linking, setLinking] = useState(false);

  const linked = (res: LinkResult) => {
    if (res.mergeId) void message.success(t('members.identities.linkedMerged'));
    else void message.success(t('members.identities.linked'));
    // A merge may keep the other member as the survivor: follow the person.
    if (res.memberId !== member.id) navigate(`/members/${res.memberId}?tab=identities`);
    else onChanged();
  };

  const columns: TableColumnsType<MemberIdentity> = [
    {
      title: t('members.identities.kind'),
      dataIndex: 'kind',
      render: (_, i) => <Tag>{t(`members.identityKinds.${i.kind}`)}</Tag>,
    },
    {
      title: t('members.identities.value'),
      dataIndex: 'value',
      render: (_, i) => (
        <Flex vertical>
          <Typography.Text copyable={i.kind !== 'phone'} style={{ wordBreak: 'break-all' }}>
            {i.value}
          </Typography.Text>
          {i.namespace ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.namespace}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('members.identities.source'),
      dataIndex: 'source',
      render: (_, i) => sourceLabel(t, i.source),
    },
    {
      title: t('members.identities.linkedAt'),
      dataIndex: 'linkedAt',
      responsive: ['sm'],
      render: (_, i) => formatTime(i.linkedAt),
    },
    {
      title: t('members.identities.origin'),
      key: 'origin',
      responsive: ['md'],
      render: (_, i) =>
        i.originMemberId === member.id ? (
          <Typography.Text type="secondary">{t('members.identities.own')}</Typography.Text>
        ) : (
          <Tooltip title={t('members.identities.fromMergeHint')}>
            <Link to={`/members/${i.originMemberId}`}>{i.originMemberId}</Link>
          </Tooltip>
        ),
    },
  ];

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        {member.status === 'active' ? (
          <Button icon={<LinkOutlined />} onClick={() => setLinking(true)} data-testid="identity-link">
            {t('members.identities.link')}
          </Button>
        ) : null}
      </Flex>
      <Table<MemberIdentity>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={member.identities}
        pagination={false}
        data-testid="identities-table"
      />
      {linking ? (
        <LinkIdentityModal memberId={member.id} onLinked={linked} onClose={() => setLinking(false)} />
      ) : null}
    </>
  );
}
