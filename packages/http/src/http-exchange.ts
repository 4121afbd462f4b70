import type { ApiError } from './api-error.js'

/** A header as Node hands it over (lower-cased names; arrays only for repeated standard headers). */
export type HeaderValue = string | readonly string[] | undefined

/** What a route handler reads from a request, whichever framework parsed it. */
export interface HttpRequestParts {
  readonly headers: Readonly<Record<string, HeaderValue>>
  /** Path parameters as the router matched them (validated by each route). */
  readonly params: Readonly<Record<string, string | readonly string[] | undefined>>
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown
}

/** What a route handler answers; the framework only copies it onto its response. */
export interface HttpReply {
  readonly status: number
  /** Serialised as JSON; undefined for an empty reply (204). */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** The failure behind an error reply, kept whole (with its `cause`) for the logs. */
  readonly error?: ApiError
}

export const reply = (status: number, body?: unknown): HttpReply => (body === undefined ? { status } : { status, body })
