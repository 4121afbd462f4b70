import { z } from 'zod'
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi'
import type { ApiError, ApiErrorType } from './api-error.js'
import { toErrorReply } from './error-reply.js'

/** The tags the document groups operations by. */
export type ApiTag = 'catalog' | 'queue' | 'holds' | 'wallet' | 'payments' | 'events' | 'admin' | 'system'

/**
 * Who may call a route: `user` routes run the host's `identify` hook and
 * answer MissingIdentity when it names nobody; `admin` routes need the admin
 * bearer token; `public` routes need nothing; `viewer` routes run `identify`
 * too but serve a caller it names nobody for (what anybody may see).
 */
export type RouteAuth = 'user' | 'viewer' | 'admin' | 'public'

/** The security scheme names the document declares (`user` is the host's own authentication). */
export const SECURITY_SCHEMES = { user: 'user', admin: 'adminBearer' } as const

/** Errors any operation can answer whatever it does: the edge refuses the request before the route runs, or a bug. */
export const EDGE_ERRORS: readonly ApiErrorType[] = ['MalformedRequest', 'HeadersTooLarge', 'InternalError']
/** Errors every operation with a body can answer as well. */
export const BODY_ERRORS: readonly ApiErrorType[] = ['PayloadTooLarge', 'UnsupportedMediaType']

/** A route's contract in the few words that differ from route to route. */
export interface OperationSpec {
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tag: ApiTag
  readonly auth: RouteAuth
  readonly headers?: z.ZodObject
  readonly params?: z.ZodObject
  readonly query?: z.ZodObject
  readonly body?: z.ZodType
  readonly success: {
    readonly status: 200 | 201 | 204
    readonly description: string
    readonly schema?: z.ZodType
    /** The success body's media type; default `application/json`. */
    readonly contentType?: 'application/json' | 'text/event-stream'
  }
  /**
   * Every error type the route's handler can answer. Statuses, response
   * headers and the `type` enum of each error response are derived from them
   * through the one error mapping (`toErrorReply`).
   */
  readonly errors: readonly ApiErrorType[]
  /** A request body example (for a route with a body) and a success body example (for one with a schema). */
  readonly example: { readonly request?: unknown; readonly response?: unknown }
}

/**
 * The reply the one error mapping gives an error of this type. The mapping
 * decides on the `type` alone, so a bare `{ type, message }` stands for any
 * error of that type.
 */
const replyFor = (type: ApiErrorType) => toErrorReply({ type, message: '' } as ApiError)

/**
 * The status the one error mapping answers for an error type.
 *
 * @example
 * ```ts
 * errorStatus('SeatUnavailable') // 409
 * ```
 */
export function errorStatus(type: ApiErrorType): number {
  return replyFor(type).status
}

/**
 * Every error type an operation can answer: the declared ones, the edge's,
 * and the body's when it takes one.
 *
 * @example
 * ```ts
 * operationErrors({ errors: ['StoreUnavailable'] }) // StoreUnavailable, MalformedRequest, HeadersTooLarge, InternalError
 * ```
 */
export function operationErrors(spec: Pick<OperationSpec, 'errors' | 'body'>): readonly ApiErrorType[] {
  return [...new Set([...spec.errors, ...EDGE_ERRORS, ...(spec.body === undefined ? [] : BODY_ERRORS)])]
}

const json = (schema: z.ZodType, example?: unknown) => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
})

/** The error body of one response, its `type` limited to what that status stands for on this operation. */
const errorBody = (types: readonly [ApiErrorType, ...ApiErrorType[]]): z.ZodType =>
  z.strictObject({
    error: z
      .looseObject({
        type: z.enum(types).meta({ description: 'The error type.' }),
        message: z.string().meta({ description: 'What happened and what to do about it.' }),
      })
      .meta({ description: 'Further fields explain the error (seatNo, balance, price, field...).' }),
  })

