import { Result } from 'neverthrow'
import { requireAdmin } from '../admin-guard.js'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readParams } from '../request-parts.js'
import {
  addScheduleBody,
  cancelScheduleBody,
  concertParams,
  createConcertBody,
  scheduleParams,
} from '../request-schemas.js'
import { cancelReportSchema, concertSchema, scheduleSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

export const createConcertRoute = defineRoute({
  method: 'POST',
  path: '/admin/concerts',
  auth: 'admin',
  operationId: 'createConcert',
  summary: 'Put a concert on sale',
  description: 'AdminUnauthorized: missing or wrong bearer token; AdminDisabled: the server has no admin token.',
  tag: 'admin',
  body: createConcertBody,
  success: { status: 201, description: 'The concert.', schema: concertSchema },
  errors: [
    'ValidationFailed',
    'AdminUnauthorized',
    'AdminDisabled',
    'SaleAlreadyOpen',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { request: examples.createConcert, response: examples.concert },
  handle: (request, { box, adminToken }) =>
    respond(
      requireAdmin(request.headers, adminToken)
        .andThen(() => readBody(createConcertBody, request.body))
        .asyncAndThen((input) => box.catalog.createConcert(input)),
      (concert) => reply(201, concert),
    ),
})

export const addScheduleRoute = defineRoute({
  method: 'POST',
  path: '/admin/concerts/:concertId/schedules',
  auth: 'admin',
  operationId: 'addSchedule',
  summary: 'Add a date with its seats',
  description: '`seats` is a count (seats 1..N at `price`) or a list of `{ seatNo, price }`.',
  tag: 'admin',
  params: concertParams,
  body: addScheduleBody,
  success: { status: 201, description: 'The date.', schema: scheduleSchema },
  errors: [
    'ValidationFailed',
    'AdminUnauthorized',
    'AdminDisabled',
    'ConcertNotFound',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { request: examples.addSchedule, response: examples.schedule },
  handle: (request, { box, adminToken }) =>
    respond(
      requireAdmin(request.headers, adminToken)
        .andThen(() =>
          Result.combine([readParams(concertParams, request.params), readBody(addScheduleBody, request.body)]),
        )
        .asyncAndThen(([{ concertId }, schedule]) => box.catalog.addSchedule({ concertId, ...schedule })),
      (schedule) => reply(201, schedule),
    ),
})

export const cancelScheduleRoute = defineRoute({
  method: 'POST',
  path: '/admin/schedules/:scheduleId/cancel',
  auth: 'admin',
  operationId: 'cancelSchedule',
  summary: 'Cancel a date and refund its sales',
  description:
    'The date becomes CANCELLED (new holds: ScheduleCancelled, 410), its live holds are released and at most ' +
    '`limit` of its payments are refunded per call. Call again until `remaining` is 0, or let the scheduler ' +
    'finish; safe to repeat and to call from many processes at once: no payment is refunded twice.',
  tag: 'admin',
  params: scheduleParams,
  body: cancelScheduleBody,
  success: { status: 200, description: 'What this call did.', schema: cancelReportSchema },
  errors: [
    'ValidationFailed',
    'AdminUnauthorized',
    'AdminDisabled',
    'ScheduleNotFound',
    'StoreUnavailable',
    'StoreConflict',
  ],
  example: { request: examples.cancelSchedule, response: examples.cancelReport },
  handle: (request, { box, adminToken }) =>
    respond(
      requireAdmin(request.headers, adminToken)
        .andThen(() =>
          Result.combine([readParams(scheduleParams, request.params), readBody(cancelScheduleBody, request.body)]),
        )
        .asyncAndThen(([{ scheduleId }, { limit }]) =>
          box.catalog.cancelSchedule(limit === undefined ? { scheduleId } : { scheduleId, limit }),
        ),
      (report) => reply(200, report),
    ),
})

export const adminRoutes: readonly ApiRoute[] = [createConcertRoute, addScheduleRoute, cancelScheduleRoute]
