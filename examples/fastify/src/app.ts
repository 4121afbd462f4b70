import swagger, { type StaticDocumentSpec } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import {
  answerClientError,
  apiRoutes,
  checkRequestBody,
  createApiContext,
  createWebApp,
  DEFAULT_BODY_LIMIT_BYTES,
  EdgeRefusal,
  fromFrameworkError,
  logFailure,
  METRICS_PATH,
  openApiDocument,
  parseJsonBody,
  routeNotFound,
  serverUrl,
  toErrorReply,
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
 * The boxoffice HTTP API on Fastify: the shared routes of `@boxoffice/http-kit`
 * mounted as they are, the web app at `/`, plus Swagger UI at `/docs`.
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
  // Bodies are checked and read by the same http-kit functions as on the Express server: UTF-8 JSON,
  // no Content-Encoding, none on GET or DELETE; an empty body is no body.
  app.addHook('onRequest', async (request, response) => {
    const refused = checkRequestBody(request.method, request.headers)
    if (refused === undefined) return undefined
    const answer = toErrorReply(refused)
    logFailure(request.log, answer)
    return send(response, answer)
  })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    parseJsonBody(String(text)).match(
      (body) => done(null, body),
      (failure) => done(new EdgeRefusal(failure), undefined),
    )
  })

  const context = createApiContext(deps)
  for (const route of apiRoutes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, response) => {
        const answer = await route.handle(
          { headers: request.headers, params: request.params as Record<string, string>, body: request.body },
          context,
        )
        logFailure(request.log, answer)
        return send(response, answer)
      },
    })
  }

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

  app.setErrorHandler((error, request, response) => {
    const answer = toErrorReply(fromFrameworkError(error, bodyLimit))
    logFailure(request.log, answer)
    return send(response, answer)
  })
  app.setNotFoundHandler((request, response) =>
    send(response, toErrorReply(routeNotFound(request.method, request.url.split('?')[0] ?? request.url))),
  )

  void app.register(swagger, {
    mode: 'static',
    specification: { document: openApiDocument() as unknown as StaticDocumentSpec['document'] },
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
