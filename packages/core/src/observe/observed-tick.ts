import { ResultAsync } from 'neverthrow'
import type { TickReport } from '../scheduler.js'
import type { Instrumentation } from './instrumentation.js'

/** One tick, inside the instrumentation's `tick` wrapper when there is one. */
export function observedTick(
  instrumentation: Instrumentation | undefined,
  runTick: () => Promise<TickReport>,
): Promise<TickReport> {
  const wrap = instrumentation?.tick
  if (wrap === undefined) return runTick()
  // A tick never fails (each failure is reported and skipped), so the Result is always Ok.
  return wrap({ kind: 'tick', name: 'scheduler.tick', input: undefined }, () =>
    ResultAsync.fromSafePromise<TickReport, never>(runTick()),
  ).match(
    (report) => report,
    (never) => never,
  )
}

/** What a tick's debug line says: totals, not one entry per concert. */
export function summarizeTick(report: TickReport, durationMs: number): object {
  let admitted = 0
  let waiting = 0
  let active = 0
  for (const admit of report.admits) {
    admitted += admit.admitted
    waiting += admit.waiting
    active += admit.active
  }
  return {
    concerts: report.admits.length,
    admitted,
    waiting,
    active,
    expiredHolds: report.expiredHolds,
    durationMs: Math.round(durationMs * 10) / 10,
  }
}
