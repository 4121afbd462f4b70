import { errorCount, throughput, type Measurement } from '../harness/measurement.js'
import type { ResultRow } from '../harness/scenario.js'

export const integer = (n: number): string => Math.round(n).toLocaleString('en-US')

/** Milliseconds as a person reads them: microseconds below 1 ms. */
export function duration(ms: number): string {
  if (ms < 0.01) return `${(ms * 1000).toFixed(1)} µs`
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`
  if (ms < 100) return `${ms.toFixed(1)} ms`
  return `${ms.toFixed(0)} ms`
}

export const rate = (m: Measurement): string => `${integer(throughput(m))} ${m.unit}/s`

export const percent = (ratio: number): string => `${Math.round(ratio * 100)}%`

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`

/** A percentile, or `< 1 ms` where the source cannot tell (autocannon counts whole milliseconds). */
function percentileCell(m: Measurement, fraction: number): string {
  const value = m.latency.percentile(fraction)
  const resolution = m.latency.resolutionMs ?? 0
  return value < resolution ? `< ${resolution} ms` : duration(value)
}

/** The cells of a row, in table order: operation, throughput, p50, p99, library/raw, target, calls, errors. */
export function rowCells(row: ResultRow, mark: (met: boolean) => string): string[] {
  const m = row.measurement
  const errors = errorCount(m)
  const expected = (row.expectedErrors ?? []).length > 0 && errors > 0 ? ' (expected)' : ''
  return [
    row.name,
    rate(m),
    percentileCell(m, 0.5),
    percentileCell(m, 0.99),
    row.ratio === undefined ? '' : percent(row.ratio),
    (row.targets ?? []).map((target) => `${target.text} ${mark(target.met)}`).join('; '),
    integer(m.calls),
    errors === 0 ? '0' : `${integer(errors)}${expected}`,
  ]
}

export const ROW_HEADER = ['operation', 'throughput', 'p50', 'p99', 'library/raw', 'target', 'calls', 'errors'] as const