/** Response headers the mapping sets, documented where they appear. */
const responseHeaders: Readonly<Record<string, z.ZodType>> = {
  'retry-after': z.int().min(0).meta({ description: 'Seconds to wait before retrying the same request.' }),
  'www-authenticate': z.string().meta({ description: 'The authentication scheme the route expects.' }),
}
const headerName: Readonly<Record<string, string>> = {
  'retry-after': 'Retry-After',
  'www-authenticate': 'WWW-Authenticate',
}

function errorResponses(types: readonly ApiErrorType[]): Record<string, ZodOpenApiResponseObject> {
  const byStatus = new Map<number, ApiErrorType[]>()
  for (const type of types) {
    const status = errorStatus(type)
    byStatus.set(status, [...(byStatus.get(status) ?? []), type])
  }
  const responses: Record<string, ZodOpenApiResponseObject> = {}
  for (const [status, [first, ...rest]] of [...byStatus].sort(([a], [b]) => a - b)) {
    if (first === undefined) continue
    const all = [first, ...rest] as const
    // A header the mapping sets for every type of this status is required; for only some, optional.
    const setBy = new Map<string, number>()
    for (const type of all) {
      for (const name of Object.keys(replyFor(type).headers ?? {})) setBy.set(name, (setBy.get(name) ?? 0) + 1)
    }
    const headers: Record<string, z.ZodType> = {}
    for (const [name, count] of setBy) {
      const schema = responseHeaders[name]
      if (schema === undefined) throw new Error(`the error mapping sets ${name}, which the document does not describe`)
      headers[headerName[name] ?? name] = count === all.length ? schema : schema.optional()
    }
    responses[String(status)] = {
      description: all.join(', '),
      ...(Object.keys(headers).length === 0 ? {} : { headers: z.object(headers) }),
      content: json(errorBody(all), { error: { type: first, message: 'what happened and what to do about it' } }),
    }
  }
  return responses
}

/**
 * Expands an {@link OperationSpec} into a zod-openapi operation: the success
 * response with its example, one response per error status with the error
 * types it stands for (and the headers the mapping sets, such as
 * `Retry-After`), and the operation's security.
 *
 * @example
 * ```ts
 * const operation = describeOperation({ operationId: 'getBalance', summary: 'Your balance', tag: 'wallet',
 *   auth: 'user', success: { status: 200, description: 'The balance', schema: balanceSchema },
 *   errors: ['MissingIdentity', 'StoreUnavailable'], example: { response: { balance: 1200 } } })
 * ```
 */
export function describeOperation(spec: OperationSpec): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [spec.success.status]: {
      description: spec.success.description,
      ...(spec.success.schema === undefined
        ? {}
        : spec.success.contentType === 'text/event-stream'
          ? { content: { 'text/event-stream': { schema: spec.success.schema } } }
          : { content: json(spec.success.schema, spec.example.response) }),
    },
    ...errorResponses(operationErrors(spec)),
  }
  const security =
    spec.auth === 'user'
      ? [{ [SECURITY_SCHEMES.user]: [] }]
      : spec.auth === 'viewer'
        ? [{ [SECURITY_SCHEMES.user]: [] }, {}]
        : spec.auth === 'admin'
          ? [{ [SECURITY_SCHEMES.admin]: [] }]
          : []
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tags: [spec.tag],
    security,
    ...(spec.headers === undefined && spec.params === undefined && spec.query === undefined
      ? {}
      : {
          requestParams: {
            ...(spec.headers === undefined ? {} : { header: spec.headers }),
            ...(spec.params === undefined ? {} : { path: spec.params }),
            ...(spec.query === undefined ? {} : { query: spec.query }),
          },
        }),
    ...(spec.body === undefined
      ? {}
      : { requestBody: { required: true, content: json(spec.body, spec.example.request) } }),
    responses: responses as ZodOpenApiResponsesObject,
  }
}
