import { Result } from 'neverthrow'
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
    summary: 'Hold a seat for a few minutes',
    description: 'Gated: needs an ACTIVE queue token for the concert of the date. Pay before `expiresAt`.',
    tag: 'holds',
    headers: tokenHeaders,
    body: holdBody,
    success: { status: 201, description: 'The hold.', schema: holdSchema },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity, MissingQueueToken',
      403: 'TokenNotActive, TokenExpired, TokenUserMismatch, TokenConcertMismatch',
      404: 'TokenNotFound, SeatNotFound (no such date or seat)',
      409: 'SeatUnavailable (held or sold), HoldLimitReached',
      503: 'StoreUnavailable, StoreConflict, QueueReset (enter again)',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request.headers),
        readQueueToken(request.headers),
        readBody(holdBody, request.body),
      ]).asyncAndThen(([userId, token, { scheduleId, seatNo }]) =>
        box.holds.hold({ userId, token, scheduleId, seatNo }),
      ),
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

export const holdRoutes: readonly ApiRoute[] = [holdSeatRoute, releaseHoldRoute]
