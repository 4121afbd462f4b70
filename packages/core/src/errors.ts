/**
 * Every failure boxoffice reports is a plain object with a PascalCase `type`,
 * a `message` a person can act on, and the fields that explain it. Compare on
 * `type`, never with `instanceof`: errors cross package and process borders.
 */

interface Failure<T extends string> {
  readonly type: T
  readonly message: string
}

/** One problem zod found in an input: where (a dotted path) and what. */
export interface ValidationIssue {
  readonly path: string
  readonly message: string
}

/** Input did not match the call's schema; nothing was changed. `field` names the first offending field. */
export interface ValidationFailed extends Failure<'ValidationFailed'> {
  readonly field: string
  readonly issues: readonly ValidationIssue[]
}
/** The store could not be reached or did not answer (connection lost, timeout). Safe to retry. */
export interface StoreUnavailable extends Failure<'StoreUnavailable'> {
  readonly cause: unknown
}
/** The store gave up on a contended transaction after its retries. Safe to retry. */
export type StoreConflict = Failure<'StoreConflict'>

/** No such queue token (never issued, left, completed, or swept): enter the queue again. */
export interface TokenNotFound extends Failure<'TokenNotFound'> {
  readonly token: string
}
/** The token was ACTIVE but its admission window passed, or it was dropped for not polling. */
export interface TokenExpired extends Failure<'TokenExpired'> {
  readonly token: string
}
/** The token is still WAITING (or otherwise not ACTIVE): the call needs an admitted token. */
export interface TokenNotActive extends Failure<'TokenNotActive'> {
  readonly token: string
  readonly status: string
}
/** The token belongs to another user. */
export interface TokenUserMismatch extends Failure<'TokenUserMismatch'> {
  readonly token: string
}
/** The token is live, but for another concert than the one the call is about. */
export interface TokenConcertMismatch extends Failure<'TokenConcertMismatch'> {
  readonly token: string
  readonly concertId: string
}
/**
 * The queue's store lost its data since the token was issued (a Redis that
 * restarted without persistence, or rolled back to an older snapshot): the
 * token's place in line is gone. Tell the user to enter again; run the
 * queue's Redis with AOF to avoid it.
 */
export interface QueueReset extends Failure<'QueueReset'> {
  readonly token: string
  readonly concertId: string
}
/** The concert's sale closed at `salesCloseAt`: nobody enters its line any more. */
export interface SaleClosed extends Failure<'SaleClosed'> {
  readonly concertId: string
  readonly salesCloseAt: Date
}
/**
 * The concert's line has opened (its opening time passed, or people are
 * already in line): its opening time can no longer change, only its closing time.
 */
export interface SaleAlreadyOpen extends Failure<'SaleAlreadyOpen'> {
  readonly concertId: string
  /** The opening time in force; null when the concert was on sale from its first enter. */
  readonly salesOpenAt: Date | null
}
/** No concert with this id. */
export interface ConcertNotFound extends Failure<'ConcertNotFound'> {
  readonly concertId: string
}
/** No schedule with this id. */
export interface ScheduleNotFound extends Failure<'ScheduleNotFound'> {
  readonly scheduleId: string
}
/** The schedule has no seat with this number. */
export interface SeatNotFound extends Failure<'SeatNotFound'> {
  readonly scheduleId: string
  readonly seatNo: number
}
/** A seat asked for is held by a live hold or sold; nothing was held. */
export interface SeatUnavailable extends Failure<'SeatUnavailable'> {
  readonly scheduleId: string
  /** The first taken seat (the lowest number). */
  readonly seatNo: number
  /** Every seat asked for that is taken, by number. */
  readonly seatNos: readonly number[]
}
/** The hold would take the user's seats in live holds past `hold.maxSeatsPerUser`. */
export interface HoldLimitReached extends Failure<'HoldLimitReached'> {
  readonly limit: number
}
/**
 * `holdBest` found enough available seats at or under the price, but no
 * `count` of them side by side in one row; ask again with `allowSplit: true`
 * to take them apart, or with a smaller `count`.
 */
export interface NoAdjacentSeats extends Failure<'NoAdjacentSeats'> {
  readonly scheduleId: string
  readonly count: number
}
/** `holdBest` found fewer than `count` available seats at or under `maxPrice` (`available` of them). */
export interface NotEnoughSeats extends Failure<'NotEnoughSeats'> {
  readonly scheduleId: string
  readonly count: number
  readonly available: number
}
/**
 * The hold cannot be extended: it is not HELD and unexpired (`status` says
 * what it is), or it was extended already (`status` is `EXTENDED`).
 */
