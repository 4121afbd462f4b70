import type { BookingStore } from '@boxoffice/core/adapter'
import type { PostgresPool } from '../postgres-pool.js'
import { DEFAULT_SCHEMA, quoteSchema } from '../schema-name.js'
import { createPostgresEventStore } from '../events/postgres-event-store.js'
import { createCatalogStore } from './catalog-store.js'
import { createHoldStore } from './hold-store.js'
import { createPaymentStore } from './payment-store.js'
import { createRefundStore } from './refund-store.js'
import { createWalletStore } from './wallet-store.js'

/** What `createPostgresBookingStore` takes. */
export interface PostgresBookingStoreOptions {
  /** A `pg.Pool` (or anything with its `query` and `connect`); the application owns it. */
  readonly pool: PostgresPool
  /** The schema `migrate` created (default `boxoffice`). */
  readonly schema?: string
  /**
   * Where the catalog reads a crowd polls go: `listConcerts`, `listDates` and
   * `listSeats` (default: `pool`). Typically a `pg.Pool` on a streaming
   * replica of the same database. Everything else (holds, payments, wallet
   * balance and history, the checks inside any write) stays on `pool`.
   *
   * Staleness: a read from a replica reflects every write the replica has
   * replayed, so it lags the primary by the replica's replay lag
   * (`pg_stat_replication.replay_lag`; milliseconds on a healthy local
   * stream, unbounded while the stream is broken, so watch it). With
   * `synchronous_commit = remote_apply` and the replica named in
   * `synchronous_standby_names` the lag is zero: a write returns only once the
   * replica shows it. A concert or schedule the replica does not know yet is
   * read from `pool` again, so "not found" is never stale; a seat's status or
   * a date's free seats may be, by at most that lag. Holding or paying
   * always decides on the primary, so a stale map can offer a seat the hold
   * then refuses (`SeatUnavailable`), never sell one twice.
   *
   * @example
   * ```ts
   * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
   * const readPool = new pg.Pool({ connectionString: process.env.REPLICA_URL })
   * const booking = createPostgresBookingStore({ pool, readPool })
   * ```
   */
  readonly readPool?: PostgresPool
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
    ...createCatalogStore(options.pool, schema, options.readPool),
    ...createHoldStore(options.pool, schema),
    ...createWalletStore(options.pool, schema),
    ...createPaymentStore(options.pool, schema),
    ...createRefundStore(options.pool, schema),
  }
}
