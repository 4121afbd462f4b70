import type { z } from 'zod'
import type { ZodOpenApiOperationObject, ZodOpenApiResponseObject, ZodOpenApiResponsesObject } from 'zod-openapi'
import { errorSchema } from './response-schemas.js'

export type ApiTag = 'catalog' | 'queue' | 'holds' | 'wallet' | 'payments' | 'admin' | 'system'
export type ErrorStatus = 400 | 401 | 402 | 403 | 404 | 409 | 410 | 422 | 503

/** A route's contract in the few words that differ from route to route. */
export interface OperationSpec {
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tag: ApiTag
  readonly headers?: z.ZodObject
  readonly params?: z.ZodObject
  readonly body?: z.ZodType
  readonly success: { readonly status: 200 | 201 | 204; readonly description: string; readonly schema?: z.ZodType }
  /** Which error types each status stands for on this route. */
  readonly errors: Partial<Record<ErrorStatus, string>>
  readonly admin?: boolean
}

const json = (schema: z.ZodType): { 'application/json': { schema: z.ZodType } } => ({
  'application/json': { schema },
})

/**
 * Expands an {@link OperationSpec} into a zod-openapi operation; every route
 * with a body also documents the body-level failures (413, 415).
 *
 * @example
 * ```ts
 * const operation = describeOperation({ operationId: 'getWallet', summary: 'Your balance', tag: 'wallet',
 *   headers: userHeaders, success: { status: 200, description: 'The balance', schema: balanceSchema },
 *   errors: { 401: 'MissingIdentity', 503: 'StoreUnavailable' } })
 * ```
 */
export function describeOperation(spec: OperationSpec): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {
    [spec.success.status]: {
      description: spec.success.description,
      ...(spec.success.schema === undefined ? {} : { content: json(spec.success.schema) }),
    },
  }
  const errors: Record<string, string> = { ...spec.errors }
  if (spec.body !== undefined) {
    errors['400'] = [errors['400'], 'MalformedRequest (JSON that does not parse)'].filter(Boolean).join('; ')
    errors['413'] = 'PayloadTooLarge'
    errors['415'] = 'UnsupportedMediaType (send application/json in UTF-8, without Content-Encoding)'
  }
  for (const [status, types] of Object.entries(errors)) {
    responses[status] = { description: types, content: json(errorSchema) }
  }
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    tags: [spec.tag],
    ...(spec.admin === true ? { security: [{ adminBearer: [] }] } : {}),
    ...(spec.headers === undefined && spec.params === undefined
      ? {}
      : {
          requestParams: {
            ...(spec.headers === undefined ? {} : { header: spec.headers }),
            ...(spec.params === undefined ? {} : { path: spec.params }),
          },
        }),
    ...(spec.body === undefined ? {} : { requestBody: { required: true, content: json(spec.body) } }),
    responses: responses as ZodOpenApiResponsesObject,
  }
}
