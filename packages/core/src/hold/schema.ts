import * as z from 'zod/mini'
import { idSchema, seatNoSchema, tokenSchema } from '../validation.js'

/** Input of `box.holds.hold`. */
export interface HoldInput {
  readonly userId: string
  readonly token: string
  readonly scheduleId: string
  readonly seatNo: number
}
/** Input of `box.holds.release`. */
export interface ReleaseInput {
  readonly userId: string
  readonly holdId: string
}

/** Validates {@link HoldInput}. */
export const holdInput: z.ZodMiniType<HoldInput> = z.strictObject({
  userId: idSchema,
  token: tokenSchema,
  scheduleId: idSchema,
  seatNo: seatNoSchema,
})
/** Validates {@link ReleaseInput}. */
export const releaseInput: z.ZodMiniType<ReleaseInput> = z.strictObject({ userId: idSchema, holdId: idSchema })
