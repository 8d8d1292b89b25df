import { EyeInvisibleOutlined, EyeOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemberDetail } from '../../api/members';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { useNames } from '../../hooks/use-names';
import { ChannelTag } from '../orders/channel-tag';
import { sourceLabel } from './provenance';
import { UnmaskPhoneModal } from './unmask-phone-modal';

/** Who this is at a glance: name, phone (masked unless revealed), where and when they joined. */
export function MemberHeader({ member }: { member: MemberDetail }) {
  const { t } = useTranslation();
  const { permissions = [] } = useSession();
  const mayUnmask = permissions.includes('members:unmask');
  const [asking, setAsking] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const storeName = useNames('stores', [member.homeStoreId, member.join.storeId]);

  const phone = member.phone ? (
    <Flex align="center" gap={4} wrap>
      <Typography.Text data-testid="member-phone" copyable={revealed ? { text: revealed } : false}>
        {revealed ?? member.phone}
      </Typography.Text>
      {mayUnmask && !revealed ? (
        <Button
          type="link"
          size="small"
          icon={<EyeOutlined />}
          onClick={() => setAsking(true)}
          data-testid="unmask-phone"
        >
          {t('members.unmask')}
        </Button>
      ) : null}
      {revealed ? (
        <Button type="link" size="small" icon={<EyeInvisibleOutlined />} onClick={() => setRevealed(null)}>
          {t('members.mask')}
        </Button>
      ) : null}
    </Flex>
  ) : (
    '—'
  );

  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Flex gap={16} align="flex-start">
        <Avatar size={48} icon={<UserOutlined />} style={{ flex: 'none' }} />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }} data-testid="member-name">
              {member.name ?? t('members.anonymous')}
            </Typography.Title>
            <Tag color={member.status === 'active' ? 'green' : 'default'}>
              {t(`members.status.${member.status}`)}
            </Tag>
            <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>
              {member.id}
            </Typography.Text>
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 4 }}
            items={[
              { key: 'phone', label: t('members.phone'), children: phone },
              { key: 'joined', label: t('members.joinedAt'), children: formatTime(member.joinedAt) },
              {
                key: 'channel',
                label: t('members.joinChannel'),
                children: member.join.channel ? (
                  <ChannelTag channel={member.join.channel} label={sourceLabel(t, member.join.channel)} />
                ) : (
                  '—'
                ),
              },
              {
                key: 'store',
                label: t('members.homeStore'),
                children: storeName(member.homeStoreId) || '—',
              },
            ]}
          />
        </div>
      </Flex>
      {asking ? (
        <UnmaskPhoneModal
          memberId={member.id}
          onRevealed={(p) => setRevealed(p ?? t('members.noPhone'))}
          onClose={() => setAsking(false)}
        />
      ) : null}
    </Card>
  );
}
