import { err, ok, type Result } from 'neverthrow'
import {
  holdLimitReached,
  holdNotActive,
  holdNotFound,
  notHoldOwner,
  seatNotFound,
  seatUnavailable,
  tokenConcertMismatch,
  type HoldLimitReached,
  type HoldNotActive,
  type HoldNotFound,
  type NotHoldOwner,
  type SeatNotFound,
  type SeatUnavailable,
  type TokenConcertMismatch,
} from '../errors.js'
import type { SeatSpec, SeatStatus } from '../catalog/catalog.js'

/** `HELD -> CONFIRMED (paid) | RELEASED (owner) | EXPIRED (ttl)`. */
export type HoldStatus = 'HELD' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED'

/** The hold in another state (a literal, not a spread: see `tokenWith`). */
export function holdWithStatus(hold: Hold, status: HoldStatus): Hold {
  return {
    holdId: hold.holdId,
    userId: hold.userId,
    concertId: hold.concertId,
    scheduleId: hold.scheduleId,
    seatNo: hold.seatNo,
    price: hold.price,
    status,
    createdAt: hold.createdAt,
    expiresAt: hold.expiresAt,
  }
}

/** A claim on one seat of one schedule. */
export interface Hold {
  readonly holdId: string
  readonly userId: string
  readonly concertId: string
  readonly scheduleId: string
  readonly seatNo: number
  readonly price: number
  readonly status: HoldStatus
  readonly createdAt: Date
  readonly expiresAt: Date
}

/** A hold claims its seat while HELD and unexpired, or once CONFIRMED. Expiry is lazy: no sweep needed. */
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

/** What `placeHold` is asked to do: hold one seat for a user's admitted token. */
export interface PlaceHoldCommand {
  readonly holdId: string
  readonly userId: string
  /** The concert the caller's queue token admits to. */
  readonly concertId: string
  readonly token: string
  readonly scheduleId: string
  readonly seatNo: number
  readonly ttlMs: number
  readonly maxPerUser: number
}

/** What a store knows at the moment of a hold, read inside its atomic section. */
export interface HoldSituation {
  /** The schedule's concert, or undefined when the schedule does not exist. */
  readonly scheduleConcertId: string | undefined
  /** The seat, or undefined when the schedule has no such seat. */
  readonly seat: SeatSpec | undefined
  /** The latest hold on the seat, if any (live or not). */
  readonly claim: Hold | undefined
  /** The user's live HELD holds. */
  readonly userLiveHolds: number
}

/** Why `placeHold` refused. */
export type PlaceHoldError = TokenConcertMismatch | SeatNotFound | SeatUnavailable | HoldLimitReached

/**
 * Checks, in order: the schedule belongs to the token's concert, the seat
 * exists, nobody has a live claim on it, the user is under the hold limit.
 */
export function placeHold(situation: HoldSituation, cmd: PlaceHoldCommand, now: Date): Result<Hold, PlaceHoldError> {
  if (situation.scheduleConcertId === undefined || situation.seat === undefined) {
    return err(seatNotFound(cmd.scheduleId, cmd.seatNo))
  }
  if (situation.scheduleConcertId !== cmd.concertId) {
    return err(tokenConcertMismatch(cmd.token, cmd.concertId))
  }
  if (situation.claim !== undefined && isLiveClaim(situation.claim, now)) {
    return err(seatUnavailable(cmd.scheduleId, cmd.seatNo))
  }
  if (situation.userLiveHolds >= cmd.maxPerUser) return err(holdLimitReached(cmd.maxPerUser))
  return ok({
    holdId: cmd.holdId,
    userId: cmd.userId,
    concertId: cmd.concertId,
    scheduleId: cmd.scheduleId,
    seatNo: cmd.seatNo,
    price: situation.seat.price,
    status: 'HELD',
    createdAt: now,
    expiresAt: new Date(now.getTime() + cmd.ttlMs),
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

/** The status a hold has at `now`, counting lazy expiry. */
export function effectiveHoldStatus(hold: Hold, now: Date): HoldStatus {
  return hold.status === 'HELD' && hold.expiresAt.getTime() <= now.getTime() ? 'EXPIRED' : hold.status
}

/** The sweeper's step: HELD past expiresAt -> EXPIRED; anything else is left as is. */
export function expireHold(hold: Hold, now: Date): Hold {
  return effectiveHoldStatus(hold, now) === hold.status ? hold : holdWithStatus(hold, 'EXPIRED')
}
