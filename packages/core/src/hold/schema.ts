import * as z from 'zod/mini'
import { idSchema, pointsSchema, seatNoSchema, tokenSchema, wholeNumber } from '../validation.js'

/** The most seats any policy lets one hold take (`hold.maxSeatsPerHold` is at most this). */
export const MAX_SEATS_PER_HOLD = 100

/** Input of `box.holds.hold`: one seat (`seatNo`) or several (`seatNos`), never both. */
export type HoldInput =
  | {
      readonly userId: string
      readonly token: string
      readonly scheduleId: string
      readonly seatNo: number
    }
  | {
      readonly userId: string
      readonly token: string
      readonly scheduleId: string
      /** 1..`hold.maxSeatsPerHold` distinct seat numbers, in any order. */
      readonly seatNos: readonly number[]
    }
/** `hold`'s input once validated: the seats in ascending order. */
export interface HoldCommandInput {
  readonly userId: string
  readonly token: string
  readonly scheduleId: string
  readonly seatNos: readonly number[]
}
/** Input of `box.holds.holdBest`. */
export interface HoldBestInput {
  readonly userId: string
  readonly token: string
  readonly scheduleId: string
  /** How many seats: 1..`hold.maxSeatsPerHold`. */
  readonly count: number
  /** The highest price one seat may have (default: any). */
  readonly maxPrice?: number
  /** Take seats apart when no `count` adjacent seats exist (default false: NoAdjacentSeats). */
  readonly allowSplit?: boolean
}
/** Input of `box.holds.release` and `box.holds.extend`. */
export interface ReleaseInput {
  readonly userId: string
  readonly holdId: string
}
/** Input of `box.holds.extend`. */
export type ExtendInput = ReleaseInput

const seatNoList = z.array(seatNoSchema).check(
  z.minLength(1, 'name at least one seat'),
  z.maxLength(MAX_SEATS_PER_HOLD, `one hold takes at most ${MAX_SEATS_PER_HOLD} seats`),
  z.refine((seatNos) => new Set(seatNos).size === seatNos.length, 'seat numbers must be distinct'),
)

// One object schema (not a union) so an error names the field that is wrong.
/** Validates {@link HoldInput} and turns it into a {@link HoldCommandInput}. */
export const holdInput: z.ZodMiniType<HoldCommandInput, HoldInput> = z.pipe(
  z
    .strictObject({
      userId: idSchema,
      token: tokenSchema,
      scheduleId: idSchema,
      seatNo: z.optional(seatNoSchema),
      seatNos: z.optional(seatNoList),
    })
    .check(
      z.superRefine((input, ctx) => {
        // The parser's own output object: read only its own fields, never a polluted prototype's.
        const one = Object.hasOwn(input, 'seatNo') && input.seatNo !== undefined
        const many = Object.hasOwn(input, 'seatNos') && input.seatNos !== undefined
        if (!one && !many) ctx.addIssue({ code: 'custom', path: ['seatNo'], message: 'name a seat: seatNo or seatNos' })
        if (one && many)
          ctx.addIssue({ code: 'custom', path: ['seatNos'], message: 'give seatNo or seatNos, not both' })
      }),
    ),
  z.transform((input): HoldCommandInput => ({
    userId: input.userId,
    token: input.token,
    scheduleId: input.scheduleId,
    seatNos: [...(Object.hasOwn(input, 'seatNos') && input.seatNos ? input.seatNos : [input.seatNo ?? 0])].sort(
      (a, b) => a - b,
    ),
  })),
) as unknown as z.ZodMiniType<HoldCommandInput, HoldInput>

/** Validates {@link HoldBestInput}. */
export const holdBestInput: z.ZodMiniType<HoldBestInput> = z.strictObject({
  userId: idSchema,
  token: tokenSchema,
  scheduleId: idSchema,
  count: wholeNumber(1, MAX_SEATS_PER_HOLD),
  maxPrice: z.optional(pointsSchema),
  allowSplit: z.optional(z.boolean()),
}) as z.ZodMiniType<HoldBestInput>
/** Validates {@link ReleaseInput}. */
export const releaseInput: z.ZodMiniType<ReleaseInput> = z.strictObject({ userId: idSchema, holdId: idSchema })
/** Validates {@link ExtendInput}. */
export const extendInput: z.ZodMiniType<ExtendInput> = releaseInput
