import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Result, Table, type TableColumnsType, Tabs, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { useErrorHandler } from '../../api/errors';
import { type EarnRule, loyaltyApi, RULE_KINDS, type RuleKind } from '../../api/loyalty';
import { useSession } from '../../auth/auth-context';
import { PageHeader } from '../../components/page-header';
import { useNames } from '../../hooks/use-names';
import { RuleDrawer } from './rule-drawer';
import { RuleConditions, ruleFigure, ruleWindow } from './rule-summary';
import { SimulatorPanel } from './simulator-panel';
import { UnitScopeSelect, useUnitScope } from './unit-scope';

type TabKey = 'all' | RuleKind;

/** Earn rules by kind, their editor, and the simulator that shows what an order would earn. */
export function RulesPage() {
  const { t } = useTranslation();
  const onError = useErrorHandler();
  const { permissions = [] } = useSession();
  const canWrite = permissions.includes('loyalty:write');
  const unit = useUnitScope();
  const [rules, setRules] = useState<EarnRule[] | undefined>(undefined);
  const [noProgram, setNoProgram] = useState(false);
  const [tab, setTab] = useState<TabKey>('all');
  const [editing, setEditing] = useState<EarnRule | { kind: RuleKind } | null>(null);
  const [nonce, setNonce] = useState(0);
  const storeName = useNames(
    'stores',
    (rules ?? []).flatMap((r) => r.storeIds),
  );

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    void nonce;
    setNoProgram(false);
    loyaltyApi
      .rules(unit)
      .then((res) => {
        if (live) setRules(res.items);
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 404) setNoProgram(true);
        else onError(err);
        setRules([]);
      });
    return () => {
      live = false;
    };
  }, [unit, nonce, onError]);

  if (noProgram) {
    return (
      <>
        <PageHeader title={t('loyalty.rules.title')} actions={<UnitScopeSelect />} />
        <Result
          status="info"
          title={t('loyalty.rules.needProgram')}
          extra={
            <Link to={unit ? `/loyalty/program?unit=${unit}` : '/loyalty/program'}>
              <Button type="primary">{t('loyalty.rules.toProgram')}</Button>
            </Link>
          }
        />
      </>
    );
  }

  const shown = (rules ?? []).filter((r) => tab === 'all' || r.kind === tab);
  const columns: TableColumnsType<EarnRule> = [
    {
      title: t('loyalty.rules.name'),
      key: 'name',
      render: (_, r) => (
        <Flex gap={6} align="center" wrap>
          {canWrite ? (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEditing(r)}>
              {r.name}
            </Button>
          ) : (
            r.name
          )}
          {r.active ? null : <Tag>{t('loyalty.rules.inactive')}</Tag>}
        </Flex>
      ),
    },
    ...(tab === 'all'
      ? [
          {
            title: t('loyalty.rules.kind'),
            key: 'kind',
            responsive: ['sm' as const],
            render: (_: unknown, r: EarnRule) => t(`loyalty.rules.kinds.${r.kind}`),
          },
        ]
      : []),
    {
      title: tab === 'action' ? t('loyalty.rules.action') : t('loyalty.rules.rate'),
      key: 'figure',
      render: (_, r) =>
        r.kind === 'action' ? (
          <>
            <div>{t(`loyalty.rules.actions.${r.action ?? 'join'}`)}</div>
            <div>{ruleFigure(t, r)}</div>
          </>
        ) : (
          ruleFigure(t, r)
        ),
    },
    {
      title: tab === 'action' ? t('loyalty.rules.limits') : t('loyalty.rules.conditions'),
      key: 'conditions',
      responsive: ['md'],
      render: (_, r) => <RuleConditions rule={r} storeName={storeName} />,
    },
    {
      title: t('loyalty.rules.window'),
      key: 'window',
      responsive: ['lg'],
      render: (_, r) => ruleWindow(t, r),
    },
  ];

  const count = (k: TabKey) => (rules ?? []).filter((r) => k === 'all' || r.kind === k).length;
  return (
    <>
      <PageHeader
        title={t('loyalty.rules.title')}
        actions={
          <>
            <UnitScopeSelect />
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditing({ kind: tab === 'all' ? 'base' : tab })}
                data-testid="rule-create"
              >
                {t('loyalty.rules.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as TabKey)}
        items={(['all', ...RULE_KINDS] as const).map((k) => ({
          key: k,
          label: `${k === 'all' ? t('loyalty.rules.all') : t(`loyalty.rules.kinds.${k}`)} (${count(k)})`,
        }))}
      />
      <Table<EarnRule>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={shown}
        loading={rules === undefined}
        pagination={false}
        locale={{ emptyText: t('loyalty.rules.empty') }}
        data-testid="rules-table"
        style={{ marginBottom: 24 }}
      />
      <SimulatorPanel rules={rules ?? []} businessUnitId={unit} />
      {editing ? (
        <RuleDrawer rule={editing} businessUnitId={unit} onSaved={reload} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}
