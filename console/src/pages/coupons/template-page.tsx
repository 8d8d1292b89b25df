import { EditOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Result,
  Row,
  Skeleton,
  Statistic,
  Tooltip,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { type CouponTemplate, couponsApi, type Funnel } from '../../api/coupons';
import { useErrorHandler } from '../../api/errors';
import { useSession } from '../../auth/auth-context';
import { formatTime } from '../../components/format';
import { formatCents } from '../../components/money';
import { PageHeader } from '../../components/page-header';
import { useCurrency } from '../../hooks/use-currency';
import { useNames } from '../../hooks/use-names';
import { channelLabel } from '../orders/channel-tag';
import { benefitText, validityText } from './benefit-text';
import { TemplateStatusTag } from './coupon-tags';
import { FunnelChartView, FunnelSeriesChart } from './funnel-charts';
import { IssueModal } from './issue-modal';
import { TemplateStatusActions } from './template-actions';
import { TemplateCouponsTable } from './template-coupons-table';
import { TemplateDrawer } from './template-drawer';

type Range = [Dayjs, Dayjs];
const stat = { xs: 12, sm: 8, lg: 6, xxl: 3 };

/** One coupon template: what it is, its funnel and daily series, and every coupon it issued. */
export function CouponTemplatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onError = useErrorHandler();
  const currency = useCurrency();
  const id = useParams().id ?? '';
  const { permissions = [] } = useSession();
  const canWrite = permissions.includes('coupons:write');
  const canIssue = permissions.includes('coupons:issue');
  const [template, setTemplate] = useState<CouponTemplate | null>(null);
  const [missing, setMissing] = useState(false);
  const [funnel, setFunnel] = useState<Funnel | null>(null);
  const [range, setRange] = useState<Range | null>(null);
  const [nonce, setNonce] = useState(0);
  const [editing, setEditing] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const storeName = useNames('stores', template?.storeIds ?? []);

  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    let live = true;
    couponsApi
      .template(id)
      .then((tpl) => {
        if (live) setTemplate(tpl);
      })
      .catch((err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) setMissing(true);
        else onError(err);
      });
    return () => {
      live = false;
    };
  }, [id, onError]);

  useEffect(() => {
    let live = true;
    void nonce;
    couponsApi
      .funnel(
        id,
        range ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') } : undefined,
      )
      .then((f) => {
        if (live) setFunnel(f);
      })
      .catch((err: unknown) => {
        if (live && !(err instanceof ApiError && err.status === 404)) onError(err);
      });
    return () => {
      live = false;
    };
  }, [id, range, nonce, onError]);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('loyalty.coupons.notFound')}
        extra={
          <Link to="/loyalty/coupons">
            <Button type="primary">{t('loyalty.coupons.backToList')}</Button>
          </Link>
        }
      />
    );
  }

  const tpl = template?.id === id ? template : null;
  const money = (cents: number) => formatCents(cents, currency);
  const list = (items: string[], label: (s: string) => string = (s) => s) =>
    items.length ? items.map(label).join('、') : t('common.all');

  return (
    <>
      <PageHeader
        title={tpl ? tpl.name : t('loyalty.coupons.detail')}
        extraCrumbs={[tpl?.name ?? id]}
        actions={
          tpl ? (
            <>
              {canIssue && tpl.status === 'active' ? (
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  onClick={() => setIssuing(true)}
                  data-testid="template-issue"
                >
                  {t('loyalty.coupons.issue')}
                </Button>
              ) : null}
              {canWrite && tpl.status !== 'ended' ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="template-edit">
                  {t('common.edit')}
                </Button>
              ) : null}
              {canWrite ? (
                <TemplateStatusActions
                  template={tpl}
                  onChanged={(next) => (next ? setTemplate(next) : navigate('/loyalty/coupons'))}
                />
              ) : null}
            </>
          ) : null
        }
      />
      {!tpl ? (
        <Skeleton active />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                {
                  key: 'status',
                  label: t('common.status'),
                  children: <TemplateStatusTag status={tpl.status} />,
                },
                {
                  key: 'kind',
                  label: t('loyalty.coupons.kind'),
                  children: t(`loyalty.coupons.kinds.${tpl.kind}`),
                },
                {
                  key: 'benefit',
                  label: t('loyalty.coupons.benefit'),
                  children: <span data-testid="template-benefit">{benefitText(t, tpl, currency)}</span>,
                },
                {
                  key: 'stock',
                  label: t('loyalty.coupons.stock'),
                  children:
                    tpl.stockTotal === null
                      ? t('loyalty.coupons.noLimit')
                      : t('loyalty.coupons.stockLeft', { left: tpl.stockLeft ?? 0, total: tpl.stockTotal }),
                },
                {
                  key: 'perMember',
                  label: t('loyalty.coupons.perMemberLimit'),
                  children: tpl.perMemberLimit ?? t('loyalty.coupons.noLimit'),
                },
                {
                  key: 'validity',
                  label: t('loyalty.coupons.validity'),
                  children: validityText(t, tpl.validity),
                },
                {
                  key: 'channels',
                  label: t('loyalty.rules.channels'),
                  children: list(tpl.channels, (c) => channelLabel(t, c)),
                },
                { key: 'stores', label: t('loyalty.rules.stores'), children: list(tpl.storeIds, storeName) },
                {
                  key: 'products',
                  label: t('loyalty.coupons.applicability'),
                  children: list([...tpl.categoryPrefixes, ...tpl.skus]),
                },
                ...(tpl.claimCode
                  ? [{ key: 'claim', label: t('loyalty.coupons.claimCode'), children: tpl.claimCode }]
                  : []),
                {
                  key: 'shareable',
                  label: t('loyalty.coupons.shared'),
                  children: tpl.shareable ? t('common.yes') : t('common.no'),
                },
                {
                  key: 'created',
                  label: t('common.createdAt'),
                  children: `${formatTime(tpl.createdAt)} · ${tpl.createdBy}`,
                },
                ...(tpl.description
                  ? [
                      {
                        key: 'description',
                        label: t('loyalty.coupons.description'),
                        children: tpl.description,
                      },
                    ]
                  : []),
              ]}
            />
          </Card>

          <Card
            size="small"
            title={t('loyalty.coupons.funnel')}
            style={{ marginBottom: 16 }}
            extra={
              <Flex gap={8} align="center">
                <DatePicker.RangePicker
                  size="small"
                  allowClear
                  value={range ?? (funnel ? [dayjs(funnel.from), dayjs(funnel.to)] : null)}
                  onChange={(r) => setRange(r?.[0] && r[1] ? [r[0], r[1]] : null)}
                  style={{ width: 230, maxWidth: '60vw' }}
                />
                <Tooltip title={t('common.refresh')}>
                  <Button
                    size="small"
                    icon={<ReloadOutlined />}
                    onClick={reload}
                    aria-label={t('common.refresh')}
                  />
                </Tooltip>
              </Flex>
            }
            data-testid="funnel"
          >
            {funnel ? (
              <>
                <Row gutter={[16, 16]} style={{ marginBottom: 8 }}>
                  <Col {...stat}>
                    <Statistic
                      title={t('loyalty.coupons.issued')}
                      value={funnel.issued}
                      data-testid="funnel-issued"
                    />
                  </Col>
                  <Col {...stat}>
                    <Statistic title={t('loyalty.coupons.claimed')} value={funnel.claimed} />
                  </Col>
                  <Col {...stat}>
                    <Statistic
                      title={t('loyalty.coupons.redeemed')}
                      value={funnel.redeemed}
                      data-testid="funnel-redeemed"
                    />
                  </Col>
                  <Col {...stat}>
                    <Statistic title={t('loyalty.coupons.available')} value={funnel.available} />
                  </Col>
                  <Col {...stat}>
                    <Statistic title={t('loyalty.coupons.shared')} value={funnel.shared} />
                  </Col>
                  <Col {...stat}>
                    <Statistic title={t('loyalty.coupons.expired')} value={funnel.expired} />
                  </Col>
                  <Col {...stat}>
                    <Tooltip title={t('loyalty.coupons.conversionHint')}>
                      <Statistic
                        title={t('loyalty.coupons.conversion')}
                        value={(funnel.conversionRate * 100).toFixed(1)}
                        suffix="%"
                        data-testid="funnel-conversion"
                      />
                    </Tooltip>
                  </Col>
                  <Col {...stat}>
                    <Statistic
                      title={t('loyalty.coupons.salesDriven')}
                      value={money(funnel.salesDrivenCents)}
                      data-testid="funnel-sales"
                    />
                  </Col>
                </Row>
                <Row gutter={[16, 16]}>
                  <Col xs={24} lg={9}>
                    <FunnelChartView funnel={funnel} withClaimed={tpl.claimable || funnel.claimed > 0} />
                  </Col>
                  <Col xs={24} lg={15}>
                    <FunnelSeriesChart funnel={funnel} currency={currency} />
                  </Col>
                </Row>
              </>
            ) : (
              <Skeleton active />
            )}
          </Card>

          <Card size="small" title={t('loyalty.coupons.coupons')}>
            <TemplateCouponsTable templateId={tpl.id} nonce={nonce} />
          </Card>
        </>
      )}
      {editing && tpl ? (
        <TemplateDrawer template={tpl} onSaved={setTemplate} onClose={() => setEditing(false)} />
      ) : null}
      {issuing && tpl ? (
        <IssueModal
          template={tpl}
          onIssued={() => {
            reload();
            void couponsApi.template(tpl.id).then(setTemplate, () => undefined);
          }}
          onClose={() => setIssuing(false)}
        />
      ) : null}
    </>
  );
}
