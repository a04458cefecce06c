import type { BenchmarkStatus } from '@/api/benchmarks'

export const statusTagType = (s: BenchmarkStatus | undefined) =>
  (({ queued: 'info', running: 'primary', succeeded: 'success', failed: 'danger', cancelled: 'warning' }) as const)[s ?? 'queued'] ?? 'info'
