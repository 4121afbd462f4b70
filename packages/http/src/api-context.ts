import {
  concertNotFound,
  storeUnavailable,
  type BoxOffice,
  type BoxOfficeError,
  type ConcertNotFound,
  type StoreError,
} from '@boxoffice/core'
import { err, ok, okAsync, type ResultAsync } from 'neverthrow'
import { createEventStreams, type EventStreamOptions, type EventStreams } from './event-stream.js'
import type { OpenApiOptions } from './openapi-document.js'

/** What a server hands the shared routes. */
export interface ApiDeps {
  readonly box: BoxOffice
  /** The bearer token admin routes require; admin routes are refused when it is undefined. */
  readonly adminToken?: string | undefined
  /** What GET /health runs; by default one read from each store through the facade. */
  readonly checkStores?: () => ResultAsync<unknown, BoxOfficeError>
  /** How GET /openapi.json describes the mount point and the callers' authentication. */
  readonly openApi?: OpenApiOptions
  /** How `GET /events` streams run: heartbeats, the per-client buffer bound, the signal that ends them. */
  readonly events?: EventStreamOptions
}

/** The routes' view of one running server. */
export interface ApiContext {
  readonly box: BoxOffice
  readonly adminToken: string | undefined
  /** What GET /health runs: any failure is a 503. */
  checkStores(): ResultAsync<unknown, StoreError>
  /** What GET /openapi.json describes (the same object every call, so the document is built once). */
  readonly openApi: OpenApiOptions
  /** Succeeds when the concert exists; cached, since concerts are never deleted. */
  concertExists(concertId: string): ResultAsync<void, ConcertNotFound | StoreError>
  /** The open `GET /events` streams of this server. */
  readonly eventStreams: EventStreams
}

const NO_OPTIONS: OpenApiOptions = {}

/**
 * Binds the routes to one facade.
 *
 * @example
 * ```ts
 * const context = createApiContext({ box, adminToken: process.env.ADMIN_TOKEN })
 * const answer = await route.handle({ headers, params, body }, context)
 * ```
 */
export function createApiContext(deps: ApiDeps): ApiContext {
  const { box } = deps
  // Entering a line is the hot path of a sale: a known concert costs no store
  // read; only an unknown id re-reads the (short) concert list.
  const known = new Set<string>()
  const concertExists = (concertId: string): ResultAsync<void, ConcertNotFound | StoreError> => {
    if (known.has(concertId)) return okAsync(undefined)
    return box.catalog.listConcerts().andThen((concerts) => {
      for (const concert of concerts) known.add(concert.concertId)
      return known.has(concertId) ? ok(undefined) : err(concertNotFound(concertId))
    })
  }
  return {
    box,
    adminToken: deps.adminToken,
    openApi: deps.openApi ?? NO_OPTIONS,
    checkStores: () => {
      const { checkStores } = deps
      if (checkStores === undefined) return box.catalog.listConcerts().andThen(() => box.queue.concerts())
      // Any failure of the check means the process cannot serve: 503, whatever the check reported.
      return checkStores().mapErr((error) =>
        error.type === 'StoreUnavailable' || error.type === 'StoreConflict' ? error : storeUnavailable(error),
      )
    },
    concertExists,
    eventStreams: createEventStreams(box, deps.events),
  }
}
