import { describeQueueStoreContract } from '@boxoffice/adapter-test'
import { Redis } from 'ioredis'
import { afterAll } from 'vitest'
import { createRedisQueueStore } from '../src/index.js'
import { deleteKeysUnder, uniqueKeyPrefix } from './support/key-prefix.js'

const redis = new Redis({ host: '127.0.0.1', port: 6379 })
afterAll(() => redis.quit())

describeQueueStoreContract(
  'redis',
  async () => {
    // each store gets its own connection, so `disconnect` cuts off that store alone
    const keyPrefix = uniqueKeyPrefix('contract')
    const client = redis.duplicate()
    return {
      store: createRedisQueueStore({ client, keyPrefix }),
      disconnect: async () => client.disconnect(),
      cleanup: async () => {
        client.disconnect()
        await deleteKeysUnder(redis, keyPrefix)
      },
    }
  },
  { numRuns: 25, disconnects: true },
)
