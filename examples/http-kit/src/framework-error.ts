import {
  internalError,
  malformedRequest,
  payloadTooLarge,
  unsupportedMediaType,
  type InternalError,
  type MalformedRequest,
  type PayloadTooLarge,
  type UnsupportedMediaType,
} from './api-error.js'

export type FrameworkFailure = MalformedRequest | PayloadTooLarge | UnsupportedMediaType | InternalError

const field = (error: unknown, name: string): unknown =>
  typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined

// Fastify's and Express's (body-parser's) names for a body that is not JSON.
const jsonFailures = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY', 'entity.parse.failed'])
const isJsonFailure = (error: unknown): boolean =>
  error instanceof SyntaxError ||
  jsonFailures.has(String(field(error, 'code'))) ||
  jsonFailures.has(String(field(error, 'type')))

const statusOf = (error: unknown): number | undefined => {
  const code = field(error, 'statusCode') ?? field(error, 'status')
  return typeof code === 'number' ? code : undefined
}

/**
 * What a framework throws before a route runs (its body parser, its router)
 * turned into an edge error. Both Fastify and Express tag such errors with a
 * 4xx `statusCode`/`status`; anything else is a bug and becomes InternalError.
 *
 * @example
 * ```ts
 * app.setErrorHandler((error, request, reply) => send(reply, toErrorReply(fromFrameworkError(error, limit))))
 * ```
 */
export function fromFrameworkError(error: unknown, bodyLimitBytes: number): FrameworkFailure {
  const status = statusOf(error)
  if (status === 413) return payloadTooLarge(bodyLimitBytes)
  if (status === 415) return unsupportedMediaType()
  if (status !== undefined && status >= 400 && status < 500) {
    return malformedRequest(isJsonFailure(error) ? 'the body is not valid JSON' : 'malformed request')
  }
  return internalError(error)
}
