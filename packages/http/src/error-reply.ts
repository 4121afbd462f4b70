import { match, P } from 'ts-pattern'
import type { ApiError } from './api-error.js'
import type { HttpReply } from './http-exchange.js'

const failure = (
  status: number,
  error: ApiError,
  shown: object = error,
  headers?: Readonly<Record<string, string>>,
): HttpReply => ({
  status,
  body: { error: shown },
  error,
  ...(headers === undefined ? {} : { headers }),
})

/** Retry hint for failures that clear up on their own. */
const retrySoon = { 'retry-after': '1' }

/**
 * The one place an error becomes an HTTP reply: status, body and headers.
 * Matching is exhaustive, so a new error type in the core or at the edge
 * fails the build until it is given a status here.
 *
 * The body is `{ error: { type, message, ...details } }`; details a client
 * cannot act on (a store's `cause`, a stack) stay in the logs.
 *
 * @example
 * ```ts
 * const outcome = await box.wallet.balance({ userId })
 * const answer = outcome.match((balance) => reply(200, { balance }), toErrorReply)
 * ```
 */
export function toErrorReply(error: ApiError): HttpReply {
  return (
    match<ApiError, HttpReply>(error)
      .with({ type: P.union('ValidationFailed', 'MalformedRequest') }, (e) => failure(400, e))
      .with({ type: P.union('MissingIdentity', 'MissingQueueToken') }, (e) => failure(401, e))
      .with({ type: 'AdminUnauthorized' }, (e) =>
        failure(401, e, e, { 'www-authenticate': 'Bearer realm="boxoffice-admin"' }),
      )
      .with({ type: 'MissingIdempotencyKey' }, (e) => failure(400, e))
      .with({ type: 'HeadersTooLarge' }, (e) => failure(431, e))
      .with({ type: 'InsufficientBalance' }, (e) => failure(402, e))
      .with(
        { type: P.union('TokenNotActive', 'TokenExpired', 'TokenUserMismatch', 'TokenConcertMismatch') },
        { type: P.union('NotHoldOwner', 'NotPaymentOwner', 'AdminDisabled') },
        (e) => failure(403, e),
      )
      .with(
        { type: P.union('TokenNotFound', 'ConcertNotFound', 'ScheduleNotFound', 'SeatNotFound') },
        { type: P.union('HoldNotFound', 'PaymentNotFound', 'RouteNotFound') },
        (e) => failure(404, e),
      )
      .with(
        { type: P.union('SeatUnavailable', 'HoldLimitReached', 'HoldNotActive', 'HoldExpired') },
        { type: P.union('NoAdjacentSeats', 'NotEnoughSeats', 'HoldNotExtendable') },
        { type: P.union('AlreadyPaid', 'IdempotencyConflict', 'SaleAlreadyOpen') },
        // the payment's state forbids it: refunded already, or past its refund window
        { type: P.union('AlreadyRefunded', 'RefundWindowClosed') },
        (e) => failure(409, e),
      )
      // gone for good, like a closed sale: the date was cancelled
      .with({ type: P.union('SaleClosed', 'ScheduleCancelled') }, (e) => failure(410, e))
      .with({ type: 'PayloadTooLarge' }, (e) => failure(413, e))
      .with({ type: 'UnsupportedMediaType' }, (e) => failure(415, e))
      .with({ type: 'ChargeLimitExceeded' }, (e) => failure(422, e))
      .with({ type: 'InternalError' }, (e) => failure(500, e, { type: e.type, message: e.message }))
      .with({ type: 'StoreUnavailable' }, (e) =>
        failure(503, e, { type: e.type, message: 'the store is unavailable: retry shortly' }, retrySoon),
      )
      .with({ type: 'StoreConflict' }, (e) => failure(503, e, e, retrySoon))
      // no Retry-After: the same call cannot succeed again; the client must enter the queue anew
      .with({ type: 'QueueReset' }, (e) => failure(503, e))
      .exhaustive()
  )
}
