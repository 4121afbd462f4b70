import { LatencyHistogram } from './latency-histogram.js'

/** Latencies of the calls of one workload, in milliseconds. */
export interface Latencies {
  readonly count: number
  readonly maxMs: number
  /** Smallest latency the source can tell apart (autocannon counts whole milliseconds); 0 when exact. */
  readonly resolutionMs?: number
  /** The latency under which `fraction` of the calls completed. */
  percentile(fraction: number): number
}

/** What one measured workload did: calls, the work they completed, errors by type, latencies. */
export interface Measurement {
  /** Calls completed (successful or not). */
  readonly calls: number
  /** Units of work done by the successful calls: one per call, or e.g. tokens admitted per tick. */
  readonly work: number
  /** What `work` counts, for the tables: `ops`, `tokens`, `flows`... */
  readonly unit: string
  readonly seconds: number
  /** Failed calls by error type. */
  readonly errors: Readonly<Record<string, number>>
  readonly latency: Latencies
}

export const throughput = (m: Measurement): number => (m.seconds > 0 ? m.work / m.seconds : 0)

export const errorCount = (m: Measurement): number => Object.values(m.errors).reduce((sum, n) => sum + n, 0)

/** Adds several runs of one workload (alternating rounds) into one measurement. */
export function mergeMeasurements(runs: readonly Measurement[]): Measurement {
  const latency = new LatencyHistogram()
  const errors: Record<string, number> = {}
  let calls = 0
  let work = 0
  let seconds = 0
  for (const run of runs) {
    if (!(run.latency instanceof LatencyHistogram)) throw new TypeError('only timed runs can be merged')
    latency.merge(run.latency)
    calls += run.calls
    work += run.work
    seconds += run.seconds
    for (const [type, n] of Object.entries(run.errors)) errors[type] = (errors[type] ?? 0) + n
  }
  return { calls, work, unit: runs[0]?.unit ?? 'ops', seconds, errors, latency }
}
