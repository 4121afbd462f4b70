import type { ZodOpenApiOperationObject } from 'zod-openapi'
import type { ApiContext } from './api-context.js'
import type { HttpReply, HttpRequestParts } from './http-exchange.js'

export type HttpMethod = 'GET' | 'POST' | 'DELETE'

/**
 * One route of the API, written once: the servers mount `handle` on
 * `method path` (Fastify and Express share the `:param` syntax) and the
 * OpenAPI document is generated from `operation`.
 */
export interface ApiRoute {
  readonly method: HttpMethod
  readonly path: string
  readonly operation: ZodOpenApiOperationObject
  /** Never rejects: every failure is an error reply. */
  handle(request: HttpRequestParts, context: ApiContext): Promise<HttpReply>
}
