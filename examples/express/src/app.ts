import { createServer, type Server } from 'node:http'
import {
  answerClientError,
  apiRoutes,
  checkRequestBody,
  checkRequestPath,
  createApiContext,
  createWebApp,
  DEFAULT_BODY_LIMIT_BYTES,
  fromFrameworkError,
  logFailure,
  METRICS_PATH,
  parseJsonBody,
  routeNotFound,
  serverUrl,
  toErrorReply,
  WEB_APP_PATHS,
  type AppDeps,
  type HttpReply,
  type ServerApp,
} from '@boxoffice/http-kit'
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Response } from 'express'
import { pino } from 'pino'
import { requestLog, requestLogging } from './request-logging.js'

export type { AppDeps } from '@boxoffice/http-kit'

/** Requests still running when stopping get this long before their connections are cut. */
const DRAIN_TIMEOUT_MS = 10_000

const methods = { GET: 'get', POST: 'post', DELETE: 'delete' } as const

/**
 * The boxoffice HTTP API on Express 5: the same shared routes as the Fastify
 * server, mounted on Express, with the same body limit and error shapes, and the
 * same web app at `/`.
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
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  const logger = deps.logger ?? pino({ level: 'silent' })
  const context = createApiContext(deps)
  let server: Server | undefined
  let draining = false

  const send = (response: Response, answer: HttpReply): void => {
    response.status(answer.status).set(answer.headers ?? {})
    // While stopping, each reply closes its connection (even one already in flight when the stop began),
    // so keep-alive clients reconnect to another process and the server can finish closing.
    if (draining) response.set('connection', 'close')
    if (answer.body === undefined) response.end()
    else response.json(answer.body)
  }

  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  app.use(requestLogging(logger))
  // The path and the body are checked, and the body read, by the same http-kit functions as on the
  // Fastify server: a bad percent-escape is 400 before routing (as Fastify's router does), bodies are
  // UTF-8 JSON with no Content-Encoding and none on GET or DELETE, and an empty body is no body.
  const checked: RequestHandler = (request, response, next) => {
    const refused = checkRequestPath(request.url) ?? checkRequestBody(request.method, request.headers)
    if (refused === undefined) {
      next()
      return
    }
    const answer = toErrorReply(refused)
    logFailure(requestLog(request, logger), answer)
    send(response, answer)
  }
  const json: RequestHandler = (request, response, next) => {
    const text: unknown = request.body
    if (typeof text !== 'string') {
      next()
      return
    }
    parseJsonBody(text).match(
      (body) => {
        request.body = body
        next()
      },
      (failure) => send(response, toErrorReply(failure)),
    )
  }
  app.use(checked)
  app.use(express.text({ type: () => true, limit: bodyLimit, inflate: false, defaultCharset: 'utf-8' }))
  app.use(json)

  for (const route of apiRoutes) {
    app[methods[route.method]](route.path, async (request, response) => {
      const answer = await route.handle(
        { headers: request.headers, params: request.params, body: request.body as unknown },
        context,
      )
      logFailure(requestLog(request, logger), answer)
      send(response, answer)
    })
  }

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

  app.use((request, response) => send(response, toErrorReply(routeNotFound(request.method, request.path))))
  const onError: ErrorRequestHandler = (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error)
      return
    }
    const answer = toErrorReply(fromFrameworkError(error, bodyLimit))
    logFailure(requestLog(request, logger), answer)
    send(response, answer)
  }
  app.use(onError)

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
