import type { ScenarioResult } from '../harness/scenario.js'
import { duration, integer, ROW_HEADER, rowCells } from './format.js'

/** A plain-text table with columns padded to their widest cell. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n')
}

const mark = (met: boolean): string => (met ? 'met' : 'MISSED')

/** One scenario as the console shows it: its table, then its checks. */
export function scenarioText(result: ScenarioResult): string {
  const title = `== ${result.title} (${result.seconds.toFixed(1)} s)`
  if (result.skipped !== undefined) return `${title}\n   skipped: ${result.skipped}\n`
  const parts = [title]
  if (result.rows.length > 0)
    parts.push(
      textTable(
        ROW_HEADER,
        result.rows.map((row) => rowCells(row, mark)),
      ),
    )
  for (const series of result.scaling ?? []) {
    const cells = series.points.map((point) => [
      integer(point.size),
      integer(point.measurement.work / Math.max(point.measurement.seconds, 1e-9)),
      duration(point.measurement.latency.percentile(0.5)),
      duration(point.measurement.latency.percentile(0.99)),
    ])
    parts.push(`${series.store} ${series.operation}:\n${textTable(['line size', 'ops/s', 'p50', 'p99'], cells)}`)
  }
  for (const note of result.notes) parts.push(`note: ${note}`)
  for (const check of result.checks) parts.push(`${check.held ? ' ok ' : 'FAIL'} ${check.name} (${check.detail})`)
  return `${parts.join('\n')}\n`
}
