import { MergeCellsOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { MemberDetail, MemberMerge } from '../../api/members';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { MergeMemberModal, type MergeResult } from './merge-member-modal';

interface Props {
  member: MemberDetail;
  onChanged: () => void;
}

/** Every merge this member took part in, with undo; and merging another member in by hand. */
export function MergesTab({ member, onChanged }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const onError = useErrorHandler();
  const navigate = useNavigate();
  const { permissions = [] } = useSession();
  const mayMerge = permissions.includes('members:merge');
  const [merging, setMerging] = useState(false);

  const undo = (m: MemberMerge) =>
    modal.confirm({
      title: t('members.merges.undoTitle'),
      content: t('members.merges.undoConfirm'),
      okText: t('members.merges.undo'),
      okButtonProps: { danger: true, 'data-testid': 'undo-confirm' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post(`/members/merges/${m.id}/undo`);
          void message.success(t('members.merges.undone'));
          onChanged();
        } catch (err) {
          onError(err);
        }
      },
    });

  const merged = (res: MergeResult) => {
    if (res.survivorId !== member.id) navigate(`/members/${res.survivorId}?tab=merges`);
    else onChanged();
  };

  const who = (id: string) =>
    id === member.id ? (
      <Typography.Text strong>{t('members.merges.thisMember')}</Typography.Text>
    ) : (
      <Link to={`/members/${id}`}>{id}</Link>
    );

  const columns: TableColumnsType<MemberMerge> = [
    { title: t('members.merges.mergedAt'), dataIndex: 'mergedAt', render: (_, m) => formatTime(m.mergedAt) },
    {
      title: t('members.merges.what'),
      key: 'what',
      render: (_, m) => (
        <Flex vertical>
          <span>
            {who(m.mergedId)} → {who(m.survivorId)}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('members.merges.identitiesMoved', { count: m.identityIds.length })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('members.merges.reason'),
      dataIndex: 'reason',
      responsive: ['md'],
      render: (_, m) => (
        <Flex vertical>
          <span>{m.reason}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.mergedBy}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('common.status'),
      key: 'status',
      render: (_, m) =>
        m.undoneAt ? (
          <Flex vertical>
            <Tag style={{ alignSelf: 'flex-start' }}>{t('members.merges.stateUndone')}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatTime(m.undoneAt)} {m.undoneBy ?? ''}
            </Typography.Text>
          </Flex>
        ) : (
          <Tag color="blue">{t('members.merges.stateActive')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_, m) =>
        mayMerge && !m.undoneAt ? (
          <Button
            type="link"
            size="small"
            danger
            icon={<UndoOutlined />}
            onClick={() => undo(m)}
            data-testid={`undo-${m.id}`}
          >
            {t('members.merges.undo')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        {mayMerge && member.status === 'active' ? (
          <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)} data-testid="merge-open">
            {t('members.merges.mergeTitle')}
          </Button>
        ) : null}
      </Flex>
      <Table<MemberMerge>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={member.merges}
        pagination={false}
        data-testid="merges-table"
      />
      {merging ? (
        <MergeMemberModal memberId={member.id} onMerged={merged} onClose={() => setMerging(false)} />
      ) : null}
    </>
  );
}
