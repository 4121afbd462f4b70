import { Redis } from 'ioredis'
import { REDIS } from './services.js'

/** A client and a key prefix: every key the scenario writes starts with `<prefix>:`, and `close` deletes them. */
export interface RedisFixture {
  readonly client: Redis
  readonly prefix: string
  /** Deletes every key under the prefix (also called by close). */
  clear(): Promise<void>
  close(): Promise<void>
}

export function connectRedis(): Redis {
  const client = new Redis({ ...REDIS, maxRetriesPerRequest: 1, lazyConnect: true })
  client.on('error', () => undefined)
  return client
}

/** Why Redis cannot be used, or undefined when it answers. */
export async function redisUnavailable(): Promise<string | undefined> {
  const client = connectRedis()
  try {
    await client.connect()
    await client.ping()
    return undefined
  } catch (error) {
    return `Redis at ${REDIS.host}:${REDIS.port} does not answer (${(error as Error).message})`
  } finally {
    client.disconnect()
  }
}

async function deleteByPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000)
    cursor = next
    if (keys.length > 0) await client.unlink(...keys)
  } while (cursor !== '0')
}

export async function openRedis(prefix: string): Promise<RedisFixture> {
  const client = connectRedis()
  await client.connect()
  await deleteByPrefix(client, prefix)
  return {
    client,
    prefix,
    clear: () => deleteByPrefix(client, prefix),
    close: async () => {
      try {
        await deleteByPrefix(client, prefix)
      } finally {
        await client.quit().catch(() => client.disconnect())
      }
    },
  }
}

/** Deletes keys a crashed process may have left under `prefix:`. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const client = connectRedis()
  await client.connect()
  try {
    await deleteByPrefix(client, prefix)
  } finally {
    client.disconnect()
  }
}
