import { z } from 'zod'
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

const seatNoList = z
  .array(seatNoSchema)
  .min(1, 'name at least one seat')
  .max(MAX_SEATS_PER_HOLD, `one hold takes at most ${MAX_SEATS_PER_HOLD} seats`)
  .refine((seatNos) => new Set(seatNos).size === seatNos.length, 'seat numbers must be distinct')

// One object schema (not a union) so an error names the field that is wrong.
/** Validates {@link HoldInput} and turns it into a {@link HoldCommandInput}. */
export const holdInput: z.ZodType<HoldCommandInput, HoldInput> = z
  .strictObject({
    userId: idSchema,
    token: tokenSchema,
    scheduleId: idSchema,
    seatNo: seatNoSchema.optional(),
    seatNos: seatNoList.optional(),
  })
  .superRefine((input, ctx) => {
    // The parser's own output object: read only its own fields, never a polluted prototype's.
    const one = Object.hasOwn(input, 'seatNo') && input.seatNo !== undefined
    const many = Object.hasOwn(input, 'seatNos') && input.seatNos !== undefined
    if (!one && !many) ctx.addIssue({ code: 'custom', path: ['seatNo'], message: 'name a seat: seatNo or seatNos' })
    if (one && many) ctx.addIssue({ code: 'custom', path: ['seatNos'], message: 'give seatNo or seatNos, not both' })
  })
  .transform((input): HoldCommandInput => ({
    userId: input.userId,
    token: input.token,
    scheduleId: input.scheduleId,
    seatNos: [...(Object.hasOwn(input, 'seatNos') && input.seatNos ? input.seatNos : [input.seatNo ?? 0])].sort(
      (a, b) => a - b,
    ),
  })) as unknown as z.ZodType<HoldCommandInput, HoldInput>

/** Validates {@link HoldBestInput}. */
export const holdBestInput: z.ZodType<HoldBestInput> = z.strictObject({
  userId: idSchema,
  token: tokenSchema,
  scheduleId: idSchema,
  count: wholeNumber(1, MAX_SEATS_PER_HOLD),
  maxPrice: pointsSchema.optional(),
  allowSplit: z.boolean().optional(),
}) as z.ZodType<HoldBestInput>
/** Validates {@link ReleaseInput}. */
export const releaseInput: z.ZodType<ReleaseInput> = z.strictObject({ userId: idSchema, holdId: idSchema })
/** Validates {@link ExtendInput}. */
export const extendInput: z.ZodType<ExtendInput> = releaseInput
