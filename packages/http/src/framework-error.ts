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
import { malformedPath } from './request-body.js'

/** What a framework's own refusal (body parser, router) becomes. */
export type FrameworkFailure = MalformedRequest | PayloadTooLarge | UnsupportedMediaType | InternalError

/**
 * A refusal the edge decided itself inside a framework hook (the JSON body
 * reader), handed to the framework as an error so its error handler answers
 * it: {@link fromFrameworkError} gives the failure back unchanged.
 */
export class EdgeRefusal extends Error {
  readonly failure: FrameworkFailure
  constructor(failure: FrameworkFailure) {
    super(failure.message)
    this.failure = failure
  }
}

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
  if (error instanceof EdgeRefusal) return error.failure
  // Fastify's router (and Express's param decoding) on a path that is not valid percent-encoding.
  if (error instanceof URIError || field(error, 'code') === 'FST_ERR_BAD_URL') return malformedPath()
  // Unreachable with the Fastify server's maxParamLength (a whole request line), kept for any other set-up.
  if (field(error, 'code') === 'FST_ERR_MAX_PARAM_LENGTH') return malformedRequest('a path parameter is too long')
  const status = statusOf(error)
  if (status === 413) return payloadTooLarge(bodyLimitBytes)
  if (status === 415) return unsupportedMediaType()
  if (status !== undefined && status >= 400 && status < 500) {
    return malformedRequest(isJsonFailure(error) ? 'the body is not valid JSON' : 'malformed request')
  }
  return internalError(error)
}
