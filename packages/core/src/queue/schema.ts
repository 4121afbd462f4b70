import * as z from 'zod/mini'
import { idSchema, tokenSchema } from '../validation.js'

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

/** Validates {@link EnterInput}. */
export const enterInput: z.ZodMiniType<EnterInput> = z.strictObject({ userId: idSchema, concertId: idSchema })
/** Validates {@link TokenInput}. */
export const tokenInput: z.ZodMiniType<TokenInput> = z.strictObject({ token: tokenSchema })
/** Validates {@link AuthorizeInput}. */
export const authorizeInput: z.ZodMiniType<AuthorizeInput> = z.strictObject({ userId: idSchema, token: tokenSchema })
/** Validates {@link AdmitInput}. */
export const admitInput: z.ZodMiniType<AdmitInput> = z.strictObject({ concertId: idSchema })
