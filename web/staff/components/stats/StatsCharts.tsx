/**
 * The statistics page's charts, a lazy chunk of their own so the numbers never wait for ECharts
 * (imported piece by piece: bars, lines, grid, tooltip, legend, SVG renderer): 访降网升 (来访 bars
 * and the online share as a line, month by month), registrations by channel and by category, and
 * the subordinates' 按期办结率. Each chart is a picture; its figcaption says the same in words.
 * Colours keep 3:1 against white (WCAG 1.4.11), text 4.5:1.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { Card, Col, Empty, Row } from 'antd';
import { useEffect, useMemo, useRef } from 'react';
import { percent } from './period';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const BLUE = '#0958d9';
const ORANGE = '#ad4e00';
const GREEN = '#237804';
const TEXT = '#333';

export interface MonthPoint { month: string; registered: number; visits: number; online: number | null }
export interface NamedCount { name: string; registered: number }
export interface OrganRate { name: string; value: number | null }

type Option = Parameters<echarts.ECharts['setOption']>[0];

function Chart({ option, height, caption }: { option: Option; height: number; caption: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const onResize = () => chart.resize();
    // Printing lays the page out anew (one chart a row, the sheet's width): redraw to fit it.
    const print = window.matchMedia('print');
    window.addEventListener('resize', onResize);
    window.addEventListener('beforeprint', onResize);
    window.addEventListener('afterprint', onResize);
    print.addEventListener('change', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      window.removeEventListener('beforeprint', onResize);
      window.removeEventListener('afterprint', onResize);
      print.removeEventListener('change', onResize);
      chart.dispose();
    };
  }, [option]);
  return (
    <figure className="stats-figure">
      <div ref={el} style={{ height }} aria-hidden="true" />
      <figcaption className="sr-only">{caption}</figcaption>
    </figure>
  );
}

const axisLabel = { color: TEXT };
const monthLabel = (m: string) => `${Number(m.slice(5))}月`;

function trendOption(months: MonthPoint[]): Option {
  return {
    grid: { left: 8, right: 8, top: 52, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: TEXT } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel: { ...axisLabel, hideOverlap: true, formatter: (m: string) => (m.endsWith('-01') ? `${m.slice(0, 4)}年1月` : monthLabel(m)) } },
    yAxis: [
      { type: 'value', name: '件', minInterval: 1, axisLabel, nameTextStyle: { color: TEXT } },
      { type: 'value', name: '占比', min: 0, max: 100, axisLabel: { ...axisLabel, formatter: '{value}%' }, nameTextStyle: { color: TEXT }, splitLine: { show: false } },
    ],
    series: [
      { name: '登记', type: 'bar', barMaxWidth: 18, itemStyle: { color: BLUE }, data: months.map((m) => m.registered) },
      { name: '来访', type: 'bar', barMaxWidth: 18, itemStyle: { color: ORANGE }, data: months.map((m) => m.visits) },
      {
        name: '网上信访占比', type: 'line', yAxisIndex: 1, itemStyle: { color: GREEN }, lineStyle: { width: 2 }, symbol: 'circle', symbolSize: 6,
        data: months.map((m) => (m.online === null ? null : Math.round(m.online * 10000) / 100)),
        tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—') },
      },
    ],
  };
}

function barsOption(rows: { name: string; value: number | null }[], opts: { color: string; percent?: boolean }): Option {
  const shown = [...rows].reverse(); // the largest at the top of a horizontal bar chart
  const fmt = (v: number | null) => (v === null ? '—' : opts.percent ? `${(v * 100).toFixed(2)}%` : String(v));
  return {
    grid: { left: 8, right: 64, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => fmt(typeof v === 'number' ? (opts.percent ? v / 100 : v) : null) },
    xAxis: {
      type: 'value', minInterval: opts.percent ? undefined : 1, max: opts.percent ? 100 : undefined,
      axisLabel: { ...axisLabel, hideOverlap: true, formatter: opts.percent ? '{value}%' : '{value}' },
    },
    yAxis: { type: 'category', data: shown.map((r) => r.name), axisLabel: { ...axisLabel, width: 110, overflow: 'truncate' } },
    series: [{
      type: 'bar', barMaxWidth: 16, itemStyle: { color: opts.color },
      data: shown.map((r) => (r.value === null ? null : opts.percent ? Math.round(r.value * 10000) / 100 : r.value)),
      label: { show: true, position: 'right', color: TEXT, formatter: (p: { dataIndex: number }) => fmt(shown[p.dataIndex]?.value ?? null) },
    }],
  };
}

const words = (rows: NamedCount[]) => rows.map((r) => `${r.name}${r.registered}件`).join('，') || '无';
const h = (text: string) => <h2 className="card-h">{text}</h2>;
const barHeight = (n: number) => Math.max(160, 28 * n + 24);

export default function StatsCharts({ months, channels, categories, regions, organs, period }: {
  months: MonthPoint[] | undefined; channels: NamedCount[] | undefined; categories: NamedCount[] | undefined; regions: NamedCount[] | undefined;
  organs: OrganRate[]; period: string;
}) {
  const trend = useMemo(() => (months ? trendOption(months) : null), [months]);
  // A ranking: the highest rate first, organs with nothing due last.
  const ranked = useMemo(() => [...organs].sort((a, b) => (b.value ?? -1) - (a.value ?? -1)), [organs]);
  const organBars = useMemo(() => barsOption(ranked, { color: GREEN, percent: true }), [ranked]);
  const channelBars = useMemo(() => barsOption((channels ?? []).map((c) => ({ name: c.name, value: c.registered })), { color: BLUE }), [channels]);
  const categoryBars = useMemo(() => barsOption((categories ?? []).map((c) => ({ name: c.name, value: c.registered })), { color: ORANGE }), [categories]);
  const regionBars = useMemo(() => barsOption((regions ?? []).map((c) => ({ name: c.name, value: c.registered })), { color: BLUE }), [regions]);
  const trendCaption = months
    ? `近12个月逐月登记、来访件数和网上信访占比：${months.map((m) => `${m.month} 登记${m.registered}件、来访${m.visits}件、网上信访占比${percent(m.online)}`).join('；')}`
    : '';
  return (
    <Row gutter={[12, 12]} className="stats-charts">
      <Col xs={24} xl={12}>
        <Card size="small" title={h('访降网升：近12个月登记、来访与网上信访占比')} className="dash-card">
          {trend ? <Chart option={trend} height={260} caption={trendCaption} /> : <Empty />}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={h('下级机关按期办结率')} className="dash-card">
          {organs.length === 0 ? <Empty description="无下级机关" /> : (
            <Chart option={organBars} height={barHeight(organs.length)}
              caption={`${period}各下级机关按期办结率（由高到低）：${ranked.map((o) => `${o.name}${percent(o.value)}`).join('，')}`} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={h('按信访形式分布（登记件数）')} className="dash-card">
          {!channels?.length ? <Empty description="无登记" /> : (
            <Chart option={channelBars} height={barHeight(channels.length)}
              caption={`${period}按信访形式登记：${words(channels)}`} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={h('按内容分类分布（登记件数）')} className="dash-card">
          {!categories?.length ? <Empty description="无登记" /> : (
            <Chart option={categoryBars} height={barHeight(categories.length)}
              caption={`${period}按内容分类登记：${words(categories)}`} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={h('按问题发生地分布（登记件数）')} className="dash-card">
          {!regions?.length ? <Empty description="无登记" /> : (
            <Chart option={regionBars} height={barHeight(regions.length)}
              caption={`${period}按问题发生地（下一级行政区划）登记：${words(regions)}`} />
          )}
        </Card>
      </Col>
    </Row>
  );
}
