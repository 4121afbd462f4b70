import { randomUUID } from 'node:crypto'
import { describeQueueStoreContract } from '@boxoffice/adapter-test'
import { Redis, type Cluster } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisQueueStore } from '../src/index.js'
import { killConnectionsNamed, uniqueConnectionName } from './support/connection-killer.js'
import { deleteKeysUnder, uniqueKeyPrefix } from './support/key-prefix.js'
import { describeQueueFaults } from './support/fault-suite.js'
import { describeRedisQueueBehaviour } from './support/queue-behaviour.js'
import { at, enterAs, policyOf, value } from './support/queue-fixture.js'
import { describeQueueRaces } from './support/race-suite.js'
import { startRedisCluster, type LocalRedisCluster } from './support/redis-cluster.js'

let cluster: LocalRedisCluster | undefined
let client: Cluster | undefined
const connected = (): Cluster => {
  if (client === undefined) throw new Error('the test cluster did not start')
  return client
}

beforeAll(async () => {
  cluster = await startRedisCluster()
  client = cluster.connect()
})
afterAll(async () => {
  client?.disconnect()
  await cluster?.stop()
})

describe('Redis queue store on a 3-master Redis Cluster', () => {
  it('two concerts land on different slots of different masters and both lines work', async () => {
    const prefix = uniqueKeyPrefix('cluster')
    const queue = createRedisQueueStore({ client: connected(), keyPrefix: prefix })
    const policy = policyOf({ maxActive: 1 })
    const masterOf = async (concertId: string): Promise<{ slot: number; port: number }> => {
      const slot = Number(await connected().cluster('KEYSLOT', `${prefix}:{${concertId}}:tokens`))
      const ranges = await connected().cluster('SLOTS')
      const range = ranges.find(([from, to]) => slot >= from && slot <= to)
      return { slot, port: range?.[2]?.[1] ?? -1 }
    }
    const first = `c-${randomUUID().slice(0, 8)}`
    const home = await masterOf(first)
    let second = ''
    let away = home
    while (away.port === home.port) {
      second = `c-${randomUUID().slice(0, 8)}`
      away = await masterOf(second)
    }
    try {
      expect(away.slot).not.toBe(home.slot)
      for (const concertId of [first, second]) {
        const front = await value(enterAs(queue, 'u1', concertId, at(0), policy))
        const back = await value(enterAs(queue, 'u2', concertId, at(0), policy))
        expect(await value(queue.admit({ concertId, now: at(1), policy }))).toMatchObject({ admitted: 1, waiting: 1 })
        const admitted = await value(queue.authorize({ token: front.token.token, userId: 'u1', now: at(2), policy }))
        expect(admitted.status).toBe('ACTIVE')
        expect((await value(queue.status({ token: back.token.token, now: at(2), policy }))).rank).toBe(1)
      }
      expect([...(await value(queue.concerts({ limit: 10 })))].sort()).toEqual([first, second].sort())
      // each line's keys live on its own master only
      for (const [concertId, master] of [
        [first, home],
        [second, away],
      ] as const) {
        const node = new Redis({ host: '127.0.0.1', port: master.port })
        try {
          expect(await node.exists(`${prefix}:{${concertId}}:tokens`)).toBe(1)
        } finally {
          node.disconnect()
        }
      }
    } finally {
      await deleteKeysUnder(connected(), prefix)
    }
  })
})

describe('Redis queue scripts on a Cluster', () => {
  it('keep working after SCRIPT FLUSH on every master: EVALSHA falls back to EVAL', async () => {
    const prefix = uniqueKeyPrefix('flush')
    const queue = createRedisQueueStore({ client: connected(), keyPrefix: prefix })
    const policy = policyOf()
    try {
      const concertId = `c-${randomUUID().slice(0, 8)}`
      await value(enterAs(queue, 'u1', concertId, at(0), policy))
      await Promise.all(
        connected()
          .nodes('master')
          .map((node) => node.script('FLUSH')),
      )
      const second = await value(enterAs(queue, 'u2', concertId, at(1), policy))
      expect(second.rank).toBe(2)
      expect(await value(queue.admit({ concertId, now: at(2), policy }))).toMatchObject({ admitted: 2 })
    } finally {
      await deleteKeysUnder(connected(), prefix)
    }
  })
})

describeQueueStoreContract(
  'redis cluster',
  async () => {
    // its own Cluster client per store, so `disconnect` cuts off that store alone; without the offline
    // queue a disconnected Cluster fails calls at once instead of holding them
    const keyPrefix = uniqueKeyPrefix('contract')
    const connectionName = uniqueConnectionName()
    const client = connected().duplicate([], { enableOfflineQueue: false, redisOptions: { connectionName } })
    client.on('error', () => undefined)
    await new Promise((resolve) => client.once('ready', resolve))
    return {
      store: createRedisQueueStore({ client, keyPrefix }),
      disconnect: async () => client.disconnect(),
      // the store's connection to every master, ended through the checker's own connections
      killConnections: () => killConnectionsNamed(connected().nodes('master'), connectionName),
      cleanup: async () => {
        client.disconnect()
        await deleteKeysUnder(connected(), keyPrefix)
      },
    }
  },
  { numRuns: 15, disconnects: true, connectionLoss: true, heartbeatStepMs: 1_000 },
)
describeRedisQueueBehaviour('cluster', connected)
describeQueueRaces('cluster', connected)
describeQueueFaults('cluster', connected, (mode) =>
  mode === 'resend'
    ? connected().duplicate()
    : connected().duplicate([], {
        enableOfflineQueue: false,
        redisOptions: { autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 0 },
      }),
)
