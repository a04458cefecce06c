/** The per-day calls/errors line of the run statistics, as an ECharts option. */
import type { EChartsOption } from 'echarts'
import type { AppStats } from '@/api/agent'

export function statsSeries(stats: AppStats | null): { day: string; calls: number; errors: number }[] {
  return [...(stats?.days ?? stats?.series ?? [])].sort((a, b) => a.day.localeCompare(b.day))
}

export function statsOption(stats: AppStats | null, labels: { calls: string; errors: string }): EChartsOption {
  const days = statsSeries(stats)
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [labels.calls, labels.errors], top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.day) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.calls, type: 'line', smooth: true, data: days.map((d) => d.calls), itemStyle: { color: '#2f7cf6' }, areaStyle: { opacity: 0.08 } },
      { name: labels.errors, type: 'line', smooth: true, data: days.map((d) => d.errors), itemStyle: { color: '#e5484d' } },
    ],
  }
}
