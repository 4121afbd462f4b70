import * as z from 'zod/mini'
import { idSchema, MAX_SEATS_PER_SCHEDULE, pointsSchema, seatNoSchema, wholeNumber } from '../validation.js'
import type { SeatSpec } from './catalog.js'

/** Input of `box.catalog.createConcert`: a sale window is optional (without one, on sale at once, for good). */
export interface CreateConcertInput {
  readonly title: string
  readonly salesOpenAt?: Date | string | undefined
  readonly salesCloseAt?: Date | string | undefined
}
/** `createConcert`'s input once validated. */
export interface CreateConcertCommand {
  readonly title: string
  readonly salesOpenAt?: Date
  readonly salesCloseAt?: Date
}
/** Input of `box.catalog.scheduleSale`. */
export interface ScheduleSaleInput {
  readonly concertId: string
  readonly salesOpenAt: Date | string
  readonly salesCloseAt?: Date | string | null | undefined
}
/** `scheduleSale`'s input once validated. */
export interface ScheduleSaleCommand {
  readonly concertId: string
  readonly salesOpenAt: Date
  readonly salesCloseAt: Date | null
}
/** `seats` is a count (seats 1..N, all at `price`) or a list of `{ seatNo, price, row? }` (then no `price`). */
export type AddScheduleInput =
  | { readonly concertId: string; readonly startsAt: Date | string; readonly seats: number; readonly price: number }
  | { readonly concertId: string; readonly startsAt: Date | string; readonly seats: readonly SeatSpec[] }
/** `addSchedule`'s input once validated: the start as a `Date`, the seats as a list. */
export type AddScheduleCommand =
  | { readonly concertId: string; readonly startsAt: Date; readonly seats: number; readonly price: number }
  | { readonly concertId: string; readonly startsAt: Date; readonly seats: readonly SeatSpec[] }
/** Input of calls about one concert (`listDates`). */
export interface ConcertInput {
  readonly concertId: string
}
/** Input of calls about one schedule (`listSeats`). */
export interface ScheduleInput {
  readonly scheduleId: string
}

/** A concert's title: trimmed, 1-200 characters. */
export const titleSchema: z.ZodMiniString<string> = z.string().check(z.trim(), z.minLength(1), z.maxLength(200))

const instant = z
  .union([
    z.date(),
    z.pipe(
      z.iso.datetime({ offset: true }),
      z.transform((s: string) => new Date(s)),
    ),
  ])
  .check(z.refine((d) => !Number.isNaN(d.getTime()), 'expected a valid date'))

/** A sale window's closing time comes after its opening time, and needs one. */
const closesAfterOpening = z.superRefine(
  (window: { readonly salesOpenAt?: Date | undefined; readonly salesCloseAt?: Date | null | undefined }, ctx): void => {
    const close = window.salesCloseAt
    if (close === undefined || close === null) return
    if (window.salesOpenAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['salesCloseAt'], message: 'a closing time needs an opening time' })
    } else if (close.getTime() <= window.salesOpenAt.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['salesCloseAt'], message: 'must be after salesOpenAt' })
    }
  },
)

/** Validates {@link CreateConcertInput}. */
export const createConcertInput: z.ZodMiniType<CreateConcertCommand, CreateConcertInput> = z
  .strictObject({
    title: titleSchema,
    salesOpenAt: z.optional(instant),
    salesCloseAt: z.optional(instant),
  })
  .check(closesAfterOpening) as unknown as z.ZodMiniType<CreateConcertCommand, CreateConcertInput>

/** Validates {@link ScheduleSaleInput}. */
export const scheduleSaleInput: z.ZodMiniType<ScheduleSaleCommand, ScheduleSaleInput> = z.pipe(
  z
    .strictObject({
      concertId: idSchema,
      salesOpenAt: instant,
      salesCloseAt: z.optional(z.nullable(instant)),
    })
    .check(closesAfterOpening),
  z.transform((input) => ({
    concertId: input.concertId,
    salesOpenAt: input.salesOpenAt,
    salesCloseAt: Object.hasOwn(input, 'salesCloseAt') ? (input.salesCloseAt ?? null) : null,
  })),
) as unknown as z.ZodMiniType<ScheduleSaleCommand, ScheduleSaleInput>

const seatList = z
  .array(
    z.strictObject({
      seatNo: seatNoSchema,
      price: pointsSchema,
      row: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(40))),
    }),
  )
  .check(
    z.minLength(1),
    z.maxLength(MAX_SEATS_PER_SCHEDULE),
    z.refine((seats) => new Set(seats.map((s) => s.seatNo)).size === seats.length, 'seat numbers must be unique'),
  )

// One object schema (not a union) so an error names the field that is wrong.
/** Validates `addSchedule`'s input and turns it into an {@link AddScheduleCommand}. */
export const addScheduleInput: z.ZodMiniType<AddScheduleCommand, AddScheduleInput> = z
  .strictObject({
    concertId: idSchema,
    startsAt: instant,
    seats: z.union([wholeNumber(1, MAX_SEATS_PER_SCHEDULE), seatList]),
    price: z.optional(pointsSchema),
  })
  .check(
    z.superRefine((input, ctx) => {
      // The parser's own output object: read `price` only if it is its own, never from a polluted prototype.
      const price = Object.hasOwn(input, 'price') ? input.price : undefined
      if (typeof input.seats === 'number' && price === undefined) {
        ctx.addIssue({ code: 'custom', path: ['price'], message: 'a seat count needs a price for every seat' })
      }
      if (typeof input.seats !== 'number' && price !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['price'], message: 'listed seats carry their own prices: drop price' })
      }
    }),
  ) as unknown as z.ZodMiniType<AddScheduleCommand, AddScheduleInput>

/** Validates {@link ConcertInput}. */
export const concertInput: z.ZodMiniType<ConcertInput> = z.strictObject({ concertId: idSchema })
/** Validates {@link ScheduleInput}. */
export const scheduleInput: z.ZodMiniType<ScheduleInput> = z.strictObject({ scheduleId: idSchema })

/** Input of `box.catalog.cancelSchedule`. */
export interface CancelScheduleInput {
  readonly scheduleId: string
  /** Most payments this call refunds, 1..100,000; default `refund.cancelBatch`. */
  readonly limit?: number | undefined
}

/** Validates {@link CancelScheduleInput}. */
export const cancelScheduleInput: z.ZodMiniType<CancelScheduleInput> = z.strictObject({
  scheduleId: idSchema,
  limit: z.optional(wholeNumber(1, 100_000)),
})
