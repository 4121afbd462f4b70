import type { Check } from '../harness/scenario.js'
import type { Buyer } from '../scenarios/sale-fixture.js'

/** Which stores an example server runs on. */
export type StoreSetup = 'memory' | 'postgres+redis'

/** What the server process is asked to start (its first argument, as JSON). */
export interface ChildConfig {
  readonly framework: 'fastify' | 'express'
  readonly runId: string
  /** Also serve on Postgres (booking) + Redis (queue); the parent checked both answer. */
  readonly withStores: boolean
  /** Also serve the bare Fastify route that runs one ZRANK (fastify only, needs Redis). */
  readonly withBare: boolean
  readonly buyers: { readonly memory: number; readonly stores: number }
  readonly pollers: number
}

/** One listening example server and the users prepared on it. */
export interface ServedApp {
  readonly stores: StoreSetup
  readonly url: string
  /** Users with a WAITING token, for the status-poll route. */
  readonly pollers: readonly Buyer[]
  /** Admitted, funded users, each with a seat of their own, for the hold+pay flow. */
  readonly buyers: readonly Buyer[]
  readonly seats: readonly { readonly scheduleId: string; readonly seatNo: number }[]
  /** What a crowd polls: the buyers' concert, which has two 50-seat dates besides its own, and one of their seat maps. */
  readonly reads?: { readonly concertId: string; readonly scheduleId: string }
}

export type ChildMessage =
  | { readonly type: 'ready'; readonly apps: readonly ServedApp[]; readonly bare?: ServedApp }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'checked'; readonly checks: readonly Check[] }
  | { readonly type: 'stopped'; readonly maxRssBytes: number }

/** What the parent observed, for the server to check against its stores. */
export interface Observed {
  readonly holds: number
  readonly payments: number
  /** Requests that may have been in flight when the load stopped (one per connection). */
  readonly inFlight: number
}

export type ParentMessage =
  { readonly type: 'check'; readonly observed: Partial<Record<StoreSetup, Observed>> } | { readonly type: 'stop' }

/** The Postgres schema and Redis prefix of one server process (the parent removes them if the child could not). */
export const childStoreName = (runId: string, framework: string): string => `bench_${runId}_http_${framework}`
