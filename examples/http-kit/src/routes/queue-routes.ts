import { tokenUserMismatch, type TokenError } from '@boxoffice/core'
import { err, ok, okAsync, Result, type ResultAsync } from 'neverthrow'
import type { ApiRoute } from '../api-route.js'
import type { GateError } from '../admission-gate.js'
import { reply } from '../http-exchange.js'
import { describeOperation } from '../openapi-operation.js'
import { readBody, readQueueToken, readUserId } from '../request-parts.js'
import { enterBody, tokenHeaders, userHeaders } from '../request-schemas.js'
import { ticketSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

/** A token answers only to the user it was issued to. */
const ownedBy = <T extends { readonly userId: string }>(
  value: T,
  userId: string,
  token: string,
): Result<T, TokenError> => (value.userId === userId ? ok(value) : err(tokenUserMismatch(token)))

export const enterQueueRoute: ApiRoute = {
  method: 'POST',
  path: '/queue/tokens',
  operation: describeOperation({
    operationId: 'enterQueue',
    summary: 'Join the waiting room of a concert',
    description:
      'One live token per user and concert: calling again returns the same token. Poll GET /queue/tokens/current ' +
      'until its status is ACTIVE; a waiting token that is not polled for two minutes is dropped. Before the ' +
      "concert's salesOpenAt the token is PRE_QUEUED: everyone who gathered is shuffled into line at the opening, " +
      'ahead of later arrivals, so arriving early within the pre-queue gives no edge.',
    tag: 'queue',
    headers: userHeaders,
    body: enterBody,
    success: { status: 201, description: 'Your ticket.', schema: ticketSchema },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity',
      404: 'ConcertNotFound',
      410: 'SaleClosed (the sale of this concert closed)',
      503: 'StoreUnavailable',
    },
  }),
  handle: (request, { box, concertExists }) =>
    respond(
      Result.combine([readUserId(request.headers), readBody(enterBody, request.body)]).asyncAndThen(
        ([userId, { concertId }]) => concertExists(concertId).andThen(() => box.queue.enter({ userId, concertId })),
      ),
      (ticket) => reply(201, ticket),
    ),
}

export const queueStatusRoute: ApiRoute = {
  method: 'GET',
  path: '/queue/tokens/current',
  operation: describeOperation({
    operationId: 'queueStatus',
    summary: 'Your place in line',
    description: 'Also the heartbeat that keeps a waiting token in line.',
    tag: 'queue',
    headers: tokenHeaders,
    success: {
      status: 200,
      description: 'Your ticket: rank and ETA while WAITING, expiresAt once ACTIVE.',
      schema: ticketSchema,
    },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity, MissingQueueToken',
      403: 'TokenExpired (enter again), TokenUserMismatch',
      404: 'TokenNotFound (left, completed or dropped: enter again)',
      503: 'StoreUnavailable, QueueReset (the queue lost its data: enter again)',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request.headers), readQueueToken(request.headers)]).asyncAndThen(([userId, token]) =>
        box.queue.status({ token }).andThen((ticket) => ownedBy(ticket, userId, token)),
      ),
      (ticket) => reply(200, ticket),
    ),
}

/** Leaving needs the token to be the caller's, whatever its state: `authorize` checks ownership first. */
const leaveOwnToken = (
  authorized: ResultAsync<unknown, GateError>,
  leave: () => ResultAsync<void, GateError>,
): ResultAsync<void, GateError> =>
  authorized
    .orElse((error) =>
      error.type === 'TokenNotActive' || error.type === 'TokenExpired' ? okAsync(undefined) : err(error),
    )
    .andThen(leave)

export const leaveQueueRoute: ApiRoute = {
  method: 'DELETE',
  path: '/queue/tokens/current',
  operation: describeOperation({
    operationId: 'leaveQueue',
    summary: 'Give up your place (or your admission)',
    tag: 'queue',
    headers: tokenHeaders,
    success: { status: 204, description: 'The token is gone.' },
    errors: {
      400: 'ValidationFailed',
      401: 'MissingIdentity, MissingQueueToken',
      403: 'TokenUserMismatch',
      404: 'TokenNotFound',
      503: 'StoreUnavailable, QueueReset',
    },
  }),
  handle: (request, { box }) =>
    respond(
      Result.combine([readUserId(request.headers), readQueueToken(request.headers)]).asyncAndThen(([userId, token]) =>
        leaveOwnToken(box.queue.authorize({ userId, token }), () => box.queue.leave({ token })),
      ),
      () => reply(204),
    ),
}

export const queueRoutes: readonly ApiRoute[] = [enterQueueRoute, queueStatusRoute, leaveQueueRoute]
