import type { ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import type { ConcertNotFound, ScheduleNotFound, StoreError, ValidationFailed } from '../errors.js'
import { parseInput } from '../validation.js'
import type { Concert, Schedule, ScheduleAvailability, SeatMap, SeatSpec } from './catalog.js'
import { addScheduleInput, concertInput, createConcertInput, scheduleInput } from './schema.js'
import type { AddScheduleInput, ConcertInput, CreateConcertInput, ScheduleInput } from './schema.js'

/** `box.catalog`: what is on sale. */
export interface CatalogApi {
  /**
   * @example
   * ```ts
   * const concert = await box.catalog.createConcert({ title: 'Spring Gala' })
   * ```
   */
  createConcert(input: CreateConcertInput): ResultAsync<Concert, ValidationFailed | StoreError>
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
}

function seatSpecs(input: { seats: number; price: number } | { seats: readonly SeatSpec[] }): SeatSpec[] {
  if (typeof input.seats !== 'number') return [...input.seats].sort((a, b) => a.seatNo - b.seatNo)
  const price = (input as { price: number }).price
  return Array.from({ length: input.seats }, (_, i) => ({ seatNo: i + 1, price }))
}

export function createCatalogApi(ctx: BoxOfficeContext): CatalogApi {
  return {
    createConcert: (input) =>
      parseInput(createConcertInput, input).asyncAndThen(({ title }) =>
        ctx.booking.createConcert({ concert: { concertId: ctx.ids('concert'), title, createdAt: ctx.clock.now() } }),
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
        }
        return ctx.booking.addSchedule({ schedule, seats })
      }),
    listDates: (input) =>
      parseInput(concertInput, input).asyncAndThen(({ concertId }) =>
        ctx.booking.listDates({ concertId, now: ctx.clock.now() }),
      ),
    listSeats: (input) =>
      parseInput(scheduleInput, input).asyncAndThen(({ scheduleId }) =>
        ctx.booking.listSeats({ scheduleId, now: ctx.clock.now() }),
      ),
  }
}
