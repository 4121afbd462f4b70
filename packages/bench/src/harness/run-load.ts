import { LatencyHistogram } from './latency-histogram.js'
import type { Measurement } from './measurement.js'
import type { Progress } from './progress.js'

/** What a call achieved: the units of work it did, or the type of the error it met. */
export type Outcome = number | string

export interface LoadOptions<T> {
  /** Calls in flight at once (closed loop: each worker starts its next call when the last one ends). */
  readonly concurrency: number
  /** No call starts after this long. */
  readonly durationMs: number
  /** No more than this many calls in all (default: unbounded, the duration decides). */
  readonly maxCalls?: number
  /** The measured call; `index` counts calls of this run from 0. */
  readonly call: (index: number) => PromiseLike<T>
  /** Reads a call's answer. */
  readonly judge: (answer: T) => Outcome
  readonly unit?: string
  readonly progress?: Progress
}

/** Every library call answers a Result: a success is one unit of work, an error counts by its type. */
export const judgeResult = (answer: {
  isOk(): boolean
  readonly error?: { readonly type: string } | undefined
}): Outcome => (answer.isOk() ? 1 : (answer.error?.type ?? 'UnknownError'))

/** A raw driver call that resolved did its work; one that rejected is counted by the catch. */
export const judgeResolved = (): Outcome => 1

// Calls that settle without I/O (the memory stores) chain through microtasks
// only; yielding now and then lets timers (the progress line) and sockets run.
const YIELD_EVERY = 1024
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * Runs `call` from `concurrency` workers until the duration or the call budget
 * is spent, timing every call. Failures never stop the run: they are counted.
 */
export async function runLoad<T>(options: LoadOptions<T>): Promise<Measurement> {
  const latency = new LatencyHistogram()
  const errors: Record<string, number> = {}
  const maxCalls = options.maxCalls ?? Number.POSITIVE_INFINITY
  let started = 0
  let work = 0
  let stopped = false
  const begin = performance.now()
  const deadline = begin + options.durationMs
  options.progress?.track(() => latency.count)

  const worker = async (): Promise<void> => {
    let sinceYield = 0
    while (!stopped && started < maxCalls) {
      const index = started++
      const t0 = performance.now()
      let answer: T | undefined
      let thrown: unknown
      let failed = false
      try {
        answer = await options.call(index)
      } catch (error) {
        thrown = error
        failed = true
      }
      const t1 = performance.now()
      latency.record(t1 - t0)
      const outcome: Outcome = failed
        ? `Thrown: ${thrown instanceof Error ? thrown.message.slice(0, 80) : String(thrown)}`
        : options.judge(answer as T)
      if (typeof outcome === 'number') work += outcome
      else errors[outcome] = (errors[outcome] ?? 0) + 1
      if (t1 >= deadline) stopped = true
      if (++sinceYield === YIELD_EVERY) {
        sinceYield = 0
        await yieldToEventLoop()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker))
  const seconds = (performance.now() - begin) / 1000
  options.progress?.track(undefined)
  return { calls: latency.count, work, unit: options.unit ?? 'ops', seconds, errors, latency }
}
