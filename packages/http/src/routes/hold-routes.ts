import type { BoxOffice, Hold } from '@boxoffice/core'
import { Result, type ResultAsync } from 'neverthrow'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readParams, readQueueToken, readUserId } from '../request-parts.js'
import { holdBody, holdParams, tokenHeaders } from '../request-schemas.js'
import { holdSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

/** What `hold` or `holdBest` can refuse: the route answers either. */
type HoldRefusal<Call extends 'hold' | 'holdBest'> =
  ReturnType<BoxOffice['holds'][Call]> extends ResultAsync<Hold, infer E> ? E : never

export const holdSeatRoute = defineRoute({
  method: 'POST',
  path: '/holds',
  auth: 'user',
  operationId: 'holdSeat',
  summary: 'Hold one or several seats, or the best available ones, for a few minutes',
  description:
    'Gated: needs an ACTIVE queue token for the concert of the date. Pay before `expiresAt`. ' +
    '`seatNo` holds one seat; `seatNos` several, all or nothing; `count` lets the server pick the best ' +
    'block of adjacent seats (at or under `maxPrice`; apart with `allowSplit`). ' +
    'SeatNotFound: no such date or seat; ScheduleNotFound: best available on no such date; ' +
    'SeatUnavailable: held or sold (lists every taken seat).',
  tag: 'holds',
  headers: tokenHeaders,
  body: holdBody,
  success: { status: 201, description: 'The hold.', schema: holdSchema },
  errors: [
    'ValidationFailed',
    'MissingIdentity',
    'MissingQueueToken',
    'TokenNotActive',
    'TokenExpired',
    'TokenUserMismatch',
    'TokenConcertMismatch',
    'TokenNotFound',
    'QueueReset',
    'SeatNotFound',
    'ScheduleNotFound',
    'SeatUnavailable',
    'HoldLimitReached',
    'NoAdjacentSeats',
    'NotEnoughSeats',
    'ScheduleCancelled',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { request: examples.holdSeat, response: examples.hold },
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request),
        readQueueToken(request.headers),
        readBody(holdBody, request.body),
      ]).asyncAndThen(([userId, token, body]): ResultAsync<Hold, HoldRefusal<'hold'> | HoldRefusal<'holdBest'>> => {
        const { scheduleId, seatNo, seatNos, count, maxPrice, allowSplit } = body
        if (count !== undefined) {
          return box.holds.holdBest({
            userId,
            token,
            scheduleId,
            count,
            ...(maxPrice === undefined ? {} : { maxPrice }),
            ...(allowSplit === undefined ? {} : { allowSplit }),
          })
        }
        return seatNos === undefined
          ? box.holds.hold({ userId, token, scheduleId, seatNo: seatNo ?? 0 })
          : box.holds.hold({ userId, token, scheduleId, seatNos })
      }),
      (hold) => reply(201, hold),
    ),
})

export const releaseHoldRoute = defineRoute({
  method: 'DELETE',
  path: '/holds/:holdId',
  auth: 'user',
  operationId: 'releaseHold',
  summary: 'Give a held seat back',
  description: 'HoldNotActive: already paid, released or expired.',
  tag: 'holds',
  params: holdParams,
  success: { status: 204, description: 'The seat is available again.' },
  errors: [
    'ValidationFailed',
    'MissingIdentity',
    'NotHoldOwner',
    'HoldNotFound',
    'HoldNotActive',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: {},
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request), readParams(holdParams, request.params)]).asyncAndThen(
        ([userId, { holdId }]) => box.holds.release({ userId, holdId }),
      ),
      () => reply(204),
    ),
})

export const extendHoldRoute = defineRoute({
  method: 'POST',
  path: '/holds/:holdId/extension',
  auth: 'user',
  operationId: 'extendHold',
  summary: 'Keep the seats a little longer',
  description:
    'Moves `expiresAt` later by hold.extendMs, once per hold, while it is HELD and unexpired. ' +
    'HoldNotExtendable: extended already, paid, released or expired.',
  tag: 'holds',
  params: holdParams,
  success: { status: 200, description: 'The hold with its later expiry.', schema: holdSchema },
  errors: [
    'ValidationFailed',
    'MissingIdentity',
    'NotHoldOwner',
    'HoldNotFound',
    'HoldNotExtendable',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { response: examples.hold },
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request), readParams(holdParams, request.params)]).asyncAndThen(
        ([userId, { holdId }]) => box.holds.extend({ userId, holdId }),
      ),
      (hold) => reply(200, hold),
    ),
})

export const holdRoutes: readonly ApiRoute[] = [holdSeatRoute, releaseHoldRoute, extendHoldRoute]
