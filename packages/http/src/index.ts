/**
 * The framework-neutral HTTP layer of boxoffice: one route table, its zod
 * schemas, the one error mapping and the OpenAPI document, which
 * `@boxoffice/fastify` and `@boxoffice/express` mount.
 *
 * @packageDocumentation
 */
export * from './api-error.js'
export { createApiContext, type ApiContext, type ApiDeps } from './api-context.js'
export { defineRoute, type ApiRoute, type HttpMethod, type RouteSpec } from './api-route.js'
export { apiRoutes, openApiDocument } from './api-routes.js'
export { answerClientError } from './client-error.js'
export { toErrorReply } from './error-reply.js'
export {
  createEventStreams,
  EVENT_STREAM_DEFAULTS,
  type EventFeed,
  type EventStreamEnd,
  type EventStreamOptions,
  type EventStreams,
} from './event-stream.js'
export { viewEvent, type EventScope, type EventView } from './event-view.js'
export { eventsHeaders, eventsQuery } from './routes/event-routes.js'
export { EdgeRefusal, fromFrameworkError, type FrameworkFailure } from './framework-error.js'
export { reply, type HeaderValue, type HttpReply, type HttpRequestParts, type RouteReply } from './http-exchange.js'
export { createOpenApiDocument, type OpenApiOptions } from './openapi-document.js'
export {
  BODY_ERRORS,
  EDGE_ERRORS,
  SECURITY_SCHEMES,
  describeOperation,
  errorStatus,
  operationErrors,
  type ApiTag,
  type OperationSpec,
  type RouteAuth,
} from './openapi-operation.js'
export { checkRequestBody, checkRequestPath, parseJsonBody } from './request-body.js'
export { readBody, readChargeKey, readParams, readPaymentKey, readQueueToken, readUserId } from './request-parts.js'
export * from './request-schemas.js'
export * from './response-schemas.js'
export { respond } from './route-outcome.js'
export { DEFAULT_BODY_LIMIT_BYTES, logFailure, serveRoute, type FailureLog, type Identify } from './serve-route.js'
