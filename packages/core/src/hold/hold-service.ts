import { errAsync, type ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import {
  validationFailed,
  type HoldNotActive,
  type HoldNotExtendable,
  type HoldNotFound,
  type NotHoldOwner,
  type StoreError,
  type TokenError,
  type ValidationFailed,
} from '../errors.js'
import { parseInput } from '../validation.js'
import type { BestHoldError } from './best-seats.js'
import type { Hold, PlaceHoldError } from './hold.js'
import { extendInput, holdBestInput, holdInput, releaseInput } from './schema.js'
import type { ExtendInput, HoldBestInput, HoldInput, ReleaseInput } from './schema.js'

/** `box.holds`: seats held for a while, then paid for, released or expired. */
export interface HoldsApi {
  /**
   * Authorizes the queue token, then holds the seat (`seatNo`) or seats
   * (`seatNos`, 1..`hold.maxSeatsPerHold` distinct seats of one schedule) for
   * `hold.ttlMs`, all or nothing: if any seat is taken, nothing is held and
   * SeatUnavailable lists every taken seat.
   *
   * @example
   * ```ts
   * const hold = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNos: [7, 8] })
   * if (hold.isErr() && hold.error.type === 'SeatUnavailable') pickOtherSeats(hold.error.seatNos)
   * ```
   */
  hold(input: HoldInput): ResultAsync<Hold, ValidationFailed | TokenError | PlaceHoldError | StoreError>
  /**
   * Authorizes the queue token, then holds the best `count` available seats
   * at or under `maxPrice`, picked by the store atomically (see
   * `pickBestSeats`): adjacent in one row, or apart with `allowSplit`.
   *
   * @example
   * ```ts
   * const hold = await box.holds.holdBest({ userId: 'u1', token, scheduleId, count: 3, maxPrice: 90_000 })
   * if (hold.isErr() && hold.error.type === 'NoAdjacentSeats') offerSplitSeats()
   * ```
   */
  holdBest(input: HoldBestInput): ResultAsync<Hold, ValidationFailed | TokenError | BestHoldError | StoreError>
  /**
   * The owner gives the seats back.
   *
   * @example
   * ```ts
   * await box.holds.release({ userId: 'u1', holdId })
   * ```
   */
  release(
    input: ReleaseInput,
  ): ResultAsync<Hold, ValidationFailed | HoldNotFound | NotHoldOwner | HoldNotActive | StoreError>
  /**
   * The owner moves the hold's expiry `hold.extendMs` later: once per hold,
   * only while it is HELD and unexpired (else HoldNotExtendable).
   *
   * @example
   * ```ts
   * const longer = await box.holds.extend({ userId: 'u1', holdId })
   * ```
   */
  extend(
    input: ExtendInput,
  ): ResultAsync<Hold, ValidationFailed | HoldNotFound | NotHoldOwner | HoldNotExtendable | StoreError>
  /**
   * One sweeper tick: HELD holds past their expiry become EXPIRED. Answers how many.
   * Expiry is also lazy, so seats free up on time whether or not this runs.
   *
   * @example
   * ```ts
   * const swept = await box.holds.expire()
   * ```
   */
  expire(): ResultAsync<number, StoreError>
}

type HoldAnswer<E> = ResultAsync<Hold, ValidationFailed | TokenError | E | StoreError>

function tooManySeats(field: string, limit: number): ValidationFailed {
  return validationFailed(field, [
    { path: field, message: `one hold takes at most ${limit} seats (hold.maxSeatsPerHold)` },
  ])
}

export function createHoldsApi(ctx: BoxOfficeContext): HoldsApi {
  const policy = ctx.policy
  const authorize = (userId: string, token: string) =>
    ctx.queue.authorize({ token, userId, now: ctx.clock.now(), policy: policy.queue })
  return {
    hold: (input) =>
      parseInput(holdInput, input).asyncAndThen(
        ({ userId, token, scheduleId, seatNos }): HoldAnswer<PlaceHoldError> => {
          if (seatNos.length > policy.hold.maxSeatsPerHold) {
            return errAsync(tooManySeats('seatNos', policy.hold.maxSeatsPerHold))
          }
          return authorize(userId, token).andThen((admitted) =>
            ctx.booking.holdSeat({
              holdId: ctx.ids('hold'),
              userId,
              concertId: admitted.concertId,
              token,
              scheduleId,
              seatNos,
              ttlMs: policy.hold.ttlMs,
              maxSeatsPerUser: policy.hold.maxSeatsPerUser,
              now: ctx.clock.now(),
            }),
          )
        },
      ),
    holdBest: (input) =>
      parseInput(holdBestInput, input).asyncAndThen(
        ({ userId, token, scheduleId, count, maxPrice, allowSplit }): HoldAnswer<BestHoldError> => {
          if (count > policy.hold.maxSeatsPerHold) return errAsync(tooManySeats('count', policy.hold.maxSeatsPerHold))
          return authorize(userId, token).andThen((admitted) =>
            ctx.booking.holdBest({
              holdId: ctx.ids('hold'),
              userId,
              concertId: admitted.concertId,
              token,
              scheduleId,
              count,
              maxPrice: maxPrice ?? null,
              allowSplit: allowSplit ?? false,
              ttlMs: policy.hold.ttlMs,
              maxSeatsPerUser: policy.hold.maxSeatsPerUser,
              now: ctx.clock.now(),
            }),
          )
        },
      ),
    release: (input) =>
      parseInput(releaseInput, input).asyncAndThen(({ userId, holdId }) =>
        ctx.booking.releaseHold({ holdId, userId, now: ctx.clock.now() }),
      ),
    extend: (input) =>
      parseInput(extendInput, input).asyncAndThen(({ userId, holdId }) =>
        ctx.booking.extendHold({ holdId, userId, extendMs: policy.hold.extendMs, now: ctx.clock.now() }),
      ),
    expire: () => ctx.booking.expireHolds({ now: ctx.clock.now(), limit: policy.hold.sweepLimit }),
  }
}
