import { errAsync, ok, type ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import {
  idempotencyConflict,
  type IdempotencyConflict,
  type StoreError,
  type TokenError,
  type ValidationFailed,
} from '../errors.js'
import { recover } from '../result-async.js'
import { parseInput } from '../validation.js'
import { payFingerprint } from '../wallet/idempotency.js'
import type { Payment, SettleError } from './payment.js'
import { payInput } from './schema.js'
import type { PayInput } from './schema.js'

const isTokenError = (error: PayError): error is TokenError => error.type.startsWith('Token')

export type PayError = ValidationFailed | TokenError | SettleError | IdempotencyConflict | StoreError

/** `box.payments`: a hold becomes a sale. */
export interface PaymentsApi {
  /**
   * Authorizes the token, then in one atomic step debits the price, confirms the
   * hold and records the payment; then completes the queue token. A retry with
   * the same `idempotencyKey` returns the same payment, even after the token is gone.
   *
   * @example
   * ```ts
   * const paid = await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: checkoutId })
   * if (paid.isErr() && paid.error.type === 'InsufficientBalance') askForCharge(paid.error.price)
   * ```
   */
  pay(input: PayInput): ResultAsync<Payment, PayError>
}

export function createPaymentsApi(ctx: BoxOfficeContext): PaymentsApi {
  // The token has done its job once the seat is sold; failing to delete it
  // must not turn a completed sale into an error (it expires on its own).
  const completeToken = (token: string, payment: Payment): ResultAsync<Payment, never> =>
    recover(ctx.queue.complete({ token }), () => ok(undefined)).andThen(() => ok(payment))

  const replay = (
    previous: { readonly payment: Payment; readonly fingerprint: string },
    token: string,
    holdId: string,
    idempotencyKey: string,
  ): ResultAsync<Payment, PayError> =>
    previous.fingerprint === payFingerprint(holdId)
      ? completeToken(token, previous.payment)
      : errAsync(idempotencyConflict(idempotencyKey))

  return {
    pay: (input) =>
      parseInput(payInput, input).asyncAndThen(({ userId, token, holdId, idempotencyKey }) =>
        ctx.booking.findPayment({ userId, idempotencyKey }).andThen((previous): ResultAsync<Payment, PayError> => {
          if (previous !== null) return replay(previous, token, holdId, idempotencyKey)
          return recover(
            ctx.queue
              .authorize({ token, userId, now: ctx.clock.now(), policy: ctx.policy.queue })
              .andThen(() =>
                ctx.booking.pay({
                  paymentId: ctx.ids('payment'),
                  entryId: ctx.ids('entry'),
                  userId,
                  holdId,
                  idempotencyKey,
                  now: ctx.clock.now(),
                }),
              )
              .andThen((payment) => completeToken(token, payment)),
            (error: PayError): ResultAsync<Payment, PayError> =>
              // A concurrent call with this key may have paid and completed the
              // token between our lookup and the authorization: replay it.
              isTokenError(error)
                ? ctx.booking
                    .findPayment({ userId, idempotencyKey })
                    .andThen((raced) =>
                      raced === null ? errAsync(error) : replay(raced, token, holdId, idempotencyKey),
                    )
                : errAsync(error),
          )
        }),
      ),
  }
}