export interface HoldNotExtendable extends Failure<'HoldNotExtendable'> {
  readonly holdId: string
  readonly status: string
}
/** No hold with this id. */
export interface HoldNotFound extends Failure<'HoldNotFound'> {
  readonly holdId: string
}
/** The hold belongs to another user. */
export interface NotHoldOwner extends Failure<'NotHoldOwner'> {
  readonly holdId: string
}
/** The hold is no longer HELD (confirmed, released or expired). */
export interface HoldNotActive extends Failure<'HoldNotActive'> {
  readonly holdId: string
  readonly status: string
}
/** The hold passed its `expiresAt` before the call. */
export interface HoldExpired extends Failure<'HoldExpired'> {
  readonly holdId: string
  readonly expiresAt: Date
}
/** The hold is already paid for (with another idempotency key). */
export interface AlreadyPaid extends Failure<'AlreadyPaid'> {
  readonly holdId: string
}
/** The wallet holds less than the price; `price - balance` more is needed. */
export interface InsufficientBalance extends Failure<'InsufficientBalance'> {
  readonly balance: number
  readonly price: number
}
/** A charge above `charge.maxAmount`, or one that would take the balance past `charge.maxBalance`. */
export interface ChargeLimitExceeded extends Failure<'ChargeLimitExceeded'> {
  readonly amount: number
  readonly limit: number
  /** `amount`: one charge above `charge.maxAmount`; `balance`: the balance would pass `charge.maxBalance`. */
  readonly reason: 'amount' | 'balance'
}
/** No payment with this id, or (for `payments.get`) none of this user's. */
export interface PaymentNotFound extends Failure<'PaymentNotFound'> {
  readonly paymentId: string
}
/** Only the user who paid may refund the payment. */
export interface NotPaymentOwner extends Failure<'NotPaymentOwner'> {
  readonly paymentId: string
}
/** The payment was refunded already (by its payer, or when its schedule was cancelled). */
export interface AlreadyRefunded extends Failure<'AlreadyRefunded'> {
  readonly paymentId: string
}
/** Refunds close `refund.cutoffMs` before the schedule starts. */
export interface RefundWindowClosed extends Failure<'RefundWindowClosed'> {
  readonly paymentId: string
  /** The last instant a refund was possible. */
  readonly closedAt: Date
}
/** The schedule was cancelled: nothing of it can be held any more. */
export interface ScheduleCancelled extends Failure<'ScheduleCancelled'> {
  readonly scheduleId: string
}
/** The idempotency key was already used with other parameters. */
export interface IdempotencyConflict extends Failure<'IdempotencyConflict'> {
  readonly idempotencyKey: string
}

/** A store failure: retry the call. */
export type StoreError = StoreUnavailable | StoreConflict
/** Every way a queue token can fail a gated call. */
export type TokenError =
  TokenNotFound | TokenExpired | TokenNotActive | TokenUserMismatch | TokenConcertMismatch | QueueReset

/** Every error type boxoffice can return: the set an HTTP or logging edge must map exhaustively. */
export type BoxOfficeError =
  | ValidationFailed
  | StoreError
  | TokenError
  | SaleClosed
  | SaleAlreadyOpen
  | ConcertNotFound
  | ScheduleNotFound
  | SeatNotFound
  | SeatUnavailable
  | HoldLimitReached
  | NoAdjacentSeats
  | NotEnoughSeats
  | HoldNotExtendable
  | HoldNotFound
  | NotHoldOwner
  | HoldNotActive
  | HoldExpired
  | AlreadyPaid
  | InsufficientBalance
  | ChargeLimitExceeded
  | IdempotencyConflict
  | PaymentNotFound
  | NotPaymentOwner
  | AlreadyRefunded
  | RefundWindowClosed
  | ScheduleCancelled

/** The `type` of every error boxoffice can return. */
export type BoxOfficeErrorType = BoxOfficeError['type']

