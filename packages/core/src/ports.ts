import type { ResultAsync } from 'neverthrow'
import type { Concert, Schedule, ScheduleAvailability, SeatMap, SeatSpec } from './catalog/catalog.js'
import type {
  ChargeLimitExceeded,
  ConcertNotFound,
  HoldNotActive,
  HoldNotExtendable,
  HoldNotFound,
  IdempotencyConflict,
  NotHoldOwner,
  QueueReset,
  SaleAlreadyOpen,
  SaleClosed,
  ScheduleNotFound,
  StoreError,
  TokenError,
  TokenExpired,
  TokenNotFound,
} from './errors.js'
import type { EventPage } from './events/event.js'
import type { EventStream } from './events/event-stream.js'
import type { BestHoldCommand, BestHoldError } from './hold/best-seats.js'
import type { Hold, PlaceHoldCommand, PlaceHoldError } from './hold/hold.js'
import type { CancelReport } from './catalog/cancellation.js'
import type { Payment, SettleCommand, SettleError } from './payment/payment.js'
import type { PaymentSummary, Refund, RefundError } from './payment/refund.js'
import type { QueuePolicy } from './policy.js'
import type { RandomSource } from './random.js'
import type { LineControls, LineSettings, SaleWindow } from './queue/sale-line.js'
import type { AdmissionWindow } from './queue/ticket.js'
import type { QueueToken } from './queue/token.js'
import type { ChargeCommand } from './wallet/charge.js'
import type { ChargeReceipt, LedgerEntry } from './wallet/ledger.js'

/*
 * The two ports (and the event log each exposes). Each method is ONE atomic step in its store: whatever it
 * reads and writes, no other call observes it half done. The core validates
 * input and applies policy before calling; the store applies the pure
 * transitions of the core (or, for Lua, the same behaviour, held to it by the
 * contract suite) inside its atomic section, and reports driver failures as
 * StoreUnavailable / StoreConflict. A method's ResultAsync never rejects.
 */

/** A token and where it stands: its rank among WAITING tokens and the recent admission rate. */
export interface QueuePosition {
  readonly token: QueueToken
  /** 1-based rank among the concert's WAITING tokens; null when PRE_QUEUED or ACTIVE. */
  readonly rank: number | null
  readonly admissions: AdmissionWindow
  /** The concert's sale window and live controls, as the same atomic step read them. */
  readonly line: LineSettings
}

/** What one admit tick did for one concert. */
export interface AdmitReport {
  readonly concertId: string
  readonly admitted: number
  readonly expired: number
  readonly dropped: number
  /** ACTIVE tokens after the tick (never above `maxActive`). */
  readonly active: number
  /** WAITING tokens after the tick. */
  readonly waiting: number
}

/**
 * An append-only log of domain events (SPEC 8.4), read by cursor. The store
 * that makes a change appends its event in the same atomic step as the
 * change (invariant 13): memory in the same synchronous section, Postgres in
 * the same transaction (triggers on the booking tables, migration 0008).
 * The memory queue store has queue streams when created with events on; the
 * Redis and Postgres queue stores have none yet. The facade routes `booking` streams to
 * `BookingStore.events` and `queue:<concertId>` to `QueueStore.events`.
 */
export interface EventStore {
  /**
   * The stream's events after `after` (null: from the oldest kept), in
   * stream order, at most `limit`. Never answers an event before one it
   * answered earlier, so a reader following `cursor` skips none (Postgres
   * hides rows of transactions that may still commit before them). When no
   * event follows and `waitMs` > 0, waits up to `waitMs` for one, woken by
   * the writer (memory promise, Postgres LISTEN/NOTIFY), then answers what
   * it has (possibly nothing). Postgres: a read answers every event committed
   * before it began, waiting up to 2 s for older transactions to end.
   */
  read(cmd: {
    readonly stream: EventStream
    readonly after: string | null
    readonly limit: number
    readonly waitMs: number
  }): ResultAsync<EventPage, StoreError>
  /** Drops the stream's events before `before` (exclusive); answers how many. */
  trim(cmd: { readonly stream: EventStream; readonly before: string }): ResultAsync<number, StoreError>
}

