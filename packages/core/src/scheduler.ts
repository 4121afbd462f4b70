import type { BoxOffice } from './box-office.js'
import type { BoxOfficeError } from './errors.js'
import type { AdmitReport } from './ports.js'

export interface SchedulerOptions {
  /** Time between the end of one tick and the start of the next. */
  readonly intervalMs: number
  /** Called with every error a tick meets (the tick goes on with the next concert). */
  readonly onError?: (error: BoxOfficeError) => void
  /** Called after every tick with what it did. */
  readonly onTick?: (report: TickReport) => void
}

export interface TickReport {
  readonly admits: readonly AdmitReport[]
  readonly expiredHolds: number
}

export interface Scheduler {
  start(): void
  /** Stops the timer and waits for the tick in flight, if any. */
  stop(): Promise<void>
  /** Runs one tick now (not overlapping a running one) and answers what it did. */
  tick(): Promise<TickReport>
}

/**
 * Runs `queue.admit` for every concert with people in line and `holds.expire`
 * on a timer. Every store makes these ticks safe to run from many processes
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
  const report = (error: BoxOfficeError): void => options.onError?.(error)
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  let inFlight: Promise<TickReport> | undefined

  const runTick = async (): Promise<TickReport> => {
    const admits: AdmitReport[] = []
    const failed =
      <T>(fallback: T) =>
      (error: BoxOfficeError): T => {
        report(error)
        return fallback
      }
    const concerts = await box.queue.concerts().match((ids) => ids, failed<readonly string[]>([]))
    for (const concertId of concerts) {
      await box.queue.admit({ concertId }).match((admitted) => {
        admits.push(admitted)
      }, failed(undefined))
    }
    const expiredHolds = await box.holds.expire().match((count) => count, failed(0))
    const result = { admits, expiredHolds }
    options.onTick?.(result)
    return result
  }

  const tick = (): Promise<TickReport> => {
    inFlight ??= runTick().finally(() => {
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
