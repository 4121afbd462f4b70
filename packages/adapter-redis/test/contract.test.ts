import { describeQueueStoreContract } from '@boxoffice/adapter-test'
import { Redis } from 'ioredis'
import { afterAll } from 'vitest'
import { createRedisQueueStore } from '../src/index.js'
import { killConnectionsNamed, uniqueConnectionName } from './support/connection-killer.js'
import { deleteKeysUnder, uniqueKeyPrefix } from './support/key-prefix.js'

const redis = new Redis({ host: '127.0.0.1', port: 6379 })
afterAll(() => redis.quit())

describeQueueStoreContract(
  'redis',
  async () => {
    // each store gets its own connection, so `disconnect` cuts off that store alone, and a name of
    // its own, so `killConnections` ends that connection alone
    const keyPrefix = uniqueKeyPrefix('contract')
    const connectionName = uniqueConnectionName()
    const client = redis.duplicate({ connectionName })
    // a killed connection is reported as an 'error' event before ioredis reconnects
    client.on('error', () => undefined)
    return {
      store: createRedisQueueStore({ client, keyPrefix }),
      disconnect: async () => client.disconnect(),
      killConnections: () => killConnectionsNamed([redis], connectionName),
      cleanup: async () => {
        client.disconnect()
        await deleteKeysUnder(redis, keyPrefix)
      },
    }
  },
  // the store's default heartbeat step: a poll within a second of the recorded heartbeat is not written
  { numRuns: 25, disconnects: true, connectionLoss: true, heartbeatStepMs: 1_000 },
)
