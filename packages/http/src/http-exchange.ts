import type { ApiError, ApiErrorType } from './api-error.js'
import type { EventFeed } from './event-stream.js'

/** A header as Node hands it over (lower-cased names; arrays only for repeated standard headers). */
export type HeaderValue = string | readonly string[] | undefined

/** What a route handler reads from a request, whichever framework parsed it. */
export interface HttpRequestParts {
  readonly headers: Readonly<Record<string, HeaderValue>>
  /** Path parameters as the router matched them (validated by each route). */
  readonly params: Readonly<Record<string, string | readonly string[] | undefined>>
  /** The query string as the framework parsed it (a repeated name as an array); undefined when none was passed. */
  readonly query?: Readonly<Record<string, unknown>> | undefined
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown
  /**
   * The caller, as the host application's `identify` hook named them; undefined
   * when it named nobody. Set only on routes whose `auth` is `user`.
   */
  readonly userId?: string | undefined
}

/** What a route handler answers; the framework only copies it onto its response. */
export interface HttpReply {
  readonly status: number
  /** Serialised as JSON; undefined for an empty reply (204). */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** The failure behind an error reply, kept whole (with its `cause`) for the logs. */
  readonly error?: ApiError
  /**
   * Set on a `GET /events` reply instead of a body: the servers hand it to
   * their `EventStreams`, which write the status, headers and the stream.
   */
  readonly stream?: EventFeed
}

declare const answers: unique symbol

/**
 * An {@link HttpReply} that also says, for the compiler only, which error types
 * it may carry: `defineRoute` refuses a handler whose replies carry a type the
 * route does not declare.
 */
export type RouteReply<T extends ApiErrorType> = HttpReply & { readonly [answers]?: T }

/**
 * A reply with a status and an optional JSON body.
 *
 * @example
 * ```ts
 * return reply(200, { balance: 1200 })
 * ```
 */
export const reply = (status: number, body?: unknown): HttpReply => (body === undefined ? { status } : { status, body })
