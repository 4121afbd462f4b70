import { err, ok, type Result } from 'neverthrow'
import {
  holdLimitReached,
  holdNotActive,
  holdNotExtendable,
  holdNotFound,
  notHoldOwner,
  scheduleCancelled,
  seatNotFound,
  seatUnavailable,
  tokenConcertMismatch,
  type HoldLimitReached,
  type HoldNotActive,
  type HoldNotExtendable,
  type HoldNotFound,
  type NotHoldOwner,
  type ScheduleCancelled,
  type SeatNotFound,
  type SeatUnavailable,
  type TokenConcertMismatch,
} from '../errors.js'
import type { SeatSpec, SeatStatus } from '../catalog/catalog.js'

/**
 * `HELD -> CONFIRMED (paid) | RELEASED (owner, or the schedule cancelled) | EXPIRED (ttl)`;
 * `CONFIRMED -> REFUNDED` (the payment refunded: its seats are AVAILABLE again).
 */
export type HoldStatus = 'HELD' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED' | 'REFUNDED'

/** The hold with another status and expiry (a literal, not a spread: see `tokenWith`). */
function holdWith(hold: Hold, status: HoldStatus, expiresAt: Date, extended: boolean): Hold {
  return {
    holdId: hold.holdId,
    userId: hold.userId,
    concertId: hold.concertId,
    scheduleId: hold.scheduleId,
    seatNo: hold.seatNo,
    seatNos: hold.seatNos,
    price: hold.price,
    status,
    createdAt: hold.createdAt,
    expiresAt,
    extended,
  }
}

/** The hold in another state. */
export function holdWithStatus(hold: Hold, status: HoldStatus): Hold {
  return holdWith(hold, status, hold.expiresAt, hold.extended)
}

/** A claim on one or more seats of one schedule, all or nothing (invariant 10). */
export interface Hold {
  readonly holdId: string
  readonly userId: string
  readonly concertId: string
  readonly scheduleId: string
  /** The hold's first seat (its lowest number); `seatNos` lists every seat. */
  readonly seatNo: number
  /** Every seat of the hold, in ascending order. */
  readonly seatNos: readonly number[]
  /** The sum of the seats' prices. */
  readonly price: number
  readonly status: HoldStatus
  readonly createdAt: Date
  readonly expiresAt: Date
  /** Whether `holds.extend` has moved `expiresAt` (a hold is extended once). */
  readonly extended: boolean
}

/** A hold claims its seats while HELD and unexpired, or once CONFIRMED. Expiry is lazy: no sweep needed. */
export function isLiveClaim(hold: Hold, now: Date): boolean {
  return hold.status === 'CONFIRMED' || (hold.status === 'HELD' && hold.expiresAt.getTime() > now.getTime())
}

/** A HELD hold that still counts against its owner's limit. */
export function isLiveHold(hold: Hold, now: Date): boolean {
  return hold.status === 'HELD' && hold.expiresAt.getTime() > now.getTime()
}

/** The seat's status derived from the hold that claims it (if any). */
export function seatStatus(claim: Hold | undefined, now: Date): SeatStatus {
  if (claim === undefined || !isLiveClaim(claim, now)) return 'AVAILABLE'
  return claim.status === 'CONFIRMED' ? 'SOLD' : 'HELD'
}

/** What `placeHold` is asked to do: hold seats of one schedule for a user's admitted token. */
export interface PlaceHoldCommand {
  readonly holdId: string
  readonly userId: string
  /** The concert the caller's queue token admits to. */
  readonly concertId: string
  readonly token: string
  readonly scheduleId: string
  /** Distinct seat numbers in ascending order (the facade sorts them). */
  readonly seatNos: readonly number[]
  readonly ttlMs: number
  /** Most seats the user may have in live holds, this one included. */
  readonly maxSeatsPerUser: number
}

/** What a store knows at the moment of a hold, read inside its atomic section. */
export interface HoldSituation {
  /** The schedule's concert, or undefined when the schedule does not exist. */
  readonly scheduleConcertId: string | undefined
  /** Each seat asked for, in the command's order; undefined where the schedule has no such seat. */
  readonly seats: readonly (SeatSpec | undefined)[]
  /** The seats asked for that a live hold claims or a sale took. */
  readonly taken: readonly number[]
  /** Seats in the user's live HELD holds. */
  readonly userLiveSeats: number
  /** Whether the schedule was cancelled (default false: a store that learns it from a guard on its write leaves it out). */
  readonly scheduleCancelled?: boolean | undefined
}

