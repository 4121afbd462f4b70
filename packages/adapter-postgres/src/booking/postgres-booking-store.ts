import type { BookingStore } from '@boxoffice/core/adapter'
import type { PostgresPool } from '../postgres-pool.js'
import { DEFAULT_SCHEMA, quoteSchema } from '../schema-name.js'
import { createPostgresEventStore } from '../events/postgres-event-store.js'
import { createCatalogStore } from './catalog-store.js'
import { createHoldStore } from './hold-store.js'
import { createPaymentStore } from './payment-store.js'
import { createWalletStore } from './wallet-store.js'

/** What `createPostgresBookingStore` takes. */
export interface PostgresBookingStoreOptions {
  /** A `pg.Pool` (or anything with its `query` and `connect`); the application owns it. */
  readonly pool: PostgresPool
  /** The schema `migrate` created (default `boxoffice`). */
  readonly schema?: string
}

/**
 * Catalog, holds, wallet and payments on PostgreSQL, in one schema, so a
 * payment is one transaction across all of them. Each method is one atomic
 * step (READ COMMITTED with row locks and conditional writes); deadlocks and
 * serialization failures are retried with jitter, then reported as StoreConflict.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { createBoxOffice } from '@boxoffice/core'
 * import { createPostgresBookingStore, migrate } from '@boxoffice/adapter-postgres'
 * import { createRedisQueueStore } from '@boxoffice/adapter-redis'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 })
 * pool.on('error', (error) => console.error('idle postgres connection lost', error))
 * await migrate(pool, { schema: 'tickets' })
 * const box = createBoxOffice({
 *   queue: createRedisQueueStore({ client: redis }),
 *   booking: createPostgresBookingStore({ pool, schema: 'tickets' }),
 * })
 * ```
 */
export function createPostgresBookingStore(options: PostgresBookingStoreOptions): BookingStore {
  const name = options.schema ?? DEFAULT_SCHEMA
  const schema = quoteSchema(name)
  return {
    events: createPostgresEventStore(options.pool, name, schema),
    ...createCatalogStore(options.pool, schema),
    ...createHoldStore(options.pool, schema),
    ...createWalletStore(options.pool, schema),
    ...createPaymentStore(options.pool, schema),
  }
}
