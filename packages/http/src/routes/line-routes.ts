import type { LineSettings, StoreError, ValidationFailed } from '@boxoffice/core'
import { Result, type ResultAsync } from 'neverthrow'
import { requireAdmin } from '../admin-guard.js'
import type { ApiContext } from '../api-context.js'
import { defineRoute, type ApiRoute } from '../api-route.js'
import { reply, type HttpRequestParts } from '../http-exchange.js'
import { examples } from '../openapi-examples.js'
import { readBody, readParams } from '../request-parts.js'
import { concertParams, lineLimitsBody, scheduleSaleBody } from '../request-schemas.js'
import { lineSettingsSchema } from '../response-schemas.js'
import { respond } from '../route-outcome.js'

const lineErrors = [
  'ValidationFailed',
  'AdminUnauthorized',
  'AdminDisabled',
  'ConcertNotFound',
  'StoreUnavailable',
  'StoreConflict',
] as const

const settings = {
  status: 200 as const,
  description: "The concert's sale window and live controls.",
  schema: lineSettingsSchema,
}

/** Admin, a known concert, then `act` on its line: the shape the bodiless line routes share. */
function onLine(
  request: HttpRequestParts,
  context: ApiContext,
  act: (concertId: string) => ResultAsync<LineSettings, ValidationFailed | StoreError>,
) {
  return respond(
    requireAdmin(request.headers, context.adminToken)
      .andThen(() => readParams(concertParams, request.params))
      .asyncAndThen(({ concertId }) => context.concertExists(concertId).andThen(() => act(concertId))),
    (line) => reply(200, line),
  )
}

export const scheduleSaleRoute = defineRoute({
  method: 'POST',
  path: '/admin/concerts/:concertId/sale',
  auth: 'admin',
  operationId: 'scheduleSale',
  summary: 'Set the sale window',
  description:
    'Before `salesOpenAt` people gather PRE_QUEUED; the first tick at or after it shuffles them into line ' +
    'ahead of everyone who came later; from `salesCloseAt` on nobody enters. The opening time can move ' +
    'until the line opens; afterwards only the closing time (SaleAlreadyOpen).',
  tag: 'admin',
  params: concertParams,
  body: scheduleSaleBody,
  success: settings,
  errors: [...lineErrors, 'SaleAlreadyOpen'],
  example: { request: examples.scheduleSale, response: examples.lineSettings },
  handle: (request, context) =>
    respond(
      requireAdmin(request.headers, context.adminToken)
        .andThen(() =>
          Result.combine([readParams(concertParams, request.params), readBody(scheduleSaleBody, request.body)]),
        )
        .asyncAndThen(([{ concertId }, window]) => context.box.catalog.scheduleSale({ concertId, ...window })),
      (line) => reply(200, line),
    ),
})

export const lineSettingsRoute = defineRoute({
  method: 'GET',
  path: '/admin/concerts/:concertId/line',
  auth: 'admin',
  operationId: 'lineSettings',
  summary: "The line's sale window and live controls",
  tag: 'admin',
  params: concertParams,
  success: settings,
  errors: lineErrors,
  example: { response: examples.lineSettings },
  handle: (request, context) => onLine(request, context, (concertId) => context.box.queue.line({ concertId })),
})

export const pauseLineRoute = defineRoute({
  method: 'POST',
  path: '/admin/concerts/:concertId/line/pause',
  auth: 'admin',
  operationId: 'pauseLine',
  summary: 'Stop admitting (every server, from its next tick)',
  description: 'Ranks still show; ETAs are null while paused.',
  tag: 'admin',
  params: concertParams,
  success: settings,
  errors: lineErrors,
  example: { response: { ...examples.lineSettings, paused: true } },
  handle: (request, context) => onLine(request, context, (concertId) => context.box.queue.pause({ concertId })),
})

export const resumeLineRoute = defineRoute({
  method: 'POST',
  path: '/admin/concerts/:concertId/line/resume',
  auth: 'admin',
  operationId: 'resumeLine',
  summary: 'Admit again after a pause',
  tag: 'admin',
  params: concertParams,
  success: settings,
  errors: lineErrors,
  example: { response: examples.lineSettings },
  handle: (request, context) => onLine(request, context, (concertId) => context.box.queue.resume({ concertId })),
})

export const lineLimitsRoute = defineRoute({
  method: 'POST',
  path: '/admin/concerts/:concertId/line/limits',
  auth: 'admin',
  operationId: 'setLineLimits',
  summary: "Override the policy's maxActive / admitPerTick for this concert, live",
  tag: 'admin',
  params: concertParams,
  body: lineLimitsBody,
  success: settings,
  errors: lineErrors,
  example: {
    request: { maxActive: 50, admitPerTick: 10 },
    response: { ...examples.lineSettings, maxActive: 50, admitPerTick: 10 },
  },
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
})

export const lineRoutes: readonly ApiRoute[] = [
  scheduleSaleRoute,
  lineSettingsRoute,
  pauseLineRoute,
  resumeLineRoute,
  lineLimitsRoute,
]
