import { FunnelChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';
import type { Funnel } from '../../api/coupons';
import { formatCents } from '../../components/money';

// Only the chart kinds used here, so the page does not carry all of ECharts.
echarts.use([FunnelChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLOURS = ['#1677ff', '#13c2c2', '#52c41a', '#fa8c16'];

/** Issued → claimed → redeemed as a funnel; claimed only where claiming is how coupons go out. */
export function FunnelChartView({ funnel, withClaimed }: { funnel: Funnel; withClaimed: boolean }) {
  const { t } = useTranslation();
  const stages = [
    { name: t('loyalty.coupons.funnelStages.issued'), value: funnel.issued },
    ...(withClaimed ? [{ name: t('loyalty.coupons.funnelStages.claimed'), value: funnel.claimed }] : []),
    { name: t('loyalty.coupons.funnelStages.redeemed'), value: funnel.redeemed },
  ];
  const top = Math.max(1, funnel.issued);
  const option = {
    color: COLOURS,
    tooltip: { trigger: 'item', formatter: '{b}: {c}' },
    series: [
      {
        type: 'funnel',
        left: '5%',
        width: '90%',
        top: 8,
        bottom: 8,
        min: 0,
        max: top,
        minSize: '12%',
        sort: 'none',
        gap: 4,
        label: { show: true, position: 'inside', formatter: '{b}\n{c}', color: '#fff', fontSize: 13 },
        labelLine: { show: false },
        data: stages,
      },
    ],
  };
  return (
    <div data-testid="funnel-chart">
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260, width: '100%' }} notMerge />
    </div>
  );
}

/** Per day: issued, claimed and redeemed coupons, and the sales the redemptions drove. */
export function FunnelSeriesChart({ funnel, currency }: { funnel: Funnel; currency: string }) {
  const { t } = useTranslation();
  const days = funnel.series.map((d) => d.day.slice(5));
  const option = {
    color: COLOURS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: days, boundaryGap: false },
    yAxis: [
      { type: 'value', minInterval: 1 },
      {
        type: 'value',
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => formatCents(v * 100, currency).replace(/\.00$/, '') },
      },
    ],
    series: [
      {
        name: t('loyalty.coupons.issued'),
        type: 'line',
        smooth: true,
        data: funnel.series.map((d) => d.issued),
      },
      {
        name: t('loyalty.coupons.claimed'),
        type: 'line',
        smooth: true,
        data: funnel.series.map((d) => d.claimed),
      },
      {
        name: t('loyalty.coupons.redeemed'),
        type: 'line',
        smooth: true,
        data: funnel.series.map((d) => d.redeemed),
      },
      {
        name: t('loyalty.coupons.sales'),
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        areaStyle: { opacity: 0.08 },
        data: funnel.series.map((d) => d.salesCents / 100),
      },
    ],
  };
  return (
    <div data-testid="funnel-series">
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 260, width: '100%' }} notMerge />
    </div>
  );
}
