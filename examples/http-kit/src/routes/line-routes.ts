import type { BoxOffice, LineSettings } from '@boxoffice/core'
import { Result, type ResultAsync } from 'neverthrow'
import { requireAdmin } from '../admin-guard.js'
import type { ApiContext } from '../api-context.js'
import type { ApiError } from '../api-error.js'
import type { ApiRoute } from '../api-route.js'
import { reply, type HttpReply, type HttpRequestParts } from '../http-exchange.js'
import { describeOperation } from '../openapi-operation.js'
import { readBody, readParams } from '../request-parts.js'
import { concertParams, lineLimitsBody, scheduleSaleBody } from '../request-schemas.js'
import { lineSettingsSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

const lineErrors = {
  401: 'AdminUnauthorized (missing or wrong bearer token)',
  403: 'AdminDisabled (the server has no ADMIN_TOKEN)',
  404: 'ConcertNotFound',
  503: 'StoreUnavailable',
} as const

const settings = {
  status: 200 as const,
  description: "The concert's sale window and live controls.",
  schema: lineSettingsSchema,
}

/** Admin, a known concert, then `act` on its line: the shape every line route shares. */
function lineRoute(
  request: HttpRequestParts,
  context: ApiContext,
  act: (box: BoxOffice, concertId: string) => ResultAsync<LineSettings, ApiError>,
): Promise<HttpReply> {
  return respond(
    requireAdmin(request.headers, context.adminToken)
      .andThen(() => readParams(concertParams, request.params))
      .asyncAndThen(({ concertId }) => context.concertExists(concertId).andThen(() => act(context.box, concertId))),
    (line) => reply(200, line),
  )
}

export const scheduleSaleRoute: ApiRoute = {
  method: 'POST',
  path: '/admin/concerts/:concertId/sale',
  operation: describeOperation({
    operationId: 'scheduleSale',
    summary: 'Set the sale window',
    description:
      'Before `salesOpenAt` people gather PRE_QUEUED; the first tick at or after it shuffles them into line ' +
      'ahead of everyone who came later; from `salesCloseAt` on nobody enters. The opening time can move ' +
      'until the line opens; afterwards only the closing time.',
    tag: 'admin',
    admin: true,
    params: concertParams,
    body: scheduleSaleBody,
    success: settings,
    errors: { 400: 'ValidationFailed', ...lineErrors, 409: 'SaleAlreadyOpen' },
  }),
  handle: (request, context) =>
    respond(
      requireAdmin(request.headers, context.adminToken)
        .andThen(() =>
          Result.combine([readParams(concertParams, request.params), readBody(scheduleSaleBody, request.body)]),
        )
        .asyncAndThen(([{ concertId }, window]) => context.box.catalog.scheduleSale({ concertId, ...window })),
      (line) => reply(200, line),
    ),
}

export const lineSettingsRoute: ApiRoute = {
  method: 'GET',
  path: '/admin/concerts/:concertId/line',
  operation: describeOperation({
    operationId: 'lineSettings',
    summary: "The line's sale window and live controls",
    tag: 'admin',
    admin: true,
    params: concertParams,
    success: settings,
    errors: { 400: 'ValidationFailed', ...lineErrors },
  }),
  handle: (request, context) => lineRoute(request, context, (box, concertId) => box.queue.line({ concertId })),
}

export const pauseLineRoute: ApiRoute = {
  method: 'POST',
  path: '/admin/concerts/:concertId/line/pause',
  operation: describeOperation({
    operationId: 'pauseLine',
    summary: 'Stop admitting (every server, from its next tick)',
    description: 'Ranks still show; ETAs are null while paused.',
    tag: 'admin',
    admin: true,
    params: concertParams,
    success: settings,
    errors: { 400: 'ValidationFailed', ...lineErrors },
  }),
  handle: (request, context) => lineRoute(request, context, (box, concertId) => box.queue.pause({ concertId })),
}

export const resumeLineRoute: ApiRoute = {
  method: 'POST',
  path: '/admin/concerts/:concertId/line/resume',
  operation: describeOperation({
    operationId: 'resumeLine',
    summary: 'Admit again after a pause',
    tag: 'admin',
    admin: true,
    params: concertParams,
    success: settings,
    errors: { 400: 'ValidationFailed', ...lineErrors },
  }),
  handle: (request, context) => lineRoute(request, context, (box, concertId) => box.queue.resume({ concertId })),
}

export const lineLimitsRoute: ApiRoute = {
  method: 'POST',
  path: '/admin/concerts/:concertId/line/limits',
  operation: describeOperation({
    operationId: 'setLineLimits',
    summary: "Override the policy's maxActive / admitPerTick for this concert, live",
    tag: 'admin',
    admin: true,
    params: concertParams,
    body: lineLimitsBody,
    success: settings,
    errors: { 400: 'ValidationFailed', ...lineErrors },
  }),
  handle: (request, context) =>
    respond(
      requireAdmin(request.headers, context.adminToken)
        .andThen(() =>
          Result.combine([readParams(concertParams, request.params), readBody(lineLimitsBody, request.body)]),
        )
        .asyncAndThen(([{ concertId }, limits]) =>
          context.concertExists(concertId).andThen(() => context.box.queue.setLimits({ concertId, ...limits })),
        ),
      (line) => reply(200, line),
    ),
}

export const lineRoutes: readonly ApiRoute[] = [
  scheduleSaleRoute,
  lineSettingsRoute,
  pauseLineRoute,
  resumeLineRoute,
  lineLimitsRoute,
]
