import * as z from 'zod/mini'
import { idSchema, tokenSchema, wholeNumber } from '../validation.js'

/** Input of `box.queue.enter`. */
export interface EnterInput {
  readonly userId: string
  readonly concertId: string
}
/** Input of `box.queue.status` and `box.queue.leave`. */
export interface TokenInput {
  readonly token: string
}
/** Input of `box.queue.authorize`. */
export interface AuthorizeInput {
  readonly userId: string
  readonly token: string
}
/** Input of `box.queue.admit`. */
export interface AdmitInput {
  readonly concertId: string
}

/** Input of `box.queue.pause`, `box.queue.resume` and `box.queue.line`. */
export interface LineInput {
  readonly concertId: string
}
/** Input of `box.queue.setLimits`: a limit left out stays as it is; null goes back to the policy's. */
export interface SetLimitsInput {
  readonly concertId: string
  readonly maxActive?: number | null | undefined
  readonly admitPerTick?: number | null | undefined
}

/** Validates {@link EnterInput}. */
export const enterInput: z.ZodMiniType<EnterInput> = z.strictObject({ userId: idSchema, concertId: idSchema })
/** Validates {@link TokenInput}. */
export const tokenInput: z.ZodMiniType<TokenInput> = z.strictObject({ token: tokenSchema })
/** Validates {@link AuthorizeInput}. */
export const authorizeInput: z.ZodMiniType<AuthorizeInput> = z.strictObject({ userId: idSchema, token: tokenSchema })
/** Validates {@link AdmitInput}. */
export const admitInput: z.ZodMiniType<AdmitInput> = z.strictObject({ concertId: idSchema })
/** Validates {@link LineInput}. */
export const lineInput: z.ZodMiniType<LineInput> = z.strictObject({ concertId: idSchema })
const limit = z.optional(z.nullable(wholeNumber(1, 1_000_000_000)))
/** Validates {@link SetLimitsInput}. */
export const setLimitsInput: z.ZodMiniType<SetLimitsInput> = z.strictObject({
  concertId: idSchema,
  maxActive: limit,
  admitPerTick: limit,
}) as z.ZodMiniType<SetLimitsInput>