/** The waiting room: tokens, ranks, admission, expiry. */
export interface QueueStore {
  /**
   * The concert queue streams (`queue:<concertId>`) when the store was
   * created with events on; absent when off. With events on, enter (a new
   * token), admit, complete, leave and the sweeps each append one event per
   * token they change, in the same atomic step.
   */
  readonly events?: EventStore | undefined
  /**
   * The live token of (userId, concertId), its heartbeat refreshed, or a new
   * WAITING token with id `token` at the back of the line (`decideEnter`). A
   * store may answer the new token with a suffix of its own after `token`'s
   * random part (Redis appends its line's generation, so it can tell a token
   * it lost in a restart: `QueueReset`); callers use the token it answers.
   * Before the line's `salesOpenAt` the new token is PRE_QUEUED (no rank);
   * from `salesCloseAt` on, no token is issued or returned: `SaleClosed`.
   * `random` (default: the platform's CSPRNG) is there for a store that
   * draws a pre-queued token's place at entry (Redis); a store that shuffles
   * at the opening ignores it here.
   */
  enter(cmd: {
    readonly token: string
    readonly userId: string
    readonly concertId: string
    readonly now: Date
    readonly policy: QueuePolicy
    readonly random?: RandomSource
  }): ResultAsync<QueuePosition, SaleClosed | StoreError>
  /**
   * Reads the token and refreshes a WAITING token's heartbeat (`pollToken`).
   * A store may record the heartbeat coarsely, only when it moves by more than
   * a step of its own (Redis: `heartbeatStepMs`); such a store then judges
   * every WAITING token idle `waitingIdleTtlMs` plus that step after the
   * recorded heartbeat, in every call, so no token is dropped before
   * `waitingIdleTtlMs` has passed since its last poll. The contract suite
   * judges this with the step the adapter declares.
   */
  status(cmd: {
    readonly token: string
    readonly now: Date
    readonly policy: QueuePolicy
  }): ResultAsync<QueuePosition, TokenNotFound | TokenExpired | QueueReset | StoreError>
  /** Deletes the token, whatever its state. `now` dates its TokenLeft event (default: the store's own time). */
  leave(cmd: {
    readonly token: string
    readonly now?: Date
  }): ResultAsync<void, TokenNotFound | QueueReset | StoreError>
  /** `authorizeToken`: the token exists, belongs to userId, is ACTIVE and unexpired. */
  authorize(cmd: {
    readonly token: string
    readonly userId: string
    readonly now: Date
    readonly policy: QueuePolicy
  }): ResultAsync<QueueToken, Exclude<TokenError, { type: 'TokenConcertMismatch' }> | StoreError>
  /**
   * ACTIVE -> COMPLETED after a sale: the token is deleted, freeing its slot
   * at once. `now` dates its TokenCompleted event (default: the store's own time).
   */
  complete(cmd: {
    readonly token: string
    readonly now?: Date
  }): ResultAsync<void, TokenNotFound | QueueReset | StoreError>
  /**
   * One scheduler tick for one concert: delete ACTIVE tokens past expiresAt and
   * WAITING tokens idle for `waitingIdleTtlMs` (at most `sweepLimit` of each);
   * when the opening is due (`openingDue`), put every PRE_QUEUED token in line
   * first, in a uniformly random order drawn from `random`, ahead of every
   * token that entered after the opening; then, unless the line is paused or
   * the sale closed, activate the first live WAITING tokens, `admissionSlots`
   * of them under the line's own limits (`linePolicy`), and record the tick
   * for the admission rate. Safe to run from many processes at once.
   * `random` defaults to the platform's CSPRNG.
   */
  admit(cmd: {
    readonly concertId: string
    readonly now: Date
    readonly policy: QueuePolicy
    readonly random?: RandomSource
  }): ResultAsync<AdmitReport, StoreError>
  /** Concerts that have live (PRE_QUEUED, WAITING or ACTIVE) tokens, at most `limit` of them. */
  concerts(cmd: { readonly limit: number }): ResultAsync<readonly string[], StoreError>
  /** The concert's line settings (`defaultLineSettings` for a concert never configured). */
  lineSettings(cmd: { readonly concertId: string }): ResultAsync<LineSettings, StoreError>
  /** `decideSchedule` over the line's settings and its count of WAITING and ACTIVE tokens, atomically. */
  scheduleSale(cmd: {
    readonly concertId: string
    readonly window: SaleWindow
    readonly now: Date
  }): ResultAsync<LineSettings, SaleAlreadyOpen | StoreError>
  /** `applyControls`: pause, resume, limits; every process's next call sees them. */
  controlLine(cmd: {
    readonly concertId: string
    readonly controls: LineControls
  }): ResultAsync<LineSettings, StoreError>
}

