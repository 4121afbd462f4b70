import * as z from 'zod/mini'
import { idSchema, MAX_SEATS_PER_SCHEDULE, pointsSchema, seatNoSchema, wholeNumber } from '../validation.js'
import type { SeatSpec } from './catalog.js'

/** Input of `box.catalog.createConcert`. */
export interface CreateConcertInput {
  readonly title: string
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

/** Validates {@link CreateConcertInput}. */
export const createConcertInput: z.ZodMiniType<CreateConcertInput> = z.strictObject({ title: titleSchema })

const instant = z
  .union([
    z.date(),
    z.pipe(
      z.iso.datetime({ offset: true }),
      z.transform((s: string) => new Date(s)),
    ),
  ])
  .check(z.refine((d) => !Number.isNaN(d.getTime()), 'expected a valid date'))

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
