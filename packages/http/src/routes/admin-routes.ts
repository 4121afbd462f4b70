import { Result } from 'neverthrow'
import { requireAdmin } from '../admin-guard.js'
import type { ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { describeOperation } from '../openapi-operation.js'
import { readBody, readParams } from '../request-parts.js'
import { addScheduleBody, concertParams, createConcertBody } from '../request-schemas.js'
import { concertSchema, scheduleSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

const adminErrors = {
  401: 'AdminUnauthorized (missing or wrong bearer token)',
  403: 'AdminDisabled (the server has no ADMIN_TOKEN)',
  503: 'StoreUnavailable',
} as const

export const createConcertRoute: ApiRoute = {
  method: 'POST',
  path: '/admin/concerts',
  operation: describeOperation({
    operationId: 'createConcert',
    summary: 'Put a concert on sale',
    tag: 'admin',
    admin: true,
    body: createConcertBody,
    success: { status: 201, description: 'The concert.', schema: concertSchema },
    errors: { 400: 'ValidationFailed', ...adminErrors },
  }),
  handle: (request, { box, adminToken }) =>
    respond(
      requireAdmin(request.headers, adminToken)
        .andThen(() => readBody(createConcertBody, request.body))
        .asyncAndThen((input) => box.catalog.createConcert(input)),
      (concert) => reply(201, concert),
    ),
}

export const addScheduleRoute: ApiRoute = {
  method: 'POST',
  path: '/admin/concerts/:concertId/schedules',
  operation: describeOperation({
    operationId: 'addSchedule',
    summary: 'Add a date with its seats',
    description: '`seats` is a count (seats 1..N at `price`) or a list of `{ seatNo, price }`.',
    tag: 'admin',
    admin: true,
    params: concertParams,
    body: addScheduleBody,
    success: { status: 201, description: 'The date.', schema: scheduleSchema },
    errors: { 400: 'ValidationFailed', ...adminErrors, 404: 'ConcertNotFound' },
  }),
  handle: (request, { box, adminToken }) =>
    respond(
      requireAdmin(request.headers, adminToken)
        .andThen(() =>
          Result.combine([readParams(concertParams, request.params), readBody(addScheduleBody, request.body)]),
        )
        .asyncAndThen(([{ concertId }, schedule]) => box.catalog.addSchedule({ concertId, ...schedule })),
      (schedule) => reply(201, schedule),
    ),
}

export const adminRoutes: readonly ApiRoute[] = [createConcertRoute, addScheduleRoute]
