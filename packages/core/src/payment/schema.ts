import * as z from 'zod/mini'
import { idempotencyKeySchema, idSchema, tokenSchema, wholeNumber } from '../validation.js'

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

/** Input of `box.payments.refund`. */
export interface RefundInput {
  readonly userId: string
  readonly paymentId: string
  /** Required: a refund must never be made twice by a retry. */
  readonly idempotencyKey: string
}

/** Validates {@link RefundInput}. */
export const refundInput: z.ZodMiniType<RefundInput> = z.strictObject({
  userId: idSchema,
  paymentId: idSchema,
  idempotencyKey: idempotencyKeySchema,
})

/** Input of `box.payments.list`. */
export interface ListPaymentsInput {
  readonly userId: string
  /** 1..1000, default 50. */
  readonly limit?: number | undefined
}

/** Validates {@link ListPaymentsInput}, defaulting `limit` to 50. */
export const listPaymentsInput: z.ZodMiniType<{ readonly userId: string; readonly limit: number }, ListPaymentsInput> =
  z.strictObject({ userId: idSchema, limit: z._default(wholeNumber(1, 1_000), 50) })

/** Input of `box.payments.get`. */
export interface GetPaymentInput {
  readonly userId: string
  readonly paymentId: string
}

/** Validates {@link GetPaymentInput}. */
export const getPaymentInput: z.ZodMiniType<GetPaymentInput> = z.strictObject({
  userId: idSchema,
  paymentId: idSchema,
})
