import { errAsync, ok, okAsync, type ResultAsync } from 'neverthrow'
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

// A token lost in a queue reset is a token error too: the payment it made may still be replayed.
const isTokenError = (error: PayError): error is TokenError =>
  error.type.startsWith('Token') || error.type === 'QueueReset'

/** Every error `box.payments.pay` can answer. */
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
    recover(ctx.queue.complete({ token, now: ctx.clock.now() }), () => ok(undefined)).andThen(() => ok(payment))

  // A replay answers the stored payment whatever token it carries. Its only
  // possible effect is what the first call left undone: completing the token
  // that paid, while that token is still live (its completion failed). Never
  // the token the replay carries: that may be the payer's next turn in a
  // line, or anybody else's.
  const replay = (
    previous: { readonly payment: Payment; readonly fingerprint: string; readonly token: string | null },
    { userId, holdId, idempotencyKey }: PayInput,
  ): ResultAsync<Payment, PayError> => {
    if (previous.fingerprint !== payFingerprint(holdId)) return errAsync(idempotencyConflict(idempotencyKey))
    const paying = previous.token
    if (paying === null) return okAsync(previous.payment)
    const live = ctx.queue.authorize({ token: paying, userId, now: ctx.clock.now(), policy: ctx.policy.queue })
    return recover(live, () => ok(null)).andThen((admitted) =>
      admitted === null ? ok(previous.payment) : completeToken(paying, previous.payment),
    )
  }

  // The payment this key made, replayed; `otherwise` when the key made none.
  const replayStored = (
    input: PayInput,
    otherwise: () => ResultAsync<Payment, PayError>,
  ): ResultAsync<Payment, PayError> =>
    ctx.booking
      .findPayment({ userId: input.userId, idempotencyKey: input.idempotencyKey })
      .andThen((stored) => (stored === null ? otherwise() : replay(stored, input)))

  return {
    pay: (input) =>
      parseInput(payInput, input).asyncAndThen((parsed) => {
        const { userId, token, holdId, idempotencyKey } = parsed
        return replayStored(parsed, () => {
          const paymentId = ctx.ids('payment')
          return recover(
            ctx.queue
              .authorize({ token, userId, now: ctx.clock.now(), policy: ctx.policy.queue })
              .andThen((admitted) =>
                ctx.booking.pay({
                  paymentId,
                  entryId: ctx.ids('entry'),
                  userId,
                  holdId,
                  idempotencyKey,
                  token,
                  concertId: admitted.concertId,
                  now: ctx.clock.now(),
                }),
              )
              .andThen((payment) =>
                // Another payment id: a concurrent call with this key paid first,
                // and the store answered its payment. Replay it as such.
                payment.paymentId === paymentId
                  ? completeToken(token, payment)
                  : replayStored(parsed, () => okAsync(payment)),
              ),
            (error: PayError): ResultAsync<Payment, PayError> =>
              // A concurrent call with this key may have paid and completed the
              // token between our lookup and the authorization: replay it.
              isTokenError(error) ? replayStored(parsed, () => errAsync(error)) : errAsync(error),
          )
        })
      }),
  }
}
