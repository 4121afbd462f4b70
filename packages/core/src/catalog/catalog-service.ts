import { ok, okAsync, type ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import type { ConcertNotFound, SaleAlreadyOpen, ScheduleNotFound, StoreError, ValidationFailed } from '../errors.js'
import type { CancelReport } from './cancellation.js'
import type { LineSettings } from '../queue/sale-line.js'
import { parseInput } from '../validation.js'
import type { Concert, Schedule, ScheduleAvailability, SeatMap, SeatSpec } from './catalog.js'
import {
  addScheduleInput,
  cancelScheduleInput,
  concertInput,
  createConcertInput,
  scheduleInput,
  scheduleSaleInput,
} from './schema.js'
import type {
  AddScheduleInput,
  CancelScheduleInput,
  ConcertInput,
  CreateConcertInput,
  ScheduleInput,
  ScheduleSaleInput,
} from './schema.js'

/** `box.catalog`: what is on sale. */
export interface CatalogApi {
  /**
   * A concert, on sale at once, or from `salesOpenAt` (people who come
   * earlier gather PRE_QUEUED and are shuffled into line at the opening)
   * until `salesCloseAt`. The window lives in the queue store; see `scheduleSale`.
   *
   * @example
   * ```ts
   * const concert = await box.catalog.createConcert({ title: 'Spring Gala' })
   * const gala = await box.catalog.createConcert({ title: 'Gala', salesOpenAt: '2030-05-01T10:00:00Z' })
   * ```
   */
  createConcert(input: CreateConcertInput): ResultAsync<Concert, ValidationFailed | SaleAlreadyOpen | StoreError>
  /**
   * Sets or moves the concert's sale window while its line has not opened;
   * afterwards only `salesCloseAt` may change (`SaleAlreadyOpen`).
   *
   * @example
   * ```ts
   * await box.catalog.scheduleSale({ concertId, salesOpenAt: '2030-05-01T10:00:00Z', salesCloseAt: '2030-05-02T10:00:00Z' })
   * ```
   */
  scheduleSale(
    input: ScheduleSaleInput,
  ): ResultAsync<LineSettings, ValidationFailed | ConcertNotFound | SaleAlreadyOpen | StoreError>
  /**
   * Every concert, oldest first.
   *
   * @example
   * ```ts
   * const concerts = await box.catalog.listConcerts()
   * ```
   */
  listConcerts(): ResultAsync<readonly Concert[], StoreError>
  /**
   * Adds a date with seats 1..N at one price, or with listed seats and prices.
   *
   * @example
   * ```ts
   * await box.catalog.addSchedule({ concertId, startsAt: '2030-05-01T19:00:00Z', seats: 50, price: 80_000 })
   * await box.catalog.addSchedule({ concertId, startsAt: new Date(), seats: [{ seatNo: 1, price: 150_000 }] })
   * ```
   */
  addSchedule(input: AddScheduleInput): ResultAsync<Schedule, ValidationFailed | ConcertNotFound | StoreError>
  /**
   * The concert's dates with their available seat counts.
   *
   * @example
   * ```ts
   * const dates = await box.catalog.listDates({ concertId })
   * ```
   */
  listDates(
    input: ConcertInput,
  ): ResultAsync<readonly ScheduleAvailability[], ValidationFailed | ConcertNotFound | StoreError>
  /**
   * The schedule's seats with their status now.
   *
   * @example
   * ```ts
   * const { seats } = (await box.catalog.listSeats({ scheduleId }))._unsafeUnwrap()
   * ```
   */
  listSeats(input: ScheduleInput): ResultAsync<SeatMap, ValidationFailed | ScheduleNotFound | StoreError>
  /**
   * The organiser cancels a date: it becomes CANCELLED (new holds answer
   * ScheduleCancelled), its live holds are released, and its payments are
   * refunded, at most `limit` per call (default `refund.cancelBatch`). Call
   * again until `remaining` is 0, or let the scheduler finish it; safe to
   * repeat and to run from many processes at once (no payment is refunded twice).
   *
   * @example
   * ```ts
   * let step = (await box.catalog.cancelSchedule({ scheduleId, limit: 1_000 }))._unsafeUnwrap()
   * while (step.remaining > 0) step = (await box.catalog.cancelSchedule({ scheduleId, limit: 1_000 }))._unsafeUnwrap()
   * ```
   */
  cancelSchedule(
    input: CancelScheduleInput,
  ): ResultAsync<CancelReport, ValidationFailed | ScheduleNotFound | StoreError>
  /**
   * Cancelled schedules with payments still to refund (at most 100): what the
   * scheduler finishes.
   *
   * @example
   * ```ts
   * const unfinished = await box.catalog.pendingCancellations()
   * ```
   */
  pendingCancellations(): ResultAsync<readonly string[], StoreError>
}

function seatSpecs(input: { seats: number; price: number } | { seats: readonly SeatSpec[] }): SeatSpec[] {
  if (typeof input.seats !== 'number') return [...input.seats].sort((a, b) => a.seatNo - b.seatNo)
  const price = (input as { price: number }).price
  return Array.from({ length: input.seats }, (_, i) => ({ seatNo: i + 1, price }))
}

export function createCatalogApi(ctx: BoxOfficeContext): CatalogApi {
  return {
    createConcert: (input) =>
      parseInput(createConcertInput, input).asyncAndThen(({ title, salesOpenAt, salesCloseAt }) =>
        ctx.booking
          .createConcert({ concert: { concertId: ctx.ids('concert'), title, createdAt: ctx.clock.now() } })
          .andThen((concert) =>
            salesOpenAt === undefined
              ? okAsync(concert)
              : ctx.queue
                  .scheduleSale({
                    concertId: concert.concertId,
                    window: { salesOpenAt, salesCloseAt: salesCloseAt ?? null },
                    now: ctx.clock.now(),
                  })
                  .andThen(() => ok(concert)),
          ),
      ),
    scheduleSale: (input) =>
      parseInput(scheduleSaleInput, input).asyncAndThen(({ concertId, salesOpenAt, salesCloseAt }) =>
        // the booking store has no single-concert read: its dates answer ConcertNotFound for an unknown concert
        ctx.booking
          .listDates({ concertId, now: ctx.clock.now() })
          .andThen(() =>
            ctx.queue.scheduleSale({ concertId, window: { salesOpenAt, salesCloseAt }, now: ctx.clock.now() }),
          ),
      ),
    listConcerts: () => ctx.booking.listConcerts(),
    addSchedule: (input) =>
      parseInput(addScheduleInput, input).asyncAndThen((parsed) => {
        const seats = seatSpecs(parsed)
        const schedule: Schedule = {
          scheduleId: ctx.ids('schedule'),
          concertId: parsed.concertId,
          startsAt: parsed.startsAt,
          seatCount: seats.length,
          status: 'SCHEDULED',
        }
        return ctx.booking.addSchedule({ schedule, seats })
      }),
    listDates: (input) =>
      parseInput(concertInput, input).asyncAndThen(({ concertId }) =>
        ctx.booking.listDates({ concertId, now: ctx.clock.now() }),
      ),
    pendingCancellations: () => ctx.booking.pendingCancellations({ limit: 100 }),
    cancelSchedule: (input) =>
      parseInput(cancelScheduleInput, input).asyncAndThen(({ scheduleId, limit }) =>
        ctx.booking.cancelSchedule({
          scheduleId,
          limit: limit ?? ctx.policy.refund.cancelBatch,
          now: ctx.clock.now(),
        }),
      ),
    listSeats: (input) =>
      parseInput(scheduleInput, input).asyncAndThen(({ scheduleId }) =>
        ctx.booking.listSeats({ scheduleId, now: ctx.clock.now() }),
      ),
  }
}