/** Why `placeHold` refused. */
export type PlaceHoldError =
  TokenConcertMismatch | SeatNotFound | SeatUnavailable | HoldLimitReached | ScheduleCancelled

/**
 * Checks, in order: every seat exists on the schedule, the schedule belongs to
 * the token's concert, no seat has a live claim (all of them are named), the
 * user stays within `maxSeatsPerUser`; last, the schedule is not cancelled
 * (checked last so a store may learn it from a guard on its write: a hold
 * that would otherwise be placed is the one refused as ScheduleCancelled).
 * Then the hold takes every seat at once.
 */
export function placeHold(situation: HoldSituation, cmd: PlaceHoldCommand, now: Date): Result<Hold, PlaceHoldError> {
  const missing = cmd.seatNos.find((_, i) => situation.seats[i] === undefined)
  if (situation.scheduleConcertId === undefined || missing !== undefined) {
    return err(seatNotFound(cmd.scheduleId, missing ?? cmd.seatNos[0] ?? 0))
  }
  if (situation.scheduleConcertId !== cmd.concertId) {
    return err(tokenConcertMismatch(cmd.token, cmd.concertId))
  }
  if (situation.taken.length > 0) return err(seatUnavailable(cmd.scheduleId, situation.taken))
  if (situation.userLiveSeats + cmd.seatNos.length > cmd.maxSeatsPerUser) {
    return err(holdLimitReached(cmd.maxSeatsPerUser))
  }
  if (situation.scheduleCancelled === true) return err(scheduleCancelled(cmd.scheduleId))
  let price = 0
  for (const seat of situation.seats) price += seat?.price ?? 0
  return ok({
    holdId: cmd.holdId,
    userId: cmd.userId,
    concertId: cmd.concertId,
    scheduleId: cmd.scheduleId,
    seatNo: cmd.seatNos[0] ?? 0,
    seatNos: cmd.seatNos,
    price,
    status: 'HELD',
    createdAt: now,
    expiresAt: new Date(now.getTime() + cmd.ttlMs),
    extended: false,
  })
}

/** HELD -> RELEASED, by the owner only, while the hold is live. */
export function releaseHold(
  holdId: string,
  hold: Hold | undefined,
  userId: string,
  now: Date,
): Result<Hold, HoldNotFound | NotHoldOwner | HoldNotActive> {
  if (hold === undefined) return err(holdNotFound(holdId))
  if (hold.userId !== userId) return err(notHoldOwner(holdId))
  if (!isLiveHold(hold, now)) return err(holdNotActive(holdId, effectiveHoldStatus(hold, now)))
  return ok(holdWithStatus(hold, 'RELEASED'))
}

/**
 * Moves a live hold's expiry `extendMs` later, once, by its owner. A hold that
 * is not HELD and unexpired, that lost its seats (`claimsItsSeats` false: the
 * clock stepped back after a later hold took a seat), or that was extended
 * already, answers HoldNotExtendable.
 */
export function extendHold(
  holdId: string,
  hold: Hold | undefined,
  userId: string,
  extendMs: number,
  now: Date,
  claimsItsSeats: boolean,
): Result<Hold, HoldNotFound | NotHoldOwner | HoldNotExtendable> {
  if (hold === undefined) return err(holdNotFound(holdId))
  if (hold.userId !== userId) return err(notHoldOwner(holdId))
  if (!isLiveHold(hold, now) || !claimsItsSeats) {
    return err(holdNotExtendable(holdId, claimsItsSeats ? effectiveHoldStatus(hold, now) : 'EXPIRED'))
  }
  if (hold.extended) return err(holdNotExtendable(holdId, 'EXTENDED'))
  return ok(holdWith(hold, 'HELD', new Date(hold.expiresAt.getTime() + extendMs), true))
}

/** The status a hold has at `now`, counting lazy expiry. */
export function effectiveHoldStatus(hold: Hold, now: Date): HoldStatus {
  return hold.status === 'HELD' && hold.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : hold.status
}

/** The sweeper's step: HELD past expiresAt -> EXPIRED; anything else is left as is. */
export function expireHold(hold: Hold, now: Date): Hold {
  return effectiveHoldStatus(hold, now) === hold.status ? hold : holdWithStatus(hold, 'EXPIRED')
}
