import { errAsync, ok, okAsync, type ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import {
  idempotencyConflict,
  paymentNotFound,
  type IdempotencyConflict,
  type PaymentNotFound,
  type StoreError,
  type TokenError,
  type ValidationFailed,
} from '../errors.js'
import { recover } from '../result-async.js'
import { parseInput } from '../validation.js'
import { payFingerprint } from '../wallet/idempotency.js'
import type { Payment, SettleError } from './payment.js'
import type { PaymentSummary, Refund, RefundError } from './refund.js'
import { getPaymentInput, listPaymentsInput, payInput, refundInput } from './schema.js'
import type { GetPaymentInput, ListPaymentsInput, PayInput, RefundInput } from './schema.js'

// A token lost in a queue reset is a token error too: the payment it made may still be replayed.
const isTokenError = (error: PayError): error is TokenError =>
  error.type.startsWith('Token') || error.type === 'QueueReset'

/** Every error `box.payments.pay` can answer. */
export type PayError = ValidationFailed | TokenError | SettleError | IdempotencyConflict | StoreError

/** Every error `box.payments.refund` can answer. */
export type RefundPaymentError = ValidationFailed | RefundError | IdempotencyConflict | StoreError

/** `box.payments`: a hold becomes a sale, and a sale can be undone. */
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
  /**
   * The payer gives the sale back, until `refund.cutoffMs` before the
   * schedule starts, once. In one atomic step the amount returns to the
   * wallet (a REFUND ledger entry; never refused for `charge.maxBalance`),
   * the payment and its hold become REFUNDED and the seats AVAILABLE, at once
   * holdable by anyone. A retry with the same `idempotencyKey` answers the
   * same refund; the key with another payment is `IdempotencyConflict`.
   *
   * @example
   * ```ts
   * const refunded = await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: requestId })
   * if (refunded.isErr() && refunded.error.type === 'RefundWindowClosed') tellTooLate(refunded.error.closedAt)
   * ```
   */
  refund(input: RefundInput): ResultAsync<Refund, RefundPaymentError>
  /**
   * The user's own payments, newest first (at most `limit`, default 50), each
   * PAID or REFUNDED: what a user may refund.
   *
   * @example
   * ```ts
   * const payments = await box.payments.list({ userId: 'u1', limit: 20 })
   * ```
   */
  list(input: ListPaymentsInput): ResultAsync<readonly PaymentSummary[], ValidationFailed | StoreError>
  /**
   * One of the user's payments; another user's payment is `PaymentNotFound`.
   *
   * @example
   * ```ts
   * const payment = await box.payments.get({ userId: 'u1', paymentId })
   * ```
   */
  get(input: GetPaymentInput): ResultAsync<PaymentSummary, ValidationFailed | PaymentNotFound | StoreError>
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
  // line, or anybody else's. `carried` is a token this call just authorized
  // for the payer: when it is the one that paid, it is known live.
  const replay = (
    payment: Payment,
    paying: string | null,
    userId: string,
    carried: string | null,
  ): ResultAsync<Payment, PayError> => {
    if (paying === null) return okAsync(payment)
    if (paying === carried) return completeToken(paying, payment)
    const live = ctx.queue.authorize({ token: paying, userId, now: ctx.clock.now(), policy: ctx.policy.queue })
    return recover(live, () => ok(null)).andThen((admitted) =>
      admitted === null ? ok(payment) : completeToken(paying, payment),
    )
  }

  // The payment this key made, replayed, when the payer's token no longer
  // authorizes (the first call completed it); `otherwise` when the key made none.
  const replayStored = (
    { userId, holdId, idempotencyKey }: PayInput,
    otherwise: () => ResultAsync<Payment, PayError>,
  ): ResultAsync<Payment, PayError> =>
    ctx.booking.findPayment({ userId, idempotencyKey }).andThen((stored) => {
      if (stored === null) return otherwise()
      if (stored.fingerprint !== payFingerprint(holdId)) return errAsync(idempotencyConflict(idempotencyKey))
      return replay(stored.payment, stored.token, userId, null)
    })

  return {
    refund: (input) =>
      parseInput(refundInput, input).asyncAndThen(({ userId, paymentId, idempotencyKey }) =>
        ctx.booking.refund({
          refundId: ctx.ids('refund'),
          entryId: ctx.ids('entry'),
          paymentId,
          userId,
          idempotencyKey,
          cutoffMs: ctx.policy.refund.cutoffMs,
          now: ctx.clock.now(),
        }),
      ),
    list: (input) =>
      parseInput(listPaymentsInput, input).asyncAndThen(({ userId, limit }) =>
        ctx.booking.listPayments({ userId, limit }),
      ),
    get: (input) =>
      parseInput(getPaymentInput, input).asyncAndThen(({ userId, paymentId }) =>
        ctx.booking
          .getPayment({ paymentId })
          .andThen((payment) =>
            payment === null || payment.userId !== userId ? errAsync(paymentNotFound(paymentId)) : okAsync(payment),
          ),
      ),
    pay: (input) =>
      parseInput(payInput, input).asyncAndThen((parsed) => {
        const { userId, token, holdId, idempotencyKey } = parsed
        return recover(
          ctx.queue
            .authorize({ token, userId, now: ctx.clock.now(), policy: ctx.policy.queue })
            .andThen((admitted) =>
              // The store answers a key that already paid itself (replayed), so
              // a pay costs one store call whether it is new or a retry.
              ctx.booking.pay({
                paymentId: ctx.ids('payment'),
                entryId: ctx.ids('entry'),
                userId,
                holdId,
                idempotencyKey,
                token,
                concertId: admitted.concertId,
                now: ctx.clock.now(),
              }),
            )
            .andThen(({ payment, replayed, token: paying }) =>
              replayed ? replay(payment, paying, userId, token) : completeToken(token, payment),
            ),
          (error: PayError): ResultAsync<Payment, PayError> =>
            // The token no longer authorizes: a call with this key may have
            // paid and completed it (a retry after success, or a concurrent
            // call): replay that payment.
            isTokenError(error) ? replayStored(parsed, () => errAsync(error)) : errAsync(error),
        )
      }),
  }
}
