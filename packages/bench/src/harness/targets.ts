import { throughput, type Measurement } from './measurement.js'
import type { Target } from './scenario.js'

const count = (n: number): string => Math.round(n).toLocaleString('en-US')

/** Library throughput over raw throughput; 0 when the baseline did nothing. */
export function ratioOf(library: Measurement, raw: Measurement): number {
  const base = throughput(raw)
  return base > 0 ? throughput(library) / base : 0
}

export const ratioAtLeast = (ratio: number, min: number): Target => ({
  text: `>= ${Math.round(min * 100)}% of raw`,
  reached: `${Math.round(ratio * 100)}% of raw`,
  met: ratio >= min,
})

/** The library's ratio to a named baseline other than the raw replay of its own SQL. */
export const ratioOfAtLeast = (ratio: number, min: number, baseline: string): Target => ({
  text: `>= ${Math.round(min * 100)}% of ${baseline}`,
  reached: `${Math.round(ratio * 100)}% of ${baseline}`,
  met: ratio >= min,
})

export const rateAtLeast = (m: Measurement, min: number): Target => ({
  text: `>= ${count(min)} ${m.unit}/s`,
  reached: `${count(throughput(m))} ${m.unit}/s`,
  met: throughput(m) >= min,
})

export const p99Below = (m: Measurement, maxMs: number): Target => {
  const p99 = m.latency.percentile(0.99)
  return {
    text: `p99 < ${maxMs} ms`,
    reached: `p99 ${p99 < 10 ? p99.toFixed(1) : Math.round(p99)} ms`,
    met: p99 < maxMs,
  }
}
