import swagger, { type StaticDocumentSpec } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { boxoffice } from '@boxoffice/fastify'
import {
  answerClientError,
  createWebApp,
  DEFAULT_BODY_LIMIT_BYTES,
  EXAMPLE_OPENAPI,
  fromFrameworkError,
  logFailure,
  METRICS_PATH,
  openApiDocument,
  serverUrl,
  toErrorReply,
  userIdFromHeader,
  WEB_APP_PATHS,
  type AppDeps,
  type HttpReply,
  type ServerApp,
} from '@boxoffice/http-kit'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify'
import { pino } from 'pino'

export type { AppDeps } from '@boxoffice/http-kit'

/** Where the interactive API docs (Swagger UI, served from this process) live. */
export const DOCS_PATH = '/docs'

/**
 * Node reads at most 16 KiB of request line and headers (`maxHeaderSize`), so
 * no path parameter can be longer: every one reaches the route's validation
 * (400 naming it), as on the Express server, which has no such limit.
 */
const MAX_PARAM_LENGTH = 16 * 1024

const send = (response: FastifyReply, answer: HttpReply): FastifyReply =>
  response
    .code(answer.status)
    .headers(answer.headers ?? {})
    .send(answer.body)

/**
 * The example server on Fastify: the `@boxoffice/fastify` plugin with the
 * `X-User-Id` header standing in for authentication, `/metrics` when
 * telemetry is on, and Swagger UI at `/docs`.
 *
 * @example
 * ```ts
 * const server = createApp({ box, logger, adminToken: process.env.ADMIN_TOKEN })
 * const url = await server.start({ port: 3000, host: '127.0.0.1' })
 * // ... later
 * await server.stop()
 * ```
 */
export function createApp(deps: AppDeps): ServerApp<FastifyInstance> {
  const bodyLimit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES
  const logger: FastifyBaseLogger = deps.logger ?? pino({ level: 'silent' })
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit,
    // A valid id may be 128 characters; longer ones still reach validation (400) instead of a 414 or 404.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A request that reaches a draining server on an open keep-alive connection is served, not refused.
    return503OnClosing: false,
    // The router's own refusals (a path that is not valid percent-encoding) and Node's (headers too
    // large, bytes that are not HTTP), in the API's error shape like every other reply.
    frameworkErrors: (error, request, response) => {
      const answer = toErrorReply(fromFrameworkError(error, bodyLimit))
      logFailure(request.log, answer)
      return send(response, answer)
    },
    clientErrorHandler: answerClientError,
  })
  let stopping = false
  // While stopping, each reply closes its connection (even one in flight when the stop began), so
  // keep-alive clients reconnect to another process and close() need not wait for their idle timeout.
  app.addHook('onSend', async (_request, response, payload) => {
    if (stopping) void response.header('connection', 'close')
    return payload
  })

  const webApp = createWebApp()
  for (const path of WEB_APP_PATHS) {
    app.get(path, async (request, response) => send(response, await webApp(request.url, request.headers)))
  }

  const { telemetry } = deps
  if (telemetry !== undefined) {
    app.get(METRICS_PATH, async (_request, response) => {
      const metrics = await telemetry.metrics()
      return response.type(metrics.contentType).send(metrics.body)
    })
  }

  void app.register(boxoffice, {
    box: deps.box,
    identify: (request) => userIdFromHeader(request.headers),
    adminToken: deps.adminToken,
    bodyLimitBytes: bodyLimit,
    openApi: deps.openApi ?? EXAMPLE_OPENAPI,
    ...(deps.checkStores === undefined ? {} : { checkStores: deps.checkStores }),
    ...(deps.events === undefined ? {} : { events: deps.events }),
  })

  void app.register(swagger, {
    mode: 'static',
    specification: {
      document: openApiDocument(deps.openApi ?? EXAMPLE_OPENAPI) as unknown as StaticDocumentSpec['document'],
    },
  })
  void app.register(swaggerUi, { routePrefix: DOCS_PATH })

  return {
    app,
    start: async ({ port, host }) => {
      await app.listen({ port, host })
      return serverUrl(app.server.address())
    },
    // close() stops accepting, waits for in-flight requests and drops idle keep-alive connections.
    stop: () => {
      stopping = true
      return app.close()
    },
  }
}
