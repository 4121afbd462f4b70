import { createRequire } from 'node:module'
import { describeQueueStoreContract } from '@boxoffice/adapter-test'
import { Redis, type Cluster } from 'ioredis6'
import { afterAll, describe, expect, it } from 'vitest'
import { createRedisQueueStore, type RedisQueueClient } from '../src/index.js'
import { killConnectionsNamed, uniqueConnectionName } from './support/connection-killer.js'
import { uniqueKeyPrefix } from './support/key-prefix.js'

/*
 * The same contract as contract.test.ts, on ioredis 6 (a devDependency alias:
 * `npm i ioredis` installs 6 today, while 5 is still widely deployed). The
 * peer range accepts both majors, so both run the whole suite.
 */

// Compile-time: ioredis 6's Cluster fits the client type too (cluster.test.ts runs 5's).
const clusterFits: Cluster extends RedisQueueClient ? true : never = true

const redis = new Redis({ host: '127.0.0.1', port: 6379 })
afterAll(() => redis.quit())

/** Every client the suite built, to prove the suite really ran on ioredis 6. */
const clients: Redis[] = []

async function deleteKeysUnder(prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
    for (const key of keys) await redis.del(key)
    cursor = next
  } while (cursor !== '0')
}

describeQueueStoreContract(
  'redis on ioredis 6',
  async () => {
    const keyPrefix = uniqueKeyPrefix('contract-ioredis6')
    const connectionName = uniqueConnectionName()
    const client = redis.duplicate({ connectionName })
    // a killed connection is reported as an 'error' event before ioredis reconnects
    client.on('error', () => undefined)
    clients.push(client)
    return {
      // every poll recorded (step 0): the other run covers the default step of a second
      store: createRedisQueueStore({ client, keyPrefix, heartbeatStepMs: 0 }),
      disconnect: async () => client.disconnect(),
      killConnections: () => killConnectionsNamed([redis], connectionName),
      cleanup: async () => {
        client.disconnect()
        await deleteKeysUnder(keyPrefix)
      },
    }
  },
  { numRuns: 25, disconnects: true, connectionLoss: true },
)

describe('the ioredis 6 run', () => {
  const versionOf = (name: string): string =>
    (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version

  it('contract.test.ts runs on ioredis 5 and this file on ioredis 6', () => {
    expect(versionOf('ioredis')).toMatch(/^5\./)
    expect(versionOf('ioredis6')).toMatch(/^6\./)
    expect(clusterFits).toBe(true)
  })

  it('used clients of the ioredis 6 package, each of which reached the server', () => {
    expect(clients.length).toBeGreaterThan(10)
    // A client connects on its first command: `wait` means the suite never used it.
    expect(clients.filter((client) => client.status === 'wait')).toEqual([])
    expect(clients.every((client) => client instanceof Redis)).toBe(true)
  })
})
