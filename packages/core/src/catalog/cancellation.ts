import { err, ok, type Result } from 'neverthrow'
import { scheduleNotFound, type ScheduleNotFound } from '../errors.js'
import type { Schedule } from './catalog.js'

/** What one `cancelSchedule` call did. */
export interface CancelReport {
  readonly scheduleId: string
  /** Live holds this call released. */
  readonly released: number
  /** Payments this call refunded (at most its `limit`). */
  readonly refunded: number
  /** Payments of the schedule still to refund after this call: 0 when the cancellation is done. */
  readonly remaining: number
}

/**
 * SCHEDULED -> CANCELLED; an already cancelled schedule stays as it is (a
 * cancellation is repeated until nothing remains). The store applies it with
 * the rest of one cancellation step: every live HELD hold of the schedule
 * RELEASED (`releaseHold`, by its owner's right), then at most `limit` of its
 * unrefunded payments refunded (`decideRefund` by the operator), all in one
 * atomic step.
 */
export function cancelSchedule(schedule: Schedule | undefined, scheduleId: string): Result<Schedule, ScheduleNotFound> {
  if (schedule === undefined) return err(scheduleNotFound(scheduleId))
  if (schedule.status === 'CANCELLED') return ok(schedule)
  return ok({
    scheduleId: schedule.scheduleId,
    concertId: schedule.concertId,
    startsAt: schedule.startsAt,
    seatCount: schedule.seatCount,
    status: 'CANCELLED',
  })
}
