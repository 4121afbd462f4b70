import { idSchema, parseInput, validationFailed, type ValidationFailed } from '@boxoffice/core'
import { EVENT_CURSOR } from '@boxoffice/core/adapter'
import { err, errAsync, ok, okAsync, Result, type ResultAsync } from 'neverthrow'
import { z } from 'zod'
import type { ApiContext } from '../api-context.js'
import { defineRoute, type ApiRoute } from '../api-route.js'
import type { EventFeed } from '../event-stream.js'
import { viewEvent, type EventScope } from '../event-view.js'
import type { HttpRequestParts } from '../http-exchange.js'
import { readUserId } from '../request-parts.js'
import { respond } from '../route-outcome.js'

const cursor = z
  .string()
  .regex(EVENT_CURSOR, 'expected an event id as the stream sent it')
  .meta({ description: 'An event id (`id:` line) the stream sent.', example: '0000000000000000-000000000000002a' })

/** `GET /events` query: exactly one of `scheduleId` or `concertId` (checked by the route), and where to resume. */
export const eventsQuery = z
  .strictObject({
    scheduleId: idSchema.meta({ description: "One date's seat events.", example: 's-2030-05-01' }).optional(),
    concertId: idSchema
      .meta({ description: "Every date's seat events of a concert.", example: 'c-2030-gala' })
      .optional(),
    after: cursor
      .meta({
        description:
          'Resume after this event id, for clients that cannot send `Last-Event-ID` (which wins when both are sent).',
      })
      .optional(),
  })
  .meta({ description: 'Exactly one of `scheduleId` and `concertId`.' })
/** `GET /events` headers. */
export const eventsHeaders = z.object({
  'Last-Event-ID': cursor
    .meta({
      description: 'The last event id the client saw: the stream resumes after it (EventSource sends it on reconnect).',
    })
    .optional(),
})

const lastEventId = z.strictObject({ 'Last-Event-ID': cursor })

/** A query value as a string: a repeated parameter is joined, so it fails validation. */
function queryText(value: unknown): unknown {
  return Array.isArray(value) ? value.join(',') : value
}

function readEventsRequest(
  request: HttpRequestParts,
): Result<{ scope: EventScope; after: string | undefined }, ValidationFailed> {
  const raw = Object.fromEntries(Object.entries(request.query ?? {}).map(([key, value]) => [key, queryText(value)]))
  const header = request.headers['last-event-id']
  const headerValue = Array.isArray(header) ? header.join(', ') : (header as string | undefined)
  return parseInput(eventsQuery, raw).andThen((query) => {
    const scope: EventScope | undefined =
      query.scheduleId !== undefined && query.concertId === undefined
        ? { scheduleId: query.scheduleId }
        : query.concertId !== undefined && query.scheduleId === undefined
          ? { concertId: query.concertId }
          : undefined
    if (scope === undefined) {
      const message = 'give exactly one of scheduleId and concertId'
      return err(validationFailed('scheduleId', [{ path: 'scheduleId', message }]))
    }
    if (headerValue === undefined || headerValue.trim() === '') return ok({ scope, after: query.after })
    return parseInput(lastEventId, { 'Last-Event-ID': headerValue }).map((parsed) => ({
      scope,
      after: parsed['Last-Event-ID'],
    }))
  })
}

/** The scope must name a concert or date that exists: 404 before the stream opens. */
function requireScope(context: ApiContext, scope: EventScope) {
  return 'scheduleId' in scope
    ? context.box.catalog.listSeats({ scheduleId: scope.scheduleId }).map(() => undefined)
    : context.concertExists(scope.concertId)
}

/**
 * The feed a viewer follows. An anonymous viewer reads the scope's own view
 * of the booking stream; a named one reads the whole booking stream, since
 * their wallet events belong to no schedule, and sees what `viewEvent` lets
 * through.
 */
function feedOf(scope: EventScope, after: string | undefined, viewer: string | undefined): EventFeed {
  const stream =
    viewer !== undefined
      ? 'booking'
      : 'scheduleId' in scope
        ? `booking:schedule:${scope.scheduleId}`
        : `booking:concert:${scope.concertId}`
  return { stream, after, view: (event) => viewEvent(event, scope, viewer) }
}

/** The viewer `identify` named, if any (an invalid name is refused, as on every route). */
function readViewer(request: HttpRequestParts): Result<string | undefined, ValidationFailed> {
  if (request.userId === undefined || request.userId === '') return ok(undefined)
  return readUserId(request).match(
    (named): Result<string | undefined, ValidationFailed> => ok(named),
    (error) => (error.type === 'ValidationFailed' ? err(error) : ok(undefined)),
  )
}

const asyncOf = <T, E>(result: Result<T, E>): ResultAsync<T, E> =>
  result.isOk() ? okAsync(result.value) : errAsync(result.error)

export const eventsRoute = defineRoute({
  method: 'GET',
  path: '/events',
  auth: 'viewer',
  operationId: 'streamEvents',
  summary: 'Live seat events of a date or concert (Server-Sent Events)',
  description:
    'A `text/event-stream` of the booking events of one date (`scheduleId`) or of every date of a concert ' +
    '(`concertId`), from the oldest kept event, then live. Each message is `id: <event id>` and ' +
    '`data: <event as JSON>` (`{ id, type, at, concertId, scheduleId, data }`, `type` one of HoldPlaced, ' +
    'HoldExtended, HoldReleased, HoldExpired, PaymentSettled, WalletCharged). Seat events of other users are ' +
    'public but redacted (no userId, hold or payment id, price or amount: `data` holds `seatNos` and, for a ' +
    "hold, `expiresAt`); the caller's own events arrive whole, and their own WalletCharged events too. A bare " +
    '`id:` line moves the cursor past events the caller may not see. Resume with `Last-Event-ID` (or `after`): ' +
    'nothing is missed or sent twice. A `: heartbeat` comment line comes every few seconds. A client that ' +
    'reads too slowly is disconnected and resumes. A failed read sends `event: error` with the error body and ' +
    'ends the stream. No queue token is needed.',
  tag: 'events',
  headers: eventsHeaders,
  query: eventsQuery,
  success: {
    status: 200,
    description: 'The event stream.',
    contentType: 'text/event-stream',
    schema: z.string().meta({
      description: 'Server-Sent Events: `id:` and `data:` lines per event, `: heartbeat` comments.',
      example:
        'retry: 2000\n\nid: 0000000000000000-0000000000000007\ndata: {"id":"0000000000000000-0000000000000007",' +
        '"type":"HoldPlaced","at":"2030-05-01T18:00:00.000Z","concertId":"c-2030-gala",' +
        '"scheduleId":"s-2030-05-01","data":{"seatNos":[12,13],"expiresAt":"2030-05-01T18:05:00.000Z"}}\n\n',
    }),
  },
  errors: ['ValidationFailed', 'ScheduleNotFound', 'ConcertNotFound', 'StoreUnavailable', 'StoreConflict'],
  example: {},
  handle: (request, context) =>
    respond(
      asyncOf(Result.combine([readEventsRequest(request), readViewer(request)])).andThen(([{ scope, after }, viewer]) =>
        requireScope(context, scope).map(() => feedOf(scope, after, viewer)),
      ),
      (feed) => ({ status: 200, stream: feed }),
    ),
})

export const eventRoutes: readonly ApiRoute[] = [eventsRoute]
