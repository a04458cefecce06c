/** The query console's chart: the server's ECharts option when it sent one, else built from its chart spec. */
import type { EChartsOption } from 'echarts'
import { resultTable, type QueryResult } from '@/api/agentTools'

export function chartOption(result: Pick<QueryResult, 'chart' | 'columns' | 'rows'>): EChartsOption | null {
  const chart = result.chart
  if (!chart || chart.type === 'table') return null
  if (chart.option && Object.keys(chart.option).length) return chart.option as EChartsOption
  const { columns, rows } = resultTable(result)
  const xi = chart.x ? columns.indexOf(chart.x) : 0
  const ys = (chart.y?.length ? chart.y : columns.filter((_, i) => i !== xi)).filter((y) => columns.includes(y))
  if (xi < 0 || !ys.length) return null
  const x = rows.map((r) => String(r[xi] ?? ''))
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v))
  if (chart.type === 'pie') {
    const yi = columns.indexOf(ys[0])
    return {
      title: chart.title ? { text: chart.title, left: 'center', textStyle: { fontSize: 13 } } : undefined,
      tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: '65%', data: rows.map((r) => ({ name: String(r[xi] ?? ''), value: num(r[yi]) })) }],
    }
  }
  return {
    title: chart.title ? { text: chart.title, left: 'center', textStyle: { fontSize: 13 } } : undefined,
    tooltip: { trigger: 'axis' },
    legend: { data: ys, top: chart.title ? 24 : 0 },
    grid: { left: 48, right: 16, top: 48, bottom: 28 },
    xAxis: { type: 'category', data: x },
    yAxis: { type: 'value' },
    series: ys.map((y) => {
      const yi = columns.indexOf(y)
      return { name: y, type: chart.type as 'bar' | 'line', data: rows.map((r) => num(r[yi])) }
    }),
  }
}
