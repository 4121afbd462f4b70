import type { Concert, ScheduleAvailability, SeatView } from '@boxoffice/core'
import { Result } from 'neverthrow'
import { admitCaller, requireConcert } from '../admission-gate.js'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readParams, readQueueToken, readUserId } from '../request-parts.js'
import { concertParams, scheduleParams, tokenHeaders } from '../request-schemas.js'
import { concertSummarySchema, scheduleDateSchema, seatSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

const toConcertSummary = (concert: Concert) => ({ concertId: concert.concertId, title: concert.title })
const toScheduleDate = (date: ScheduleAvailability) => ({
  scheduleId: date.scheduleId,
  startsAt: date.startsAt,
  availableSeats: date.availableSeats,
  status: date.status,
})
const toSeat = (seat: SeatView) => ({ seatNo: seat.seatNo, price: seat.price, row: seat.row, status: seat.status })

const gateErrors = [
  'ValidationFailed',
  'MissingIdentity',
  'MissingQueueToken',
  'TokenNotActive',
  'TokenExpired',
  'TokenUserMismatch',
  'TokenConcertMismatch',
  'TokenNotFound',
  'QueueReset',
  'StoreUnavailable',
  'StoreConflict',
] as const

export const listConcertsRoute = defineRoute({
  method: 'GET',
  path: '/concerts',
  auth: 'public',
  operationId: 'listConcerts',
  summary: 'Concerts on sale',
  description: 'Open to everybody, so a client can find what to queue for.',
  tag: 'catalog',
  success: { status: 200, description: 'Every concert, oldest first.', schema: concertSummarySchema.array() },
  errors: ['StoreUnavailable', 'StoreConflict'],
  example: { response: examples.concertSummaries },
  handle: (_request, { box }) =>
    respond(box.catalog.listConcerts(), (concerts) => reply(200, concerts.map(toConcertSummary))),
})

export const listDatesRoute = defineRoute({
  method: 'GET',
  path: '/concerts/:concertId/dates',
  auth: 'user',
  operationId: 'listDates',
  summary: 'Dates of a concert with their available seats',
  description: 'Gated: needs an ACTIVE queue token for this concert.',
  tag: 'catalog',
  headers: tokenHeaders,
  params: concertParams,
  success: { status: 200, description: 'The dates by start time.', schema: scheduleDateSchema.array() },
  errors: [...gateErrors, 'ConcertNotFound'],
  example: { response: examples.dates },
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request),
        readQueueToken(request.headers),
        readParams(concertParams, request.params),
      ]).asyncAndThen(([userId, token, { concertId }]) =>
        admitCaller(box, userId, token)
          .andThen((admitted) => requireConcert(admitted, concertId))
          .andThen(() => box.catalog.listDates({ concertId })),
      ),
      (dates) => reply(200, dates.map(toScheduleDate)),
    ),
})

export const listSeatsRoute = defineRoute({
  method: 'GET',
  path: '/schedules/:scheduleId/seats',
  auth: 'user',
  operationId: 'listSeats',
  summary: 'Seats of a date with their status',
  description: 'Gated: needs an ACTIVE queue token for the concert of this date.',
  tag: 'catalog',
  headers: tokenHeaders,
  params: scheduleParams,
  success: { status: 200, description: 'The seats by number.', schema: seatSchema.array() },
  errors: [...gateErrors, 'ScheduleNotFound'],
  example: { response: examples.seats },
  handle: (request, { box }) =>
    respond(
      Result.combine([
        readUserId(request),
        readQueueToken(request.headers),
        readParams(scheduleParams, request.params),
      ]).asyncAndThen(([userId, token, { scheduleId }]) =>
        admitCaller(box, userId, token).andThen((admitted) =>
          box.catalog
            .listSeats({ scheduleId })
            .andThen((map) => requireConcert(admitted, map.schedule.concertId).map(() => map.seats)),
        ),
      ),
      (seats) => reply(200, seats.map(toSeat)),
    ),
})

export const catalogRoutes: readonly ApiRoute[] = [listConcertsRoute, listDatesRoute, listSeatsRoute]