/** What `pay` answers: the payment, and whether the key had made it before. */
export interface PayOutcome {
  readonly payment: Payment
  /** True when the key had already paid: nothing was written and `payment` is the stored one. */
  readonly replayed: boolean
  /** The queue token that paid (null for a payment recorded before stores kept it). */
  readonly token: string | null
}

/** What a charge replayed from an idempotency key, or a fresh charge, answers. */
export type ChargeOutcome = ChargeReceipt

/** A payer's refund request, as the core hands it to a store. */
export interface RefundRequest {
  readonly refundId: string
  readonly entryId: string
  readonly paymentId: string
  readonly userId: string
  readonly idempotencyKey: string
  /** `refund.cutoffMs` of the policy. */
  readonly cutoffMs: number
  readonly now: Date
}

/** Catalog, holds, wallet and payments: one adapter, because paying is one atomic step across them. */
export interface BookingStore {
  /**
   * The booking stream (`booking` and its views). Every hold placed,
   * extended, released or expired, every charge (not a replay), every
   * payment settled or refunded and every date cancelled appends one event in
   * the same atomic step. Every
   * adapter of this repository has it; a store without it makes
   * `box.events.read` on booking streams a ValidationFailed.
   */
  readonly events?: EventStore | undefined
  /** Stores a new concert. */
  createConcert(cmd: { readonly concert: Concert }): ResultAsync<Concert, StoreError>
  /** Every concert, oldest first. */
  listConcerts(): ResultAsync<readonly Concert[], StoreError>
  /** Stores a schedule of a known concert with its seats, all AVAILABLE. */
  addSchedule(cmd: {
    readonly schedule: Schedule
    readonly seats: readonly SeatSpec[]
  }): ResultAsync<Schedule, ConcertNotFound | StoreError>
  /** The concert's schedules by `startsAt`, with seats available at `now`. */
  listDates(cmd: {
    readonly concertId: string
    readonly now: Date
  }): ResultAsync<readonly ScheduleAvailability[], ConcertNotFound | StoreError>
  /** The schedule's seats by number with their status at `now`. */
  listSeats(cmd: {
    readonly scheduleId: string
    readonly now: Date
  }): ResultAsync<SeatMap, ScheduleNotFound | StoreError>
  /**
   * `placeHold` over the seats, their live claims and the seats in the user's
   * live holds, atomically: every seat is claimed by the new hold, or none.
   * Memory applies placeHold; Postgres mirrors it in SQL (`place_hold`,
   * migration 0004) and checks its answer with placeHold.
   */
  holdSeat(cmd: PlaceHoldCommand & { readonly now: Date }): ResultAsync<Hold, PlaceHoldError | StoreError>
  /**
   * `placeBestHold` over the schedule's available seats, atomically: two
   * concurrent calls never pick the same seat, and a call is refused only if
   * too few seats remain for it. Memory applies placeBestHold; Postgres
   * mirrors pickBestSeats in SQL (`pick_best_seats`, migration 0004) over an
   * index of free seats, and the contract suite judges it.
   */
  holdBest(cmd: BestHoldCommand & { readonly now: Date }): ResultAsync<Hold, BestHoldError | StoreError>
  /** `extendHold`: the hold's expiry moves `extendMs` later, once, for every seat of it. */
  extendHold(cmd: {
    readonly holdId: string
    readonly userId: string
    readonly extendMs: number
    readonly now: Date
  }): ResultAsync<Hold, HoldNotFound | NotHoldOwner | HoldNotExtendable | StoreError>
  /** `releaseHold`. */
  releaseHold(cmd: {
    readonly holdId: string
    readonly userId: string
    readonly now: Date
  }): ResultAsync<Hold, HoldNotFound | NotHoldOwner | HoldNotActive | StoreError>
  /** HELD holds past expiresAt -> EXPIRED, at most `limit`; answers how many. */
  expireHolds(cmd: { readonly now: Date; readonly limit: number }): ResultAsync<number, StoreError>
  /**
   * `matchIdempotency` then `applyCharge`, atomically: a replayed key answers
   * the first receipt (balance as it was right after that charge). Memory
   * applies both; Postgres mirrors applyCharge in SQL (one statement, and with
   * a key the `charge_wallet` function of migration 0007, which mirrors
   * matchIdempotency's decision too), and the contract suite judges it.
   */
  charge(
    cmd: ChargeCommand & { readonly now: Date },
  ): ResultAsync<ChargeOutcome, ChargeLimitExceeded | IdempotencyConflict | StoreError>
  /** 0 for a user who never charged. */
  balance(cmd: { readonly userId: string }): ResultAsync<number, StoreError>
  /** Newest first. */
  history(cmd: { readonly userId: string; readonly limit: number }): ResultAsync<readonly LedgerEntry[], StoreError>
  /**
   * The payment a pay key already made, if any: lets a replay answer after its
   * token was completed (the facade asks only when the payer's token no longer
   * authorizes). `token` is the queue token that paid (null for a payment
   * recorded before stores kept it): the only token a replay may complete.
   */
  findPayment(cmd: {
    readonly userId: string
    readonly idempotencyKey: string
  }): ResultAsync<
    { readonly payment: Payment; readonly fingerprint: string; readonly token: string | null } | null,
    StoreError
  >
  /**
   * `matchIdempotency` then `settlePayment`, and on success: debit, ledger
   * entry, hold CONFIRMED, payment row (with the paying token), idempotency
   * record — all or nothing, in one atomic step. A key that already paid for
   * this hold answers the stored payment and the token that paid it, with
   * `replayed` (nothing written); a key recorded for anything else answers
   * IdempotencyConflict. Memory applies both; Postgres mirrors them in SQL
   * (`pay_hold`, migration 0007: one statement), applies both to what it saw,
   * and the contract suite judges it.
   */
  pay(
    cmd: SettleCommand & { readonly now: Date },
  ): ResultAsync<PayOutcome, SettleError | IdempotencyConflict | StoreError>
  /**
   * `matchIdempotency` (operation `refund`, `refundFingerprint`) then
   * `decideRefund` by the payer, and on success: REFUND ledger entry and
   * balance credited, refund row (the payment reads REFUNDED), hold
   * REFUNDED, its seats AVAILABLE, idempotency record — all or nothing. A
   * replayed key answers the stored refund; a refused call keeps no key.
   * Memory applies decideRefund; Postgres mirrors it in SQL (`refund_payment`,
   * migration 0006) and checks the function's answer with decideRefund.
   */
  refund(cmd: RefundRequest): ResultAsync<Refund, RefundError | IdempotencyConflict | StoreError>
  /** The user's payments, newest first (by `paidAt`, then id), with their refund status. */
  listPayments(cmd: {
    readonly userId: string
    readonly limit: number
  }): ResultAsync<readonly PaymentSummary[], StoreError>
  /** A payment with its refund status, whoever made it (the core hides other users' payments); null when unknown. */
  getPayment(cmd: { readonly paymentId: string }): ResultAsync<PaymentSummary | null, StoreError>
  /**
   * One cancellation step, atomically: `cancelSchedule` (the schedule
   * CANCELLED), every live HELD hold of it RELEASED, then at most `limit` of
   * its unrefunded payments refunded (`decideRefund` by the operator, ids from
   * `cancellationRefundIds`); answers what it did and how many payments
   * remain. Safe to repeat and to run from many processes at once: no payment
   * is refunded twice. Memory applies the transitions; Postgres mirrors them
   * in SQL (`cancel_schedule`, migration 0006), taking the schedule's row
   * lock, then the batch with `FOR UPDATE SKIP LOCKED`.
   */
  cancelSchedule(cmd: {
    readonly scheduleId: string
    readonly limit: number
    readonly now: Date
  }): ResultAsync<CancelReport, ScheduleNotFound | StoreError>
  /** CANCELLED schedules that still have payments to refund, at most `limit` of them. */
  pendingCancellations(cmd: { readonly limit: number }): ResultAsync<readonly string[], StoreError>
}
