import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Skeleton, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import type { MemberDetail } from '../../api/members';
import { useSession } from '../../auth/auth-context';
import { PageHeader } from '../../components/page-header';
import { AttributesTab } from './attributes-tab';
import { ConsentsTab } from './consents-tab';
import { CouponsTab } from './coupons-tab';
import { IdentitiesTab } from './identities-tab';
import { MemberHeader } from './member-header';
import { MergesTab } from './merges-tab';
import { PointsTab } from './points-tab';
import { ProfileTab } from './profile-tab';
import { TierCard } from './tier-card';
import { TimelineTab } from './timeline-tab';

const TABS = [
  'profile',
  'timeline',
  'points',
  'coupons',
  'identities',
  'consents',
  'attributes',
  'merges',
] as const;
type Tab = (typeof TABS)[number];
const isTab = (v: string | null): v is Tab => (TABS as readonly (string | null)[]).includes(v);

/** Customer 360: one person across every channel. */
export function Member360Page() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const { permissions = [] } = useSession();
  const id = useParams().id ?? '';
  const [params, setParams] = useSearchParams();
  const tab: Tab = isTab(params.get('tab')) ? (params.get('tab') as Tab) : 'profile';
  const [member, setMember] = useState<MemberDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [nonce, setNonce] = useState(0);

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    // nonce: reload() fetches the same member again.
    void nonce;
    api
      .get<MemberDetail>(`/members/${id}`)
      .then((m) => {
        if (!live) return;
        setMember(m);
        setMissing(false);
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) setMissing(true);
        else onError(err);
      });
    return () => {
      live = false;
    };
  }, [id, nonce, onError]);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('members.notFound')}
        extra={
          <Link to="/members">
            <Button type="primary">{t('members.backToList')}</Button>
          </Link>
        }
      />
    );
  }

  const current = member?.id === id ? member : null;
  const name = current ? (current.name ?? t('members.anonymous')) : id;

  return (
    <>
      <PageHeader
        title={t('members.customer360')}
        extraCrumbs={[name]}
        actions={
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
        }
      />
      {!current ? (
        <Skeleton active />
      ) : (
        <>
          {current.status === 'merged' && current.mergedInto ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('members.mergedInto')}
              action={
                <Link to={`/members/${current.mergedInto}`} data-testid="merged-into">
                  {current.mergedInto}
                </Link>
              }
            />
          ) : null}
          <MemberHeader member={current} />
          {permissions.includes('loyalty:read') ? <TierCard memberId={current.id} /> : null}
          <Tabs
            activeKey={tab}
            onChange={(key) => setParams({ tab: key }, { replace: true })}
            destroyOnHidden
            items={[
              {
                key: 'profile',
                label: t('members.tabs.profile'),
                children: <ProfileTab member={current} onSaved={setMember} />,
              },
              {
                key: 'timeline',
                label: t('members.tabs.timeline'),
                children: <TimelineTab memberId={current.id} />,
              },
              ...(permissions.includes('points:read')
                ? [
                    {
                      key: 'points',
                      label: t('loyalty.member.tabs.points'),
                      children: <PointsTab memberId={current.id} active={current.status === 'active'} />,
                    },
                  ]
                : []),
              ...(permissions.includes('coupons:read')
                ? [
                    {
                      key: 'coupons',
                      label: t('loyalty.member.tabs.coupons'),
                      children: <CouponsTab memberId={current.id} />,
                    },
                  ]
                : []),
              {
                key: 'identities',
                label: t('members.tabs.identities', { count: current.identities.length }),
                children: <IdentitiesTab member={current} onChanged={reload} />,
              },
              {
                key: 'consents',
                label: t('members.tabs.consents'),
                children: <ConsentsTab member={current} onSaved={setMember} />,
              },
              {
                key: 'attributes',
                label: t('members.tabs.attributes'),
                children: <AttributesTab member={current} onSaved={setMember} />,
              },
              {
                key: 'merges',
                label: t('members.tabs.merges', { count: current.merges.length }),
                children: <MergesTab member={current} onChanged={reload} />,
              },
            ]}
          />
        </>
      )}
    </>
  );
}
