import type { BoxOffice, BoxOfficeError } from '@boxoffice/core'
import {
  apiRoutes,
  checkRequestBody,
  checkRequestPath,
  createApiContext,
  DEFAULT_BODY_LIMIT_BYTES,
  fromFrameworkError,
  logFailure,
  parseJsonBody,
  routeNotFound,
  serveRoute,
  toErrorReply,
  type EventStreamOptions,
  type FailureLog,
  type HttpReply,
  type Identify,
  type OpenApiOptions,
} from '@boxoffice/http'
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express'
import type { ResultAsync } from 'neverthrow'

/** What {@link createBoxOfficeRouter} takes. */
export interface BoxOfficeRouterOptions {
  /** The facade the routes call. */
  readonly box: BoxOffice
  /**
   * Your authentication: the user id of the request's caller, or undefined
   * when it names nobody (401 MissingIdentity). Runs on the routes that act
   * for a user only.
   */
  readonly identify: Identify<Request>
  /** The bearer token admin routes require; admin routes answer 403 AdminDisabled when it is undefined. */
  readonly adminToken?: string | undefined
  /** What GET /health runs; by default one read from each store through the facade. */
  readonly checkStores?: () => ResultAsync<unknown, BoxOfficeError>
  /** Largest accepted body (default 16 KiB); a larger one is 413 PayloadTooLarge. */
  readonly bodyLimitBytes?: number
  /**
   * How GET /openapi.json describes the API: set `prefix` to where you mount
   * the router (an Express router does not know it), and your authentication.
   */
  readonly openApi?: OpenApiOptions
  /**
   * Where 5xx failures are logged with their cause. By default the request's
   * own logger (`request.log`, as pino-http sets it), else nowhere.
   */
  readonly logger?: FailureLog
  /**
   * Answer 404 RouteNotFound, in the API's error shape, for any request that
   * reaches the end of the router (default true). Set false when the router
   * is mounted where the host's own routes follow it.
   */
  readonly notFound?: boolean
  /**
   * How `GET /events` streams run (heartbeat interval, the bytes a slow
   * client may leave unsent before it is dropped...). An Express router does
   * not see its server close: pass `events.signal` and abort it when you stop
   * the server, or open streams keep `server.close()` waiting.
   */
  readonly events?: EventStreamOptions
}

const methods = { GET: 'get', POST: 'post', DELETE: 'delete' } as const
const silent: FailureLog = { error: () => undefined }

const send = (response: Response, answer: HttpReply): void => {
  response.status(answer.status).set(answer.headers ?? {})
  if (answer.body === undefined) response.end()
  else response.json(answer.body)
}

/**
 * The boxoffice HTTP API as an Express 5 Router: every route of
 * `@boxoffice/http`, with your own authentication. Its body reader, request
 * checks and error handler apply to its own routes only.
 *
 * @example
 * ```ts
 * import express from 'express'
 * import { createBoxOfficeRouter } from '@boxoffice/express'
 *
 * const app = express()
 * app.use(
 *   '/api',
 *   createBoxOfficeRouter({
 *     box,
 *     identify: (request) => request.session?.userId, // your authentication
 *     adminToken: process.env.ADMIN_TOKEN,
 *     openApi: { prefix: '/api' },
 *   }),
 * )
 * ```
 */
export function createBoxOfficeRouter(options: BoxOfficeRouterOptions): Router {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  const context = createApiContext({
    box: options.box,
    adminToken: options.adminToken,
    ...(options.checkStores === undefined ? {} : { checkStores: options.checkStores }),
    ...(options.openApi === undefined ? {} : { openApi: options.openApi }),
    ...(options.events === undefined ? {} : { events: options.events }),
  })
  const logOf = (request: Request): FailureLog =>
    (request as Request & { log?: FailureLog }).log ?? options.logger ?? silent

  // The path and the body are checked, and the body read, by the same @boxoffice/http functions as on
  // Fastify: a bad percent-escape is 400 before routing (as Fastify's router does), bodies are UTF-8
  // JSON with no Content-Encoding and none on GET or DELETE, and an empty body is no body.
  const checked: RequestHandler = (request, response, next) => {
    const refused = checkRequestPath(request.url) ?? checkRequestBody(request.method, request.headers)
    if (refused === undefined) {
      next()
      return
    }
    const answer = toErrorReply(refused)
    logFailure(logOf(request), answer)
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

  const router = Router()
  router.use(checked)
  router.use(express.text({ type: () => true, limit: bodyLimit, inflate: false, defaultCharset: 'utf-8' }))
  router.use(json)
  for (const route of apiRoutes) {
    router[methods[route.method]](route.path, async (request, response) => {
      const parts = {
        headers: request.headers,
        params: request.params,
        query: request.query as Record<string, unknown>,
        body: request.body as unknown,
      }
      const answer = await serveRoute(route, request, parts, context, options.identify)
      logFailure(logOf(request), answer)
      if (answer.stream === undefined) send(response, answer)
      else await context.eventStreams.serve(answer.stream, response)
    })
  }
  if (options.notFound !== false) {
    router.use((request, response) =>
      send(response, toErrorReply(routeNotFound(request.method, request.originalUrl.split('?')[0] ?? request.path))),
    )
  }
  const onError: ErrorRequestHandler = (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error)
      return
    }
    const answer = toErrorReply(fromFrameworkError(error, bodyLimit))
    logFailure(logOf(request), answer)
    send(response, answer)
  }
  router.use(onError)
  return router
}
