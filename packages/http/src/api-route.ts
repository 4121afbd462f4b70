import type { ZodOpenApiOperationObject } from 'zod-openapi'
import type { ApiContext } from './api-context.js'
import type { ApiErrorType } from './api-error.js'
import type { HttpReply, HttpRequestParts, RouteReply } from './http-exchange.js'
import { describeOperation, operationErrors, type OperationSpec, type RouteAuth } from './openapi-operation.js'

/** The methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'DELETE'

/**
 * One route of the API, written once: the servers mount `handle` on
 * `method path` (Fastify and Express share the `:param` syntax) and the
 * OpenAPI document is generated from `operation`.
 */
export interface ApiRoute {
  readonly method: HttpMethod
  readonly path: string
  /** Who may call it; the servers run the host's `identify` hook on `user` routes only. */
  readonly auth: RouteAuth
  /** Every error type the route can answer (its declared ones, the edge's and the body's). */
  readonly errors: readonly ApiErrorType[]
  readonly operation: ZodOpenApiOperationObject
  /** Never rejects: every failure is an error reply. */
  handle(request: HttpRequestParts, context: ApiContext): Promise<HttpReply>
}

/** What {@link defineRoute} takes: where the route lives, its contract, and its handler. */
export interface RouteSpec<Errors extends readonly ApiErrorType[]> extends OperationSpec {
  readonly method: HttpMethod
  readonly path: string
  readonly errors: Errors
  /** Answers only the declared error types: the compiler refuses any other. */
  handle(request: HttpRequestParts, context: ApiContext): Promise<RouteReply<NoInfer<Errors>[number]>>
}

/**
 * Declares a route. Its `errors` are the one place that says what it can
 * answer: the OpenAPI document's statuses and error `type` enums come from
 * them, and a handler whose outcome can carry an undeclared error type does
 * not compile.
 *
 * @example
 * ```ts
 * export const balanceRoute = defineRoute({
 *   method: 'GET', path: '/wallet', auth: 'user', operationId: 'getBalance', summary: 'Your balance',
 *   tag: 'wallet', success: { status: 200, description: 'The balance.', schema: balanceSchema },
 *   errors: ['ValidationFailed', 'MissingIdentity', 'StoreUnavailable'], example: { response: { balance: 1200 } },
 *   handle: (request, { box }) =>
 *     respond(readUserId(request).asyncAndThen((userId) => box.wallet.balance({ userId })), (balance) => reply(200, { balance })),
 * })
 * ```
 */
export function defineRoute<const Errors extends readonly ApiErrorType[]>(spec: RouteSpec<Errors>): ApiRoute {
  const { method, path, auth, handle } = spec
  return { method, path, auth, errors: operationErrors(spec), operation: describeOperation(spec), handle }
}