/** Builds a {@link ValidationFailed} error, with its message. */
export const validationFailed = (field: string, issues: readonly ValidationIssue[]): ValidationFailed => ({
  type: 'ValidationFailed',
  message: `invalid input at ${field}: ${issues[0]?.message ?? 'invalid value'}`,
  field,
  issues,
})
/** Builds a {@link StoreUnavailable} error, with its message. */
export const storeUnavailable = (cause: unknown): StoreUnavailable => ({
  type: 'StoreUnavailable',
  message: `the store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
  cause,
})
/** Builds a {@link StoreConflict} error, with its message. */
export const storeConflict = (): StoreConflict => ({
  type: 'StoreConflict',
  message: 'the store gave up on a contended transaction; retry the call',
})
/** Builds a {@link TokenNotFound} error, with its message. */
export const tokenNotFound = (token: string): TokenNotFound => ({
  type: 'TokenNotFound',
  message: 'no such queue token: enter the queue again',
  token,
})
/** Builds a {@link TokenExpired} error, with its message. */
export const tokenExpired = (token: string): TokenExpired => ({
  type: 'TokenExpired',
  message: 'the queue token has expired: enter the queue again',
  token,
})
/** Builds a {@link TokenNotActive} error, with its message. */
export const tokenNotActive = (token: string, status: string): TokenNotActive => ({
  type: 'TokenNotActive',
  message: `the queue token is ${status}, not ACTIVE: keep polling its status`,
  token,
  status,
})
/** Builds a {@link TokenUserMismatch} error, with its message. */
export const tokenUserMismatch = (token: string): TokenUserMismatch => ({
  type: 'TokenUserMismatch',
  message: 'the queue token belongs to another user',
  token,
})
/** Builds a {@link TokenConcertMismatch} error, with its message. */
export const tokenConcertMismatch = (token: string, concertId: string): TokenConcertMismatch => ({
  type: 'TokenConcertMismatch',
  message: `the queue token admits to concert ${concertId}, not this one`,
  token,
  concertId,
})
/** Builds a {@link QueueReset} error, with its message. */
export const queueReset = (token: string, concertId: string): QueueReset => ({
  type: 'QueueReset',
  message: `the queue of concert ${concertId} lost its data since this token was issued: enter the queue again`,
  token,
  concertId,
})
/** Builds a {@link SaleClosed} error, with its message. */
export const saleClosed = (concertId: string, salesCloseAt: Date): SaleClosed => ({
  type: 'SaleClosed',
  message: `the sale of concert ${concertId} closed at ${salesCloseAt.toISOString()}`,
  concertId,
  salesCloseAt,
})
/** Builds a {@link SaleAlreadyOpen} error, with its message. */
export const saleAlreadyOpen = (concertId: string, salesOpenAt: Date | null): SaleAlreadyOpen => ({
  type: 'SaleAlreadyOpen',
  message:
    salesOpenAt === null
      ? `concert ${concertId} is already on sale: its opening time can no longer be set`
      : `the sale of concert ${concertId} opened at ${salesOpenAt.toISOString()}: only its closing time can change`,
  concertId,
  salesOpenAt,
})
/** Builds a {@link ConcertNotFound} error, with its message. */
export const concertNotFound = (concertId: string): ConcertNotFound => ({
  type: 'ConcertNotFound',
  message: `no concert ${concertId}`,
  concertId,
})
/** Builds a {@link ScheduleNotFound} error, with its message. */
export const scheduleNotFound = (scheduleId: string): ScheduleNotFound => ({
  type: 'ScheduleNotFound',
  message: `no schedule ${scheduleId}`,
  scheduleId,
})
/** Builds a {@link SeatNotFound} error, with its message. */
export const seatNotFound = (scheduleId: string, seatNo: number): SeatNotFound => ({
  type: 'SeatNotFound',
  message: `schedule ${scheduleId} has no seat ${seatNo}`,
  scheduleId,
  seatNo,
})
/** Builds a {@link SeatUnavailable} error for one or more taken seats, with its message. */
export const seatUnavailable = (scheduleId: string, taken: number | readonly number[]): SeatUnavailable => {
  const seatNos = typeof taken === 'number' ? [taken] : [...taken].sort((a, b) => a - b)
  const seatNo = seatNos[0] ?? 0
  return {
    type: 'SeatUnavailable',
    message:
      seatNos.length === 1
        ? `seat ${seatNo} of schedule ${scheduleId} is held or sold`
        : `seats ${seatNos.join(', ')} of schedule ${scheduleId} are held or sold`,
    scheduleId,
    seatNo,
    seatNos,
  }
}
/** Builds a {@link HoldLimitReached} error, with its message. */
export const holdLimitReached = (limit: number): HoldLimitReached => ({
  type: 'HoldLimitReached',
  message: `one user may hold at most ${limit} seats at once: pay for or release a hold first`,
  limit,
})
/** Builds a {@link NoAdjacentSeats} error, with its message. */
export const noAdjacentSeats = (scheduleId: string, count: number): NoAdjacentSeats => ({
  type: 'NoAdjacentSeats',
  message: `schedule ${scheduleId} has no ${count} seats side by side in one row: allow a split or ask for fewer`,
  scheduleId,
  count,
})
/** Builds a {@link NotEnoughSeats} error, with its message. */
export const notEnoughSeats = (scheduleId: string, count: number, available: number): NotEnoughSeats => ({
  type: 'NotEnoughSeats',
  message: `schedule ${scheduleId} has ${available} seats available at this price, not ${count}`,
  scheduleId,
  count,
  available,
})
/** Builds a {@link HoldNotExtendable} error, with its message. */
export const holdNotExtendable = (holdId: string, status: string): HoldNotExtendable => ({
  type: 'HoldNotExtendable',
  message:
    status === 'EXTENDED'
      ? `hold ${holdId} was extended already: a hold is extended once`
      : `hold ${holdId} is ${status}: only a HELD, unexpired hold can be extended`,
  holdId,
  status,
})
/** Builds a {@link HoldNotFound} error, with its message. */
export const holdNotFound = (holdId: string): HoldNotFound => ({
  type: 'HoldNotFound',
  message: `no hold ${holdId}`,
  holdId,
})
/** Builds a {@link NotHoldOwner} error, with its message. */
export const notHoldOwner = (holdId: string): NotHoldOwner => ({
  type: 'NotHoldOwner',
  message: `hold ${holdId} belongs to another user`,
  holdId,
})
/** Builds a {@link HoldNotActive} error, with its message. */
export const holdNotActive = (holdId: string, status: string): HoldNotActive => ({
  type: 'HoldNotActive',
  message: `hold ${holdId} is ${status}, not HELD`,
  holdId,
  status,
})
/** Builds a {@link HoldExpired} error, with its message. */
export const holdExpired = (holdId: string, expiresAt: Date): HoldExpired => ({
  type: 'HoldExpired',
  message: `hold ${holdId} expired at ${expiresAt.toISOString()}: hold the seat again`,
  holdId,
  expiresAt,
})
/** Builds a {@link AlreadyPaid} error, with its message. */
export const alreadyPaid = (holdId: string): AlreadyPaid => ({
  type: 'AlreadyPaid',
  message: `hold ${holdId} is already paid`,
  holdId,
})
/** Builds a {@link InsufficientBalance} error, with its message. */
export const insufficientBalance = (balance: number, price: number): InsufficientBalance => ({
  type: 'InsufficientBalance',
  message: `balance ${balance} is below the price ${price}: charge at least ${price - balance} more`,
  balance,
  price,
})
/** Builds a {@link ChargeLimitExceeded} error, with its message. */
export const chargeLimitExceeded = (
  amount: number,
  limit: number,
  reason: 'amount' | 'balance',
): ChargeLimitExceeded => ({
  type: 'ChargeLimitExceeded',
  message:
    reason === 'amount'
      ? `one charge may add at most ${limit}, not ${amount}`
      : `charging ${amount} would pass the balance limit of ${limit}`,
  amount,
  limit,
  reason,
})
/** Builds a {@link IdempotencyConflict} error, with its message. */
export const idempotencyConflict = (idempotencyKey: string): IdempotencyConflict => ({
  type: 'IdempotencyConflict',
  message: `idempotency key ${idempotencyKey} was already used with other parameters`,
  idempotencyKey,
})
/** Builds a {@link PaymentNotFound} error, with its message. */
export const paymentNotFound = (paymentId: string): PaymentNotFound => ({
  type: 'PaymentNotFound',
  message: `payment ${paymentId} not found`,
  paymentId,
})
/** Builds a {@link NotPaymentOwner} error, with its message. */
export const notPaymentOwner = (paymentId: string): NotPaymentOwner => ({
  type: 'NotPaymentOwner',
  message: `payment ${paymentId} was made by another user`,
  paymentId,
})
/** Builds a {@link AlreadyRefunded} error, with its message. */
export const alreadyRefunded = (paymentId: string): AlreadyRefunded => ({
  type: 'AlreadyRefunded',
  message: `payment ${paymentId} was refunded already`,
  paymentId,
})
/** Builds a {@link RefundWindowClosed} error, with its message. */
export const refundWindowClosed = (paymentId: string, closedAt: Date): RefundWindowClosed => ({
  type: 'RefundWindowClosed',
  message: `payment ${paymentId} can no longer be refunded: refunds closed at ${closedAt.toISOString()}`,
  paymentId,
  closedAt,
})
/** Builds a {@link ScheduleCancelled} error, with its message. */
export const scheduleCancelled = (scheduleId: string): ScheduleCancelled => ({
  type: 'ScheduleCancelled',
  message: `schedule ${scheduleId} was cancelled`,
  scheduleId,
})
