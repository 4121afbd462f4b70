import { z } from 'zod'
import { idSchema, seatNoSchema, tokenSchema } from '../validation.js'

export interface HoldInput {
  readonly userId: string
  readonly token: string
  readonly scheduleId: string
  readonly seatNo: number
}
export interface ReleaseInput {
  readonly userId: string
  readonly holdId: string
}

export const holdInput: z.ZodType<HoldInput> = z.strictObject({
  userId: idSchema,
  token: tokenSchema,
  scheduleId: idSchema,
  seatNo: seatNoSchema,
})
export const releaseInput: z.ZodType<ReleaseInput> = z.strictObject({ userId: idSchema, holdId: idSchema })
