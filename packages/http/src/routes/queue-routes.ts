import { tokenUserMismatch, type TokenUserMismatch } from '@boxoffice/core'
import { err, errAsync, ok, okAsync, Result, type ResultAsync } from 'neverthrow'
import { defineRoute, type ApiRoute } from '../api-route.js'
import type { GateError } from '../admission-gate.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readQueueToken, readUserId } from '../request-parts.js'
import { enterBody, tokenHeaders } from '../request-schemas.js'
import { ticketSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

/** A token answers only to the user it was issued to. */
const ownedBy = <T extends { readonly userId: string }>(
  value: T,
  userId: string,
  token: string,
): Result<T, TokenUserMismatch> => (value.userId === userId ? ok(value) : err(tokenUserMismatch(token)))

export const enterQueueRoute = defineRoute({
  method: 'POST',
  path: '/queue/tokens',
  auth: 'user',
  operationId: 'enterQueue',
  summary: 'Join the waiting room of a concert',
  description:
    'One live token per user and concert: calling again returns the same token. Poll GET /queue/tokens/current ' +
    'until its status is ACTIVE; a waiting token that is not polled for two minutes is dropped. Before the ' +
    "concert's salesOpenAt the token is PRE_QUEUED: everyone who gathered is shuffled into line at the opening, " +
    'ahead of later arrivals, so arriving early within the pre-queue gives no edge.',
  tag: 'queue',
  body: enterBody,
  success: { status: 201, description: 'Your ticket.', schema: ticketSchema },
  errors: ['ValidationFailed', 'MissingIdentity', 'ConcertNotFound', 'SaleClosed', 'StoreUnavailable', 'StoreConflict'],
  example: { request: examples.enter, response: examples.waitingTicket },
  handle: (request, { box, concertExists }) =>
    respond(
      Result.combine([readUserId(request), readBody(enterBody, request.body)]).asyncAndThen(([userId, { concertId }]) =>
        concertExists(concertId).andThen(() => box.queue.enter({ userId, concertId })),
      ),
      (ticket) => reply(201, ticket),
    ),
})

export const queueStatusRoute = defineRoute({
  method: 'GET',
  path: '/queue/tokens/current',
  auth: 'user',
  operationId: 'queueStatus',
  summary: 'Your place in line',
  description:
    'Also the heartbeat that keeps a waiting token in line. TokenExpired or TokenNotFound (left, completed or ' +
    'dropped): enter again.',
  tag: 'queue',
  headers: tokenHeaders,
  success: {
    status: 200,
    description: 'Your ticket: rank and ETA while WAITING, expiresAt once ACTIVE.',
    schema: ticketSchema,
  },
  errors: [
    'ValidationFailed',
    'MissingIdentity',
    'MissingQueueToken',
    'TokenExpired',
    'TokenUserMismatch',
    'TokenNotFound',
    'StoreUnavailable',
    'QueueReset',
    'StoreConflict',
  ],
  example: { response: examples.activeTicket },
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request), readQueueToken(request.headers)]).asyncAndThen(([userId, token]) =>
        box.queue.status({ token }).andThen((ticket) => ownedBy(ticket, userId, token)),
      ),
      (ticket) => reply(200, ticket),
    ),
})

type LeaveError = Exclude<GateError, { readonly type: 'TokenNotActive' | 'TokenExpired' }>

/** Leaving needs the token to be the caller's, whatever its state: `authorize` checks ownership first. */
const leaveOwnToken = (
  authorized: ResultAsync<unknown, GateError>,
  leave: () => ResultAsync<void, LeaveError>,
): ResultAsync<void, LeaveError> =>
  authorized
    .orElse((error): ResultAsync<void, LeaveError> =>
      error.type === 'TokenNotActive' || error.type === 'TokenExpired' ? okAsync(undefined) : errAsync(error),
    )
    .andThen(leave)

export const leaveQueueRoute = defineRoute({
  method: 'DELETE',
  path: '/queue/tokens/current',
  auth: 'user',
  operationId: 'leaveQueue',
  summary: 'Give up your place (or your admission)',
  tag: 'queue',
  headers: tokenHeaders,
  success: { status: 204, description: 'The token is gone.' },
  errors: [
    'ValidationFailed',
    'MissingIdentity',
    'MissingQueueToken',
    'TokenUserMismatch',
    'TokenConcertMismatch',
    'TokenNotFound',
    'StoreUnavailable',
    'QueueReset',
    'StoreConflict',
  ],
  example: {},
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request), readQueueToken(request.headers)]).asyncAndThen(([userId, token]) =>
        leaveOwnToken(box.queue.authorize({ userId, token }), () => box.queue.leave({ token })),
      ),
      () => reply(204),
    ),
})

export const queueRoutes: readonly ApiRoute[] = [enterQueueRoute, queueStatusRoute, leaveQueueRoute]
