/**
 * Every failure boxoffice reports is a plain object with a PascalCase `type`,
 * a `message` a person can act on, and the fields that explain it. Compare on
 * `type`, never with `instanceof`: errors cross package and process borders.
 */

interface Failure<T extends string> {
  readonly type: T
  readonly message: string
}

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

export interface TokenNotFound extends Failure<'TokenNotFound'> {
  readonly token: string
}
export interface TokenExpired extends Failure<'TokenExpired'> {
  readonly token: string
}
export interface TokenNotActive extends Failure<'TokenNotActive'> {
  readonly token: string
  readonly status: string
}
export interface TokenUserMismatch extends Failure<'TokenUserMismatch'> {
  readonly token: string
}
/** The token is live, but for another concert than the one the call is about. */
export interface TokenConcertMismatch extends Failure<'TokenConcertMismatch'> {
  readonly token: string
  readonly concertId: string
}
export interface ConcertNotFound extends Failure<'ConcertNotFound'> {
  readonly concertId: string
}
export interface ScheduleNotFound extends Failure<'ScheduleNotFound'> {
  readonly scheduleId: string
}
export interface SeatNotFound extends Failure<'SeatNotFound'> {
  readonly scheduleId: string
  readonly seatNo: number
}
export interface SeatUnavailable extends Failure<'SeatUnavailable'> {
  readonly scheduleId: string
  readonly seatNo: number
}
export interface HoldLimitReached extends Failure<'HoldLimitReached'> {
  readonly limit: number
}
export interface HoldNotFound extends Failure<'HoldNotFound'> {
  readonly holdId: string
}
export interface NotHoldOwner extends Failure<'NotHoldOwner'> {
  readonly holdId: string
}
export interface HoldNotActive extends Failure<'HoldNotActive'> {
  readonly holdId: string
  readonly status: string
}
export interface HoldExpired extends Failure<'HoldExpired'> {
  readonly holdId: string
  readonly expiresAt: Date
}
export interface AlreadyPaid extends Failure<'AlreadyPaid'> {
  readonly holdId: string
}
export interface InsufficientBalance extends Failure<'InsufficientBalance'> {
  readonly balance: number
  readonly price: number
}
export interface ChargeLimitExceeded extends Failure<'ChargeLimitExceeded'> {
  readonly amount: number
  readonly limit: number
  /** `amount`: one charge above `charge.maxAmount`; `balance`: the balance would pass `charge.maxBalance`. */
  readonly reason: 'amount' | 'balance'
}
export interface IdempotencyConflict extends Failure<'IdempotencyConflict'> {
  readonly idempotencyKey: string
}

export type StoreError = StoreUnavailable | StoreConflict
export type TokenError = TokenNotFound | TokenExpired | TokenNotActive | TokenUserMismatch | TokenConcertMismatch

/** Every error type boxoffice can return: the set an HTTP or logging edge must map exhaustively. */
export type BoxOfficeError =
  | ValidationFailed
  | StoreError
  | TokenError
  | ConcertNotFound
  | ScheduleNotFound
  | SeatNotFound
  | SeatUnavailable
  | HoldLimitReached
  | HoldNotFound
  | NotHoldOwner
  | HoldNotActive
  | HoldExpired
  | AlreadyPaid
  | InsufficientBalance
  | ChargeLimitExceeded
  | IdempotencyConflict

export type BoxOfficeErrorType = BoxOfficeError['type']

export const validationFailed = (field: string, issues: readonly ValidationIssue[]): ValidationFailed => ({
  type: 'ValidationFailed',
  message: `invalid input at ${field}: ${issues[0]?.message ?? 'invalid value'}`,
  field,
  issues,
})
export const storeUnavailable = (cause: unknown): StoreUnavailable => ({
  type: 'StoreUnavailable',
  message: `the store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
  cause,
})
export const storeConflict = (): StoreConflict => ({
  type: 'StoreConflict',
  message: 'the store gave up on a contended transaction; retry the call',
})
export const tokenNotFound = (token: string): TokenNotFound => ({
  type: 'TokenNotFound',
  message: 'no such queue token: enter the queue again',
  token,
})
export const tokenExpired = (token: string): TokenExpired => ({
  type: 'TokenExpired',
  message: 'the queue token has expired: enter the queue again',
  token,
})
export const tokenNotActive = (token: string, status: string): TokenNotActive => ({
  type: 'TokenNotActive',
  message: `the queue token is ${status}, not ACTIVE: keep polling its status`,
  token,
  status,
})
export const tokenUserMismatch = (token: string): TokenUserMismatch => ({
  type: 'TokenUserMismatch',
  message: 'the queue token belongs to another user',
  token,
})
export const tokenConcertMismatch = (token: string, concertId: string): TokenConcertMismatch => ({
  type: 'TokenConcertMismatch',
  message: `the queue token admits to concert ${concertId}, not this one`,
  token,
  concertId,
})
export const concertNotFound = (concertId: string): ConcertNotFound => ({
  type: 'ConcertNotFound',
  message: `no concert ${concertId}`,
  concertId,
})
export const scheduleNotFound = (scheduleId: string): ScheduleNotFound => ({
  type: 'ScheduleNotFound',
  message: `no schedule ${scheduleId}`,
  scheduleId,
})
export const seatNotFound = (scheduleId: string, seatNo: number): SeatNotFound => ({
  type: 'SeatNotFound',
  message: `schedule ${scheduleId} has no seat ${seatNo}`,
  scheduleId,
  seatNo,
})
export const seatUnavailable = (scheduleId: string, seatNo: number): SeatUnavailable => ({
  type: 'SeatUnavailable',
  message: `seat ${seatNo} of schedule ${scheduleId} is held or sold`,
  scheduleId,
  seatNo,
})
export const holdLimitReached = (limit: number): HoldLimitReached => ({
  type: 'HoldLimitReached',
  message: `you already hold ${limit} seats: pay for or release one first`,
  limit,
})
export const holdNotFound = (holdId: string): HoldNotFound => ({
  type: 'HoldNotFound',
  message: `no hold ${holdId}`,
  holdId,
})
export const notHoldOwner = (holdId: string): NotHoldOwner => ({
  type: 'NotHoldOwner',
  message: `hold ${holdId} belongs to another user`,
  holdId,
})
export const holdNotActive = (holdId: string, status: string): HoldNotActive => ({
  type: 'HoldNotActive',
  message: `hold ${holdId} is ${status}, not HELD`,
  holdId,
  status,
})
export const holdExpired = (holdId: string, expiresAt: Date): HoldExpired => ({
  type: 'HoldExpired',
  message: `hold ${holdId} expired at ${expiresAt.toISOString()}: hold the seat again`,
  holdId,
  expiresAt,
})
export const alreadyPaid = (holdId: string): AlreadyPaid => ({
  type: 'AlreadyPaid',
  message: `hold ${holdId} is already paid`,
  holdId,
})
export const insufficientBalance = (balance: number, price: number): InsufficientBalance => ({
  type: 'InsufficientBalance',
  message: `balance ${balance} is below the price ${price}: charge at least ${price - balance} more`,
  balance,
  price,
})
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
export const idempotencyConflict = (idempotencyKey: string): IdempotencyConflict => ({
  type: 'IdempotencyConflict',
  message: `idempotency key ${idempotencyKey} was already used with other parameters`,
  idempotencyKey,
})
