import type { BenchSizes } from '../bench-sizes.js'
import type { Measurement } from './measurement.js'
import type { Progress } from './progress.js'

/** A goal from the benchmark's brief, checked against a row. */
export interface Target {
  /** As printed: `>= 60% of raw`, `>= 500,000/s`, `p99 < 100 ms`. */
  readonly text: string
  /** What the run reached, in the target's terms: `47% of raw`, `182,368 ops/s`, `p99 12.8 ms`. */
  readonly reached: string
  readonly met: boolean
}

/** One line of a scenario's table. */
export interface ResultRow {
  readonly name: string
  readonly measurement: Measurement
  /** Library throughput over the raw baseline's, measured in the same run. */
  readonly ratio?: number
  readonly targets?: readonly Target[]
  /** Error types this workload produces by design (the losers of a hot-seat race). */
  readonly expectedErrors?: readonly string[]
}

/** An invariant looked at after the workload. */
export interface Check {
  readonly name: string
  readonly held: boolean
  readonly detail: string
}

/** One point of a scaling series: the cost of a call with the waiting line at `size`. */
export interface ScalingPoint {
  readonly size: number
  readonly measurement: Measurement
}

export interface ScalingSeries {
  readonly store: string
  readonly operation: string
  readonly points: readonly ScalingPoint[]
}

export interface ScenarioResult {
  readonly id: string
  readonly title: string
  /** Why the scenario did not run; then it has no rows. */
  readonly skipped?: string
  readonly rows: readonly ResultRow[]
  readonly checks: readonly Check[]
  readonly notes: readonly string[]
  readonly scaling?: readonly ScalingSeries[]
  readonly seconds: number
}

export interface BenchContext {
  readonly quick: boolean
  readonly sizes: BenchSizes
  readonly progress: Progress
  /** Unique per run: names schemas, key prefixes and users, so runs never collide. */
  readonly runId: string
}

export interface Scenario {
  readonly id: string
  readonly title: string
  run(context: BenchContext, record: ScenarioRecorder): Promise<void>
}

/** Collects what a scenario measured and checked; a thrown error ends the scenario as failed. */
export class ScenarioRecorder {
  readonly rows: ResultRow[] = []
  readonly checks: Check[] = []
  readonly notes: string[] = []
  readonly scaling: ScalingSeries[] = []
  skipped: string | undefined

  row(row: ResultRow): void {
    this.rows.push(row)
    const unexpected = Object.entries(row.measurement.errors).filter(
      ([type]) => !(row.expectedErrors ?? []).includes(type),
    )
    this.check(
      `${row.name}: no unexpected errors`,
      unexpected.length === 0,
      unexpected.length === 0
        ? `${row.measurement.calls.toLocaleString('en-US')} calls`
        : unexpected.map(([type, n]) => `${type} x${n}`).join(', '),
    )
  }

  check(name: string, held: boolean, detail: string): void {
    this.checks.push({ name, held, detail })
  }

  note(text: string): void {
    this.notes.push(text)
  }

  skip(reason: string): void {
    this.skipped = reason
  }
}
