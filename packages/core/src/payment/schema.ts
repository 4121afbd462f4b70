import * as z from 'zod/mini'
import { idempotencyKeySchema, idSchema, tokenSchema } from '../validation.js'

/** Input of `box.payments.pay`. */
export interface PayInput {
  readonly userId: string
  readonly token: string
  readonly holdId: string
  /** Required: a payment must never be made twice by a retry. */
  readonly idempotencyKey: string
}

/** Validates {@link PayInput}. */
export const payInput: z.ZodMiniType<PayInput> = z.strictObject({
  userId: idSchema,
  token: tokenSchema,
  holdId: idSchema,
  idempotencyKey: idempotencyKeySchema,
})
