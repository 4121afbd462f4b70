import { randomUUID } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { createBoxOfficeRouter } from '@boxoffice/express'
import {
  answerClientError,
  EXAMPLE_OPENAPI,
  createWebApp,
  METRICS_PATH,
  serverUrl,
  userIdFromHeader,
  WEB_APP_PATHS,
  type AppDeps,
  type ServerApp,
} from '@boxoffice/http-kit'
import express, { type Express } from 'express'
import { pino } from 'pino'
import { pinoHttp } from 'pino-http'

export type { AppDeps } from '@boxoffice/http-kit'

/** Requests still running when stopping get this long before their connections are cut. */
const DRAIN_TIMEOUT_MS = 10_000

/**
 * The example server on Express 5: the `@boxoffice/express` router with the
 * `X-User-Id` header standing in for authentication, request logging by
 * pino-http, and `/metrics` when telemetry is on.
 *
 * @example
 * ```ts
 * const server = createApp({ box, logger, adminToken: process.env.ADMIN_TOKEN })
 * const url = await server.start({ port: 3000, host: '127.0.0.1' })
 * // ... later
 * await server.stop()
 * ```
 */
export function createApp(deps: AppDeps): ServerApp<Express> {
  const logger = deps.logger ?? pino({ level: 'silent' })
  let server: Server | undefined
  let draining = false
  // Replies not yet sent: when stopping, each closes its connection (even one already in flight when the
  // stop began), so keep-alive clients reconnect to another process and the server can finish closing.
  const unanswered = new Set<ServerResponse>()
  // An Express router does not see its server close: stopping aborts this, which ends open event streams.
  const stopped = new AbortController()
  const eventsSignal =
    deps.events?.signal === undefined ? stopped.signal : AbortSignal.any([stopped.signal, deps.events.signal])

  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  // One log line per request with its id, status and duration (`request.log` for the router's failures).
  app.use(pinoHttp({ logger, genReqId: () => randomUUID(), quietReqLogger: true }))
  app.use((_request, response, next) => {
    if (draining) response.shouldKeepAlive = false
    unanswered.add(response)
    response.once('finish', () => unanswered.delete(response))
    response.once('close', () => unanswered.delete(response))
    next()
  })

  const webApp = createWebApp()
  for (const path of WEB_APP_PATHS) {
    app.get(path, async (request, response) => {
      const file = await webApp(request.url, request.headers)
      response.status(file.status).set(file.headers).send(file.body)
    })
  }

  const { telemetry } = deps
  if (telemetry !== undefined) {
    app.get(METRICS_PATH, (_request, response, next) => {
      telemetry.metrics().then((metrics) => {
        response.type(metrics.contentType).send(metrics.body)
      }, next)
    })
  }

  app.use(
    createBoxOfficeRouter({
      box: deps.box,
      identify: (request) => userIdFromHeader(request.headers),
      adminToken: deps.adminToken,
      openApi: deps.openApi ?? EXAMPLE_OPENAPI,
      ...(deps.bodyLimitBytes === undefined ? {} : { bodyLimitBytes: deps.bodyLimitBytes }),
      ...(deps.checkStores === undefined ? {} : { checkStores: deps.checkStores }),
      events: { ...deps.events, signal: eventsSignal },
    }),
  )

  return {
    app,
    start: ({ port, host }) =>
      new Promise((resolve, reject) => {
        const listening = createServer(app)
        // Node's own refusals (headers too large, bytes that are not HTTP) in the API's error shape.
        listening.on('clientError', answerClientError)
        listening.once('error', reject)
        listening.listen(port, host, () => {
          server = listening
          resolve(serverUrl(listening.address()))
        })
      }),
    stop: async () => {
      const listening = server
      if (listening === undefined) return
      server = undefined
      draining = true
      stopped.abort()
      for (const response of unanswered) if (!response.headersSent) response.shouldKeepAlive = false
      const closed = new Promise<void>((resolve, reject) =>
        listening.close((error) => (error === undefined ? resolve() : reject(error))),
      )
      // close() stops accepting and waits for open connections; idle keep-alive ones are dropped now.
      listening.closeIdleConnections()
      const cut = setTimeout(() => listening.closeAllConnections(), DRAIN_TIMEOUT_MS)
      try {
        await closed
      } finally {
        clearTimeout(cut)
      }
    },
  }
}
