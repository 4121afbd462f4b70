import type { BoxOffice } from './box-office.js'
import type { BoxOfficeError } from './errors.js'
import type { Instrumentation } from './observe/instrumentation.js'
import { failureDetails, type Logger } from './observe/logger.js'
import { observedTick, summarizeTick } from './observe/observed-tick.js'
import type { AdmitReport } from './ports.js'

/** How often `createScheduler` ticks, and who hears about each tick. */
export interface SchedulerOptions {
  /** Time between the end of one tick and the start of the next. */
  readonly intervalMs: number
  /** Called with every error a tick meets (the tick goes on with the next concert). */
  readonly onError?: (error: BoxOfficeError) => void
  /** Called after every tick with what it did. */
  readonly onTick?: (report: TickReport) => void
  /** Logs each tick (debug) and each failure in it (warn); silent by default. */
  readonly logger?: Logger
  /** Its `tick` wrapper runs around every tick (a span that holds the tick's calls). */
  readonly instrumentation?: Instrumentation
}

/** What one scheduler tick did. */
export interface TickReport {
  readonly admits: readonly AdmitReport[]
  readonly expiredHolds: number
  /** Payments of cancelled schedules refunded by this tick (at most `refund.cancelBatch` per schedule). */
  readonly cancelRefunds: number
}

/** The timer that runs admit and expire ticks (see {@link createScheduler}). */
export interface Scheduler {
  /** Starts ticking every `intervalMs`; a no-op when already started. */
  start(): void
  /** Stops the timer and waits for the tick in flight, if any. */
  stop(): Promise<void>
  /** Runs one tick now (not overlapping a running one) and answers what it did. */
  tick(): Promise<TickReport>
}

/** Most cancelled schedules one tick works on. */
const CANCELLATIONS_PER_TICK = 10

/**
 * Runs `queue.admit` for every concert with people in line and `holds.expire`
 * on a timer, and finishes started cancellations (`catalog.cancelSchedule`
 * again, `refund.cancelBatch` payments per schedule per tick). Every store makes these ticks safe to run from many processes
 * at once, so each app process may run its own scheduler.
 *
 * @example
 * ```ts
 * const scheduler = createScheduler(box, { intervalMs: 1_000, onError: (e) => log.warn(e) })
 * scheduler.start()
 * process.on('SIGTERM', () => void scheduler.stop())
 * ```
 */
export function createScheduler(box: BoxOffice, options: SchedulerOptions): Scheduler {
  if (!Number.isInteger(options.intervalMs) || options.intervalMs < 1) {
    throw new TypeError('createScheduler: intervalMs must be a positive integer')
  }
  const { logger } = options
  const report = (call: string, error: BoxOfficeError): void => {
    logger?.warn(failureDetails(call, error), `scheduler tick: ${call} failed: ${error.message}`)
    options.onError?.(error)
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let inFlight: Promise<TickReport> | undefined

  // A bounded batch per cancelled schedule per tick: a tick stays short however large the date.
  const finishCancellations = async (
    failed: <T>(call: string, fallback: T) => (error: BoxOfficeError) => T,
  ): Promise<number> => {
    const pending = await box.catalog
      .pendingCancellations()
      .match((ids) => ids, failed<readonly string[]>('catalog.pendingCancellations', []))
    let refunded = 0
    for (const scheduleId of pending.slice(0, CANCELLATIONS_PER_TICK)) {
      refunded += await box.catalog
        .cancelSchedule({ scheduleId, limit: box.policy.refund.cancelBatch })
        .match((step) => step.refunded, failed('catalog.cancelSchedule', 0))
    }
    return refunded
  }

  const runTick = async (): Promise<TickReport> => {
    const admits: AdmitReport[] = []
    const started = performance.now()
    const failed =
      <T>(call: string, fallback: T) =>
      (error: BoxOfficeError): T => {
        report(call, error)
        return fallback
      }
    const concerts = await box.queue.concerts().match((ids) => ids, failed<readonly string[]>('queue.concerts', []))
    for (const concertId of concerts) {
      await box.queue.admit({ concertId }).match(
        (admitted) => {
          admits.push(admitted)
        },
        failed('queue.admit', undefined),
      )
    }
    const expiredHolds = await box.holds.expire().match((count) => count, failed('holds.expire', 0))
    const cancelRefunds = await finishCancellations(failed)
    const result = { admits, expiredHolds, cancelRefunds }
    logger?.debug(summarizeTick(result, performance.now() - started), 'scheduler tick')
    options.onTick?.(result)
    return result
  }

  const tick = (): Promise<TickReport> => {
    inFlight ??= observedTick(options.instrumentation, runTick).finally(() => {
      inFlight = undefined
    })
    return inFlight
  }

  const loop = (): void => {
    timer = setTimeout(() => {
      void tick().finally(() => {
        if (running) loop()
      })
    }, options.intervalMs)
    timer.unref?.()
  }

  return {
    start: () => {
      if (running) return
      running = true
      loop()
    },
    stop: async () => {
      running = false
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      if (inFlight !== undefined) await inFlight
    },
    tick,
  }
}
