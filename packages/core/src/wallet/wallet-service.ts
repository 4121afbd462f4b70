import { errAsync, type ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import {
  chargeLimitExceeded,
  type ChargeLimitExceeded,
  type IdempotencyConflict,
  type StoreError,
  type ValidationFailed,
} from '../errors.js'
import { parseInput } from '../validation.js'
import type { ChargeReceipt, LedgerEntry } from './ledger.js'
import { balanceInput, chargeInput, historyInput } from './schema.js'
import type { BalanceInput, ChargeInput, HistoryInput } from './schema.js'

/** `box.wallet`: points a user charges and spends. */
export interface WalletApi {
  /**
   * Adds points. With an `idempotencyKey`, a retry returns the first receipt and adds nothing.
   *
   * @example
   * ```ts
   * const receipt = await box.wallet.charge({ userId: 'u1', amount: 50_000, idempotencyKey: requestId })
   * ```
   */
  charge(
    input: ChargeInput,
  ): ResultAsync<ChargeReceipt, ValidationFailed | ChargeLimitExceeded | IdempotencyConflict | StoreError>
  /**
   * The current balance; 0 for a user who never charged.
   *
   * @example
   * ```ts
   * const balance = await box.wallet.balance({ userId: 'u1' })
   * ```
   */
  balance(input: BalanceInput): ResultAsync<number, ValidationFailed | StoreError>
  /**
   * Ledger entries, newest first (at most `limit`, default 50).
   *
   * @example
   * ```ts
   * const entries = await box.wallet.history({ userId: 'u1', limit: 20 })
   * ```
   */
  history(input: HistoryInput): ResultAsync<readonly LedgerEntry[], ValidationFailed | StoreError>
}

export function createWalletApi(ctx: BoxOfficeContext): WalletApi {
  const policy = ctx.policy.charge
  return {
    charge: (input) =>
      parseInput(chargeInput, input).asyncAndThen(({ userId, amount, idempotencyKey }) => {
        if (amount > policy.maxAmount) return errAsync(chargeLimitExceeded(amount, policy.maxAmount, 'amount'))
        return ctx.booking.charge({
          entryId: ctx.ids('entry'),
          userId,
          amount,
          idempotencyKey: idempotencyKey ?? null,
          maxBalance: policy.maxBalance,
          now: ctx.clock.now(),
        })
      }),
    balance: (input) => parseInput(balanceInput, input).asyncAndThen(({ userId }) => ctx.booking.balance({ userId })),
    history: (input) =>
      parseInput(historyInput, input).asyncAndThen(({ userId, limit }) => ctx.booking.history({ userId, limit })),
  }
}
