import type { BookingStore, BoxOfficeError, QueueStore } from '@boxoffice/core'
import { ResultAsync } from 'neverthrow'

/** The environment variables that choose the stores. */
export interface StoreEnvironment {
  /** Postgres for the booking store (and the queue, unless Redis is set). Migrations run at start. */
  readonly DATABASE_URL?: string | undefined
  /** Postgres schema for the tables (default: the adapter's). */
  readonly DATABASE_SCHEMA?: string | undefined
  /** Redis for the queue. */
  readonly REDIS_URL?: string | undefined
  /** Redis Cluster for the queue: `host:port,host:port,...` (wins over REDIS_URL). */
  readonly REDIS_CLUSTER_NODES?: string | undefined
  /** Prefix of every Redis key (default: the adapter's). */
  readonly REDIS_KEY_PREFIX?: string | undefined
}

/** The stores a process runs on, and what it takes to watch and close them. */
export interface StoreSelection {
  readonly queue: QueueStore
  readonly booking: BookingStore
  /** Human-readable, credentials removed: `postgres (postgres://app@db:5432/sale)`. */
  readonly labels: { readonly queue: string; readonly booking: string }
  /** The booking store lives in this process: nothing is shared, so a demo concert is seeded. */
  readonly inMemoryBooking: boolean
  /** One cheap read from each store (GET /health). */
  check(): ResultAsync<unknown, BoxOfficeError>
  /** Closes the pools and clients the selection opened. */
  close(): Promise<void>
}

/** A URL with its password masked, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparsable URL)'
  }
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : value

interface Opened<S> {
  readonly store: S
  readonly label: string
  readonly close: () => Promise<void>
}

interface PostgresStores {
  readonly booking: Opened<BookingStore>
  readonly queue: Opened<QueueStore>
}

async function openPostgres(url: string, schema: string | undefined): Promise<PostgresStores> {
  const [{ default: pg }, postgres] = await Promise.all([import('pg'), import('@boxoffice/adapter-postgres')])
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // An idle client losing its connection must not crash the process; the next query reports StoreUnavailable.
  pool.on('error', () => undefined)
  const options = schema === undefined ? { pool } : { pool, schema }
  // Every process migrates at start; the adapter serialises them with an advisory lock.
  await postgres.migrate(pool, schema === undefined ? {} : { schema }).match(
    () => undefined,
    async (error) => {
      await pool.end()
      throw new Error(`could not migrate the database: ${error.message}`)
    },
  )
  const label = `postgres (${redactUrl(url)}${schema === undefined ? '' : `, schema ${schema}`})`
  return {
    booking: { store: postgres.createPostgresBookingStore(options), label, close: () => pool.end() },
    // The queue shares the booking store's pool, closed with it.
    queue: { store: postgres.createPostgresQueueStore(options), label, close: async () => undefined },
  }
}

async function openRedis(env: StoreEnvironment): Promise<Opened<QueueStore> | undefined> {
  const clusterNodes = nonEmpty(env.REDIS_CLUSTER_NODES)
  const url = nonEmpty(env.REDIS_URL)
  if (clusterNodes === undefined && url === undefined) return undefined
  const [{ Redis, Cluster }, redis] = await Promise.all([import('ioredis'), import('@boxoffice/adapter-redis')])
  const nodes = (clusterNodes ?? '')
    .split(',')
    .map((node) => node.trim())
    .filter((node) => node !== '')
  const client =
    clusterNodes !== undefined
      ? new Cluster(
          nodes.map((node) => {
            const [host = '127.0.0.1', port = '6379'] = node.split(':')
            return { host, port: Number(port) }
          }),
        )
      : new Redis(url ?? '', { maxRetriesPerRequest: 2 })
  // Connection errors surface per call as StoreUnavailable; this only keeps them from being unhandled.
  client.on('error', () => undefined)
  const keyPrefix = nonEmpty(env.REDIS_KEY_PREFIX)
  return {
    store: redis.createRedisQueueStore(keyPrefix === undefined ? { client } : { client, keyPrefix }),
    label: clusterNodes !== undefined ? `redis cluster (${nodes.join(', ')})` : `redis (${redactUrl(url ?? '')})`,
    close: async () => {
      await client.quit()
    },
  }
}

async function openMemory(): Promise<{ readonly booking: Opened<BookingStore>; readonly queue: Opened<QueueStore> }> {
  const { createMemoryStores } = await import('@boxoffice/adapter-memory')
  const stores = createMemoryStores()
  const close = async (): Promise<void> => undefined
  return {
    booking: { store: stores.booking, label: 'memory', close },
    queue: { store: stores.queue, label: 'memory', close },
  }
}

/**
 * Chooses the stores from the environment: nothing set -> both in memory;
 * `DATABASE_URL` -> Postgres booking (and queue); `REDIS_URL` or
 * `REDIS_CLUSTER_NODES` -> Redis queue. Drivers are loaded only when used,
 * and Postgres migrations are applied before the stores are returned.
 *
 * @example
 * ```ts
 * const stores = await selectStores(process.env)
 * const box = createBoxOffice({ queue: stores.queue, booking: stores.booking })
 * ```
 */
export async function selectStores(env: StoreEnvironment): Promise<StoreSelection> {
  const databaseUrl = nonEmpty(env.DATABASE_URL)
  const postgres =
    databaseUrl === undefined ? undefined : await openPostgres(databaseUrl, nonEmpty(env.DATABASE_SCHEMA))
  let redis: Opened<QueueStore> | undefined
  try {
    redis = await openRedis(env)
  } catch (error) {
    await postgres?.booking.close()
    throw error
  }
  // Memory only fills what is not configured: the booking store, and the queue unless Redis is set.
  const memory = postgres === undefined ? await openMemory() : undefined
  const booking = postgres?.booking ?? memory?.booking
  const queue = redis ?? postgres?.queue ?? memory?.queue
  if (booking === undefined || queue === undefined) throw new Error('unreachable: memory stores fill every gap')

  return {
    queue: queue.store,
    booking: booking.store,
    labels: { queue: queue.label, booking: booking.label },
    inMemoryBooking: postgres === undefined,
    check: () => ResultAsync.combine([queue.store.concerts({ limit: 1 }), booking.store.listConcerts()] as const),
    close: async () => {
      await Promise.allSettled([queue.close(), booking.close()])
    },
  }
}
