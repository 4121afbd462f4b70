import type { Hold } from '@boxoffice/core'
import { Result, type ResultAsync } from 'neverthrow'
import type { ApiError } from '../api-error.js'
import type { ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { describeOperation } from '../openapi-operation.js'
import { readBody, readParams, readQueueToken, readUserId } from '../request-parts.js'
import { holdBody, holdParams, tokenHeaders, userHeaders } from '../request-schemas.js'
import { holdSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const holdSeatRoute: ApiRoute = {
  method: 'POST',
  path: '/holds',
  operation: describeOperation({
    operationId: 'holdSeat',
    summary: 'Hold one or several seats, or the best available ones, for a few minutes',
    description:
      'Gated: needs an ACTIVE queue token for the concert of the date. Pay before `expiresAt`. ' +
      '`seatNo` holds one seat; `seatNos` several, all or nothing; `count` lets the server pick the best ' +
      'block of adjacent seats (at or under `maxPrice`; apart with `allowSplit`).',
    tag: 'holds',
    headers: tokenHeaders,
    body: holdBody,
    success: { status: 201, description: 'The hold.', schema: holdSchema },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity, MissingQueueToken',
      403: 'TokenNotActive, TokenExpired, TokenUserMismatch, TokenConcertMismatch',
      404: 'TokenNotFound, SeatNotFound (no such date or seat), ScheduleNotFound (best available: no such date)',
      409: 'SeatUnavailable (lists every taken seat), HoldLimitReached, NoAdjacentSeats, NotEnoughSeats',
      503: 'StoreUnavailable, StoreConflict',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request.headers),
        readQueueToken(request.headers),
        readBody(holdBody, request.body),
      ]).asyncAndThen(([userId, token, body]): ResultAsync<Hold, ApiError> => {
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
}

export const releaseHoldRoute: ApiRoute = {
  method: 'DELETE',
  path: '/holds/:holdId',
  operation: describeOperation({
    operationId: 'releaseHold',
    summary: 'Give a held seat back',
    tag: 'holds',
    headers: userHeaders,
    params: holdParams,
    success: { status: 204, description: 'The seat is available again.' },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity',
      403: 'NotHoldOwner',
      404: 'HoldNotFound',
      409: 'HoldNotActive (already paid, released or expired)',
      503: 'StoreUnavailable, StoreConflict',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request.headers), readParams(holdParams, request.params)]).asyncAndThen(
        ([userId, { holdId }]) => box.holds.release({ userId, holdId }),
      ),
      () => reply(204),
    ),
}

export const extendHoldRoute: ApiRoute = {
  method: 'POST',
  path: '/holds/:holdId/extension',
  operation: describeOperation({
    operationId: 'extendHold',
    summary: 'Keep the seats a little longer',
    description: 'Moves `expiresAt` later by hold.extendMs, once per hold, while it is HELD and unexpired.',
    tag: 'holds',
    headers: userHeaders,
    params: holdParams,
    success: { status: 200, description: 'The hold with its later expiry.', schema: holdSchema },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity',
      403: 'NotHoldOwner',
      404: 'HoldNotFound',
      409: 'HoldNotExtendable (extended already, paid, released or expired)',
      503: 'StoreUnavailable, StoreConflict',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request.headers), readParams(holdParams, request.params)]).asyncAndThen(
        ([userId, { holdId }]) => box.holds.extend({ userId, holdId }),
      ),
      (hold) => reply(200, hold),
    ),
}

export const holdRoutes: readonly ApiRoute[] = [holdSeatRoute, releaseHoldRoute, extendHoldRoute]
