import * as z from 'zod/mini'
import { amountSchema, idempotencyKeySchema, idSchema, wholeNumber } from '../validation.js'

/** Input of `box.wallet.charge`. */
export interface ChargeInput {
  readonly userId: string
  /** Whole points, at least 1. */
  readonly amount: number
  readonly idempotencyKey?: string | undefined
}
/** Input of `box.wallet.balance`. */
export interface BalanceInput {
  readonly userId: string
}
/** Input of `box.wallet.history`. */
export interface HistoryInput {
  readonly userId: string
  /** 1..1000, default 50. */
  readonly limit?: number | undefined
}

/** Validates {@link ChargeInput}. */
export const chargeInput: z.ZodMiniType<ChargeInput> = z.strictObject({
  userId: idSchema,
  amount: amountSchema,
  idempotencyKey: z.optional(idempotencyKeySchema),
})
/** Validates {@link BalanceInput}. */
export const balanceInput: z.ZodMiniType<BalanceInput> = z.strictObject({ userId: idSchema })
/** Validates {@link HistoryInput}, defaulting `limit` to 50. */
export const historyInput: z.ZodMiniType<{ readonly userId: string; readonly limit: number }, HistoryInput> =
  z.strictObject({
    userId: idSchema,
    limit: z._default(wholeNumber(1, 1_000), 50),
  })
