/*
 * Domain events (SPEC 8.4). Every change that takes effect appends exactly one
 * event in the same atomic step as the change (invariant 13); a refused call
 * or a rolled-back transaction appends none. `data` is plain JSON (times as
 * ISO strings), so an event reads the same from every adapter and over HTTP.
 */

/** What every event carries: its cursor in its stream, its type and when the change happened. */
interface EventFields<T extends string> {
  /** Cursor of the event in its stream: pass it as `after` to read what follows. See {@link EventStream}. */
  readonly id: string
  readonly type: T
  /**
   * When the change happened: the call's `now` for a hold placed, a charge,
   * a payment and the queue events; the moment the hold lapsed for
   * HoldExpired; for HoldReleased and HoldExtended, the call's `now` in
   * memory and the transaction's time on Postgres (the hold keeps no time of them).
   */
  readonly at: Date
}

/** An event about seats of one schedule: public (a seat map shows it), and whose it is. */
interface SeatEventFields<T extends string> extends EventFields<T> {
  readonly concertId: string
  readonly scheduleId: string
  readonly userId: string
}

/** A hold was placed on `seatNos`, until `expiresAt`. */
export interface HoldPlacedEvent extends SeatEventFields<'HoldPlaced'> {
  readonly data: {
    readonly holdId: string
    readonly seatNos: readonly number[]
    readonly price: number
    readonly expiresAt: string
  }
}
/** A hold's expiry moved later (once per hold). */
export interface HoldExtendedEvent extends SeatEventFields<'HoldExtended'> {
  readonly data: { readonly holdId: string; readonly seatNos: readonly number[]; readonly expiresAt: string }
}
/** The owner gave a hold's seats back. */
export interface HoldReleasedEvent extends SeatEventFields<'HoldReleased'> {
  readonly data: { readonly holdId: string; readonly seatNos: readonly number[] }
}
/** The sweeper marked a lapsed hold EXPIRED (its seats were already free from `expiresAt` on, its `at`). */
export interface HoldExpiredEvent extends SeatEventFields<'HoldExpired'> {
  readonly data: { readonly holdId: string; readonly seatNos: readonly number[] }
}
/** A hold was paid for: its seats are sold. */
export interface PaymentSettledEvent extends SeatEventFields<'PaymentSettled'> {
  readonly data: {
    readonly paymentId: string
    readonly holdId: string
    readonly seatNos: readonly number[]
    readonly amount: number
  }
}
/**
 * A payment was refunded, by its payer or by its date's cancellation: the
 * amount went back to the wallet and the seats are free again.
 */
export interface PaymentRefundedEvent extends SeatEventFields<'PaymentRefunded'> {
  readonly data: {
    readonly refundId: string
    readonly paymentId: string
    readonly holdId: string
    readonly seatNos: readonly number[]
    readonly amount: number
    readonly reason: 'REQUESTED' | 'SCHEDULE_CANCELLED'
  }
}
/** A date was cancelled (once, however often `cancelSchedule` runs): no new holds; its payments are refunded. Public. */
export interface ScheduleCancelledEvent extends EventFields<'ScheduleCancelled'> {
  readonly concertId: string
  readonly scheduleId: string
  /** None: a cancellation is the organiser's, nobody's own. */
  readonly userId?: undefined
  readonly data: Readonly<Record<string, never>>
}
/** Points were added to a wallet (a replayed charge adds none and writes no event). Private to `userId`. */
export interface WalletChargedEvent extends EventFields<'WalletCharged'> {
  readonly userId: string
  readonly data: { readonly entryId: string; readonly amount: number; readonly balance: number }
}

/** Every event of the booking stream (always on). */
export type BookingEvent =
  | HoldPlacedEvent
  | HoldExtendedEvent
  | HoldReleasedEvent
  | HoldExpiredEvent
  | PaymentSettledEvent
  | PaymentRefundedEvent
  | ScheduleCancelledEvent
  | WalletChargedEvent

/** An event about one user's token in one concert's line. The token itself is a secret and never in an event. */
interface TokenEventFields<T extends string> extends EventFields<T> {
  readonly concertId: string
  readonly userId: string
}
/** A new token joined the line: WAITING, or PRE_QUEUED before the sale opens. */
export interface TokenEnteredEvent extends TokenEventFields<'TokenEntered'> {
  readonly data: { readonly status: 'WAITING' | 'PRE_QUEUED' }
}
/** A WAITING token became ACTIVE, until `expiresAt`. */
export interface TokenAdmittedEvent extends TokenEventFields<'TokenAdmitted'> {
  readonly data: { readonly expiresAt: string }
}
/** An ACTIVE token bought its seats and left the line. */
export interface TokenCompletedEvent extends TokenEventFields<'TokenCompleted'> {
  readonly data: Readonly<Record<string, never>>
}
/** An ACTIVE token's admission window passed and the line let it go. */
export interface TokenExpiredEvent extends TokenEventFields<'TokenExpired'> {
  readonly data: Readonly<Record<string, never>>
}
/** A WAITING token stopped polling and was dropped from the line. */
export interface TokenDroppedEvent extends TokenEventFields<'TokenDropped'> {
  readonly data: Readonly<Record<string, never>>
}
/** The user left the line. */
export interface TokenLeftEvent extends TokenEventFields<'TokenLeft'> {
  readonly data: Readonly<Record<string, never>>
}

/** Every event of a concert's queue stream (opt-in per queue store). */
export type QueueEvent =
  TokenEnteredEvent | TokenAdmittedEvent | TokenCompletedEvent | TokenExpiredEvent | TokenDroppedEvent | TokenLeftEvent

/** Any event boxoffice writes; switch on `type`. */
export type BoxOfficeEvent = BookingEvent | QueueEvent
/** The `type` of any event. */
export type BoxOfficeEventType = BoxOfficeEvent['type']

/** An event as a store is about to append it: everything but its cursor. */
export type NewEvent<E extends BoxOfficeEvent = BoxOfficeEvent> = E extends BoxOfficeEvent ? Omit<E, 'id'> : never

/** One page of a stream. */
export interface EventPage {
  /** The events after the cursor, in stream order, at most `limit`. */
  readonly events: readonly BoxOfficeEvent[]
  /**
   * Where the next read continues: the last event's id, or the `after` given
   * when no event came (null when neither).
   */
  readonly cursor: string | null
}
