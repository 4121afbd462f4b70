import { randomUUID } from 'node:crypto'
import { createPostgresBookingStore, migrate } from '@boxoffice/adapter-postgres'
import { createRedisQueueStore } from '@boxoffice/adapter-redis'
import { Redis } from 'ioredis'
import pg from 'pg'
import type { MakeStores } from './test-stores.ts'
import { deleteKeysUnder } from './redis-keys.ts'

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test'
const REDIS_URL = 'redis://127.0.0.1:6379'

/**
 * The production wiring: booking on Postgres in a fresh schema, queue on Redis
 * under a fresh key prefix. Cleanup drops the schema and deletes the keys.
 */
export function postgresRedisStores(label: string): MakeStores {
  return async () => {
    const unique = `${label}_${randomUUID().slice(0, 8)}`
    const schema = `examples_${unique}`
    const keyPrefix = `test:examples:${unique}`
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 })
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 })
    await migrate(pool, { schema }).match(
      () => undefined,
      (error) => {
        throw new Error(`migrating ${schema} failed: ${error.message}`)
      },
    )
    return {
      queue: createRedisQueueStore({ client: redis, keyPrefix }),
      booking: createPostgresBookingStore({ pool, schema }),
      cleanup: async () => {
        try {
          await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          await deleteKeysUnder(redis, keyPrefix)
        } finally {
          await Promise.allSettled([pool.end(), redis.quit()])
        }
      },
    }
  }
}
