import type { BoxOfficeError } from '@boxoffice/core'

/*
 * Failures that only exist at the HTTP edge: a request the library never saw
 * because it had no identity, could not be parsed, or asked for a route that
 * does not exist. Plain objects like the core's errors, so the one mapping
 * function (`toErrorReply`) treats both alike.
 */

interface EdgeFailure<T extends string> {
  readonly type: T
  readonly message: string
}

/** The host application's `identify` hook named no caller on a route that needs one. */
export type MissingIdentity = EdgeFailure<'MissingIdentity'>
/** No `Queue-Token` header on a call that needs one. */
export type MissingQueueToken = EdgeFailure<'MissingQueueToken'>
/** No `Idempotency-Key` header on a payment: a retried payment must never pay twice, so the key is required. */
export type MissingIdempotencyKey = EdgeFailure<'MissingIdempotencyKey'>
/** The request line and headers are larger than the server reads (Node's `maxHeaderSize`). */
export type HeadersTooLarge = EdgeFailure<'HeadersTooLarge'>
/** An admin route without `Authorization: Bearer <ADMIN_TOKEN>`, or with another token. */
export type AdminUnauthorized = EdgeFailure<'AdminUnauthorized'>
/** The server runs without `ADMIN_TOKEN`, so admin routes are switched off. */
export type AdminDisabled = EdgeFailure<'AdminDisabled'>
/** The request could not be read: malformed JSON, a bad URL encoding, a body where none belongs. */
export type MalformedRequest = EdgeFailure<'MalformedRequest'>
/** A body larger than the server's body limit. */
export interface PayloadTooLarge extends EdgeFailure<'PayloadTooLarge'> {
  readonly limitBytes: number
}
/** A body that is not `application/json` in UTF-8, or that is sent with a `Content-Encoding`. */
export type UnsupportedMediaType = EdgeFailure<'UnsupportedMediaType'>
/** No route answers this method and path. */
export interface RouteNotFound extends EdgeFailure<'RouteNotFound'> {
  readonly method: string
  readonly path: string
}
/** A bug: something threw. Never shown to clients beyond its type. */
export interface InternalError extends EdgeFailure<'InternalError'> {
  readonly cause: unknown
}

/** The failures the HTTP edge adds to the library's own. */
export type EdgeError =
  | MissingIdentity
  | MissingQueueToken
  | MissingIdempotencyKey
  | HeadersTooLarge
  | AdminUnauthorized
  | AdminDisabled
  | MalformedRequest
  | PayloadTooLarge
  | UnsupportedMediaType
  | RouteNotFound
  | InternalError

/** Everything an HTTP reply can report: the library's errors and the edge's own. */
export type ApiError = BoxOfficeError | EdgeError

/** The `type` of any {@link ApiError}, as an HTTP error body names it. */
export type ApiErrorType = ApiError['type']

/**
 * The caller could not be identified.
 *
 * @example
 * ```ts
 * const refused = missingIdentity()
 * ```
 */
export const missingIdentity = (): MissingIdentity => ({
  type: 'MissingIdentity',
  message: 'the request is not authenticated: sign in and send your credentials',
})
/**
 * No `Queue-Token` header.
 *
 * @example
 * ```ts
 * const refused = missingQueueToken()
 * ```
 */
export const missingQueueToken = (): MissingQueueToken => ({
  type: 'MissingQueueToken',
  message: 'send your queue token in the Queue-Token header (POST /queue/tokens issues one)',
})
/**
 * No `Idempotency-Key` header on a payment.
 *
 * @example
 * ```ts
 * const refused = missingIdempotencyKey()
 * ```
 */
export const missingIdempotencyKey = (): MissingIdempotencyKey => ({
  type: 'MissingIdempotencyKey',
  message:
    'send an Idempotency-Key header (any unique string, such as a UUID): a payment retried with the same key is never paid twice',
})
/**
 * The request line and headers exceed Node's `maxHeaderSize`.
 *
 * @example
 * ```ts
 * const refused = headersTooLarge()
 * ```
 */
export const headersTooLarge = (): HeadersTooLarge => ({
  type: 'HeadersTooLarge',
  message:
    'the request line and headers are larger than this server reads: send a shorter URL and fewer or smaller headers',
})
/**
 * An admin route without the right bearer token.
 *
 * @example
 * ```ts
 * const refused = adminUnauthorized()
 * ```
 */
export const adminUnauthorized = (): AdminUnauthorized => ({
  type: 'AdminUnauthorized',
  message: 'admin routes need the header Authorization: Bearer <ADMIN_TOKEN>',
})
/**
 * Admin routes are switched off (no admin token configured).
 *
 * @example
 * ```ts
 * const refused = adminDisabled()
 * ```
 */
export const adminDisabled = (): AdminDisabled => ({
  type: 'AdminDisabled',
  message: 'admin routes are off: start the server with ADMIN_TOKEN set',
})
/**
 * A request that could not be read; `detail` says why.
 *
 * @example
 * ```ts
 * const refused = malformedRequest('the body is not valid JSON')
 * ```
 */
export const malformedRequest = (detail: string): MalformedRequest => ({
  type: 'MalformedRequest',
  message: `the request could not be read: ${detail}`,
})
/**
 * A body above `limitBytes`.
 *
 * @example
 * ```ts
 * const refused = payloadTooLarge(16_384)
 * ```
 */
export const payloadTooLarge = (limitBytes: number): PayloadTooLarge => ({
  type: 'PayloadTooLarge',
  message: `the body is larger than ${limitBytes} bytes`,
  limitBytes,
})
/**
 * A body that is not `application/json`.
 *
 * @example
 * ```ts
 * const refused = unsupportedMediaType()
 * ```
 */
export const unsupportedMediaType = (): UnsupportedMediaType => ({
  type: 'UnsupportedMediaType',
  message: 'send the body as application/json',
})
/**
 * A body sent with a `Content-Encoding`.
 *
 * @example
 * ```ts
 * const refused = unsupportedContentEncoding('gzip')
 * ```
 */
export const unsupportedContentEncoding = (encoding: string): UnsupportedMediaType => ({
  type: 'UnsupportedMediaType',
  message: `send the body uncompressed: Content-Encoding ${JSON.stringify(encoding)} is not accepted`,
})
/**
 * A JSON body in a charset other than UTF-8.
 *
 * @example
 * ```ts
 * const refused = unsupportedCharset('latin1')
 * ```
 */
export const unsupportedCharset = (charset: string): UnsupportedMediaType => ({
  type: 'UnsupportedMediaType',
  message: `send the JSON body in UTF-8 (charset=utf-8): charset ${JSON.stringify(charset)} is not accepted`,
})
/**
 * No route for `method path`.
 *
 * @example
 * ```ts
 * const refused = routeNotFound('GET', '/nowhere')
 * ```
 */
export const routeNotFound = (method: string, path: string): RouteNotFound => ({
  type: 'RouteNotFound',
  message: `no route ${method} ${path}`,
  method,
  path,
})
/**
 * Something threw; `cause` is logged, never shown.
 *
 * @example
 * ```ts
 * const refused = internalError(error)
 * ```
 */
export const internalError = (cause: unknown): InternalError => ({
  type: 'InternalError',
  message: 'the server failed unexpectedly',
  cause,
})
