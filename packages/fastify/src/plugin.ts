import type { BoxOffice, BoxOfficeError } from '@boxoffice/core'
import {
  apiRoutes,
  checkRequestBody,
  createApiContext,
  DEFAULT_BODY_LIMIT_BYTES,
  EdgeRefusal,
  fromFrameworkError,
  logFailure,
  parseJsonBody,
  routeNotFound,
  serveRoute,
  toErrorReply,
  type EventStreamOptions,
  type HttpReply,
  type Identify,
  type OpenApiOptions,
} from '@boxoffice/http'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { ResultAsync } from 'neverthrow'

/** What `app.register(boxoffice, options)` takes (Fastify's own `prefix` included). */
export interface BoxOfficePluginOptions {
  /** The facade the routes call. */
  readonly box: BoxOffice
  /**
   * Your authentication: the user id of the request's caller, or undefined
   * when it names nobody (401 MissingIdentity). Runs on the routes that act
   * for a user only.
   */
  readonly identify: Identify<FastifyRequest>
  /** Where the routes live (`/api`), as for any Fastify plugin; also the document's server URL. */
  readonly prefix?: string
  /** The bearer token admin routes require; admin routes answer 403 AdminDisabled when it is undefined. */
  readonly adminToken?: string | undefined
  /** What GET /health runs; by default one read from each store through the facade. */
  readonly checkStores?: () => ResultAsync<unknown, BoxOfficeError>
  /** Largest accepted body (default 16 KiB); a larger one is 413 PayloadTooLarge. */
  readonly bodyLimitBytes?: number
  /** How GET /openapi.json describes your authentication (the `user` security scheme) and version. */
  readonly openApi?: Omit<OpenApiOptions, 'prefix'>
  /**
   * Answer 404 RouteNotFound, in the API's error shape, for unknown paths
   * under the prefix (default true). Set false when the host sets its own
   * not-found handler for the same prefix.
   */
  readonly notFound?: boolean
  /**
   * How `GET /events` streams run (heartbeat interval, the bytes a slow
   * client may leave unsent before it is dropped...). Fastify's `close()`
   * ends every open stream.
   */
  readonly events?: EventStreamOptions
}

const send = (response: FastifyReply, answer: HttpReply): FastifyReply =>
  response
    .code(answer.status)
    .headers(answer.headers ?? {})
    .send(answer.body)

/**
 * The boxoffice HTTP API as a Fastify plugin: every route of
 * `@boxoffice/http` under your prefix, with your own authentication. The
 * plugin is encapsulated: its JSON body reader, request checks, error and
 * not-found handlers apply to its routes only, never to the host's.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify'
 * import { boxoffice } from '@boxoffice/fastify'
 *
 * const app = Fastify()
 * await app.register(boxoffice, {
 *   box,
 *   prefix: '/api',
 *   identify: (request) => request.session?.userId, // your authentication
 *   adminToken: process.env.ADMIN_TOKEN,
 * })
 * ```
 */
export const boxoffice: FastifyPluginAsync<BoxOfficePluginOptions> = async (app, options) => {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  const context = createApiContext({
    box: options.box,
    adminToken: options.adminToken,
    ...(options.checkStores === undefined ? {} : { checkStores: options.checkStores }),
    openApi: { ...options.openApi, prefix: app.prefix },
    ...(options.events === undefined ? {} : { events: options.events }),
  })
  // Open event streams would keep close() waiting for their connections: end them first.
  app.addHook('preClose', async () => context.eventStreams.close())

  // Bodies are checked and read by the same @boxoffice/http functions as on Express: UTF-8 JSON,
  // no Content-Encoding, none on GET or DELETE; an empty body is no body.
  app.addHook('onRequest', async (request, response) => {
    const refused = checkRequestBody(request.method, request.headers)
    if (refused === undefined) return undefined
    const answer = toErrorReply(refused)
    logFailure(request.log, answer)
    return send(response, answer)
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, text, done) => {
    parseJsonBody(String(text)).match(
      (body) => done(null, body),
      (failure) => done(new EdgeRefusal(failure), undefined),
    )
  })

  for (const route of apiRoutes) {
    app.route({
      method: route.method,
      url: route.path,
      bodyLimit,
      handler: async (request, response) => {
        const parts = {
          headers: request.headers,
          params: request.params as Record<string, string>,
          query: request.query as Record<string, unknown>,
          body: request.body,
        }
        const answer = await serveRoute(route, request, parts, context, options.identify)
        logFailure(request.log, answer)
        if (answer.stream === undefined) return send(response, answer)
        // The stream writes Node's response itself, for as long as it lasts.
        response.hijack()
        await context.eventStreams.serve(answer.stream, response.raw)
        return response
      },
    })
  }

  app.setErrorHandler((error, request, response) => {
    const answer = toErrorReply(fromFrameworkError(error, bodyLimit))
    logFailure(request.log, answer)
    return send(response, answer)
  })
  if (options.notFound !== false) {
    app.setNotFoundHandler((request, response) =>
      send(response, toErrorReply(routeNotFound(request.method, request.url.split('?')[0] ?? request.url))),
    )
  }
}
