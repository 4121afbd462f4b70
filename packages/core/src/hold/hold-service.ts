import type { ResultAsync } from 'neverthrow'
import type { BoxOfficeContext } from '../context.js'
import type { HoldNotActive, HoldNotFound, NotHoldOwner, StoreError, TokenError, ValidationFailed } from '../errors.js'
import { parseInput } from '../validation.js'
import type { Hold, PlaceHoldError } from './hold.js'
import { holdInput, releaseInput } from './schema.js'
import type { HoldInput, ReleaseInput } from './schema.js'

/** `box.holds`: seats held for a while, then paid for, released or expired. */
export interface HoldsApi {
  /**
   * Authorizes the queue token, then holds the seat for `hold.ttlMs`.
   *
   * @example
   * ```ts
   * const hold = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 7 })
   * if (hold.isErr() && hold.error.type === 'SeatUnavailable') pickAnotherSeat()
   * ```
   */
  hold(input: HoldInput): ResultAsync<Hold, ValidationFailed | TokenError | PlaceHoldError | StoreError>
  /**
   * The owner gives the seat back.
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

export function createHoldsApi(ctx: BoxOfficeContext): HoldsApi {
  const policy = ctx.policy
  return {
    hold: (input) =>
      parseInput(holdInput, input).asyncAndThen(({ userId, token, scheduleId, seatNo }) =>
        ctx.queue.authorize({ token, userId, now: ctx.clock.now(), policy: policy.queue }).andThen((admitted) =>
          ctx.booking.holdSeat({
            holdId: ctx.ids('hold'),
            userId,
            concertId: admitted.concertId,
            token,
            scheduleId,
            seatNo,
            ttlMs: policy.hold.ttlMs,
            maxPerUser: policy.hold.maxPerUser,
            now: ctx.clock.now(),
          }),
        ),
      ),
    release: (input) =>
      parseInput(releaseInput, input).asyncAndThen(({ userId, holdId }) =>
        ctx.booking.releaseHold({ holdId, userId, now: ctx.clock.now() }),
      ),
    expire: () => ctx.booking.expireHolds({ now: ctx.clock.now(), limit: policy.hold.sweepLimit }),
  }
}
