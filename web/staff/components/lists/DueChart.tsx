/**
 * Due dates of my organ's queue over the next 14 days, as bars: where the work piles up. ECharts
 * imported piece by piece (core + bar + grid/tooltip + SVG renderer) and loaded lazily, so the
 * dashboard's counts never wait for it.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

export default function DueChart({ days }: { days: { date: string; count: number }[] }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      grid: { left: 32, right: 8, top: 16, bottom: 44 },
      tooltip: { trigger: 'axis', formatter: ([p]: { name: string; value: number }[]) => (p ? `${p.name}：${p.value} 件到期` : '') },
      xAxis: {
        type: 'category', data: days.map((d) => d.date), axisTick: { alignWithLabel: true },
        axisLabel: { color: '#333', interval: 0, fontSize: 11, lineHeight: 15, formatter: (date: string) => `${Number(date.slice(8))}日\n周${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}` },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#333' } },
      series: [{
        type: 'bar', barMaxWidth: 24, data: days.map((d, i) => ({ value: d.count, itemStyle: { color: i <= 3 ? '#ad4e00' : '#0958d9' } })),
        label: { show: true, position: 'top', color: '#333', formatter: (p: { value: number }) => (p.value ? String(p.value) : '') },
      }],
    });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [days]);
  const total = days.reduce((a, d) => a + d.count, 0);
  // The chart is a picture; the sentence carries the same facts for screen readers.
  return (
    <figure style={{ margin: 0 }}>
      <div ref={el} style={{ height: 220 }} aria-hidden="true" />
      <figcaption className="sr-only">未来14天共有 {total} 件到期：{days.filter((d) => d.count).map((d) => `${d.date} ${d.count}件`).join('，') || '无'}</figcaption>
    </figure>
  );
}
