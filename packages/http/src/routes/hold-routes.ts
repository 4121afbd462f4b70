import { Result } from 'neverthrow'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readParams, readQueueToken, readUserId } from '../request-parts.js'
import { holdBody, holdParams, tokenHeaders } from '../request-schemas.js'
import { holdSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const holdSeatRoute = defineRoute({
  method: 'POST',
  path: '/holds',
  auth: 'user',
  operationId: 'holdSeat',
  summary: 'Hold a seat for a few minutes',
  description:
    'Gated: needs an ACTIVE queue token for the concert of the date. Pay before `expiresAt`. ' +
    'SeatNotFound: no such date or seat; SeatUnavailable: held or sold.',
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
    'SeatNotFound',
    'SeatUnavailable',
    'HoldLimitReached',
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
      ]).asyncAndThen(([userId, token, { scheduleId, seatNo }]) =>
        box.holds.hold({ userId, token, scheduleId, seatNo }),
      ),
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

export const holdRoutes: readonly ApiRoute[] = [holdSeatRoute, releaseHoldRoute]
