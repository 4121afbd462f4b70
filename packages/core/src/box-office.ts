import { createCatalogApi, type CatalogApi } from './catalog/catalog-service.js'
import { systemClock, type Clock } from './clock.js'
import type { BoxOfficeContext } from './context.js'
import { createEventsApi, type EventsApi } from './events/events-service.js'
import { createHoldsApi, type HoldsApi } from './hold/hold-service.js'
import { randomIds, type IdGenerator } from './ids.js'
import type { Instrumentation } from './observe/instrumentation.js'
import type { Logger } from './observe/logger.js'
import { observedFacade, observedStores } from './observe/observed-box.js'
import { createPaymentsApi, type PaymentsApi } from './payment/payment-service.js'
import { resolvePolicy, type Policy, type PolicyOverrides } from './policy.js'
import { cryptoRandom, type RandomSource } from './random.js'
import type { BookingStore, QueueStore } from './ports.js'
import { createQueueApi, type QueueApi } from './queue/queue-service.js'
import { createWalletApi, type WalletApi } from './wallet/wallet-service.js'

/** What `createBoxOffice` takes: the two stores, and optionally time, ids, policy and observers. */
export interface BoxOfficeOptions {
  /** The waiting-room store (memory, Redis, Postgres...). */
  readonly queue: QueueStore
  /** Catalog, holds, wallet and payments, from one adapter. */
  readonly booking: BookingStore
  /** Defaults to the system clock. */
  readonly clock?: Clock
  /** Defaults to random UUIDs. */
  readonly ids?: IdGenerator
  /** Overrides of the default policy. */
  readonly policy?: PolicyOverrides
  /** Draws the order of a fair opening; defaults to the platform's CSPRNG. Inject a seeded one only in tests. */
  readonly random?: RandomSource
  /** Tracing and metrics around every call (see `@boxoffice/opentelemetry`); none by default. */
  readonly instrumentation?: Instrumentation
  /** Logs store failures with their cause (pino fits); silent by default. */
  readonly logger?: Logger
}

/** The whole library behind one object; every call returns a `ResultAsync` and never throws. */
export interface BoxOffice {
  readonly policy: Policy
  readonly clock: Clock
  readonly queue: QueueApi
  readonly catalog: CatalogApi
  readonly holds: HoldsApi
  readonly wallet: WalletApi
  readonly payments: PaymentsApi
  /** Domain events of both stores: `booking` streams always, `queue:<concertId>` when the queue store writes them. */
  readonly events: EventsApi
}

/**
 * Builds the facade over a queue store and a booking store.
 *
 * @example
 * ```ts
 * import { createBoxOffice } from '@boxoffice/core'
 * import { createMemoryStores } from '@boxoffice/adapter-memory'
 *
 * const box = createBoxOffice({ ...createMemoryStores(), policy: { hold: { ttlMs: 120_000 } } })
 * const ticket = await box.queue.enter({ userId: 'u1', concertId: 'c1' })
 * ```
 */
export function createBoxOffice(options: BoxOfficeOptions): BoxOffice {
  const stores = observedStores(options, options)
  const ctx: BoxOfficeContext = {
    queue: stores.queue,
    booking: stores.booking,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    policy: resolvePolicy(options.policy),
    random: options.random ?? cryptoRandom(),
  }
  return observedFacade(options, {
    policy: ctx.policy,
    clock: ctx.clock,
    queue: createQueueApi(ctx),
    catalog: createCatalogApi(ctx),
    holds: createHoldsApi(ctx),
    wallet: createWalletApi(ctx),
    payments: createPaymentsApi(ctx),
    events: createEventsApi(ctx),
  })
}
