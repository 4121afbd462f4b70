import { randomUUID } from 'node:crypto'
import type { AdmitReport, SaleClosed, StoreError } from '@boxoffice/core'
import type { QueuePosition } from '@boxoffice/core/adapter'
import { Cluster, Redis } from 'ioredis'
import type { Result } from 'neverthrow'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRedisQueueStore } from '../../src/index.js'
import { queueKeyspace } from '../../src/queue-keys.js'
import { deleteKeysUnder, uniqueKeyPrefix } from './key-prefix.js'
import { at, enterAs, policyOf, value } from './queue-fixture.js'

/** How the store's client is built: with ioredis's default resend of lost calls, or failing them at once. */
export type StoreClientFactory = (mode: 'resend' | 'fail-fast') => Redis | Cluster

const nodesOf = (client: Redis | Cluster): Redis[] => (client instanceof Cluster ? client.nodes('master') : [client])

/** A connection of the store, as `port/clientId` (ids are per server). */
type Connection = `${number}/${string}`

async function ready(client: Redis | Cluster): Promise<void> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve))
}

async function connectionsOf(client: Redis | Cluster): Promise<Connection[]> {
  const nodes = nodesOf(client)
  if (nodes.length === 0) throw new Error('no connected node yet')
  return Promise.all(
    nodes.map(async (node): Promise<Connection> => `${node.options.port ?? 6379}/${await node.client('ID')}`),
  )
}

/** Admin connections to the store's nodes, opened before the burst so the kill goes out at once. */
async function connectionKiller(connections: readonly Connection[]): Promise<{ kill(): Promise<void>; close(): void }> {
  const targets = connections.map((connection) => {
    const [port, id] = connection.split('/')
    return { admin: new Redis({ host: '127.0.0.1', port: Number(port) }), id: id ?? '' }
  })
  await Promise.all(targets.map(({ admin }) => admin.ping()))
  return {
    kill: async () => {
      await Promise.all(targets.map(({ admin, id }) => admin.client('KILL', 'ID', id)))
    },
    close: () => targets.forEach(({ admin }) => admin.disconnect()),
  }
}

/** The store's connections once every one of them was replaced after the kill (the old ones if that never happens). */
async function reconnected(client: Redis | Cluster, before: readonly Connection[]): Promise<Connection[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const now = await connectionsOf(client).catch(() => undefined)
    if (now !== undefined && now.every((connection) => !before.includes(connection))) return now
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return [...before]
}

/** Connections dropped in the middle of a burst. */
export function describeQueueFaults(
  name: string,
  checker: () => Redis | Cluster,
  makeClient: StoreClientFactory,
): void {
  describe(`Redis queue store when its connection is killed mid-burst (${name})`, () => {
    let prefix = ''
    beforeEach(() => {
      prefix = uniqueKeyPrefix('faults')
    })
    afterEach(() => deleteKeysUnder(checker(), prefix))

    for (const mode of ['resend', 'fail-fast'] as const) {
      it(`every call returns a result and no token is lost or duplicated (${mode} client)`, async () => {
        const storeClient = makeClient(mode)
        // the drop is the point of the test: ioredis reports it as an 'error' event too
        storeClient.on('error', () => undefined)
        try {
          const queue = createRedisQueueStore({ client: storeClient, keyPrefix: prefix })
          const policy = policyOf({ maxActive: 500, admitPerTick: 25 })
          const concertId = `burst-${randomUUID().slice(0, 8)}`
          await ready(storeClient)
          const before = await connectionsOf(storeClient)

          const killer = await connectionKiller(before)
          const enters: Promise<Result<QueuePosition, SaleClosed | StoreError>>[] = []
          const admits: Promise<Result<AdmitReport, StoreError>>[] = []
          let kill: Promise<void> | undefined
          // waves of 100 enters and one admit; the kill goes out together with the fifth wave
          for (let wave = 0; wave < 30; wave++) {
            if (wave === 4) kill = killer.kill()
            const calls = Array.from({ length: 100 }, (_, i) => {
              const entering = enterAs(queue, `user-${wave * 100 + i}`, concertId, at(0), policy)
              enters.push(Promise.resolve(entering))
              return entering
            })
            const admitting = Promise.resolve(queue.admit({ concertId, now: at(1), policy }))
            admits.push(admitting)
            // Promise.all, not allSettled: a rejected call fails the test, every call must fulfil with a Result
            await Promise.all([...calls, admitting])
            // a breath between waves, so later waves meet the client reconnecting and then reconnected
            await new Promise((resolve) => setTimeout(resolve, 5))
          }
          const entered = await Promise.all(enters)
          const reports = await Promise.all(admits)
          await kill
          killer.close()
          const after = await reconnected(storeClient, before)

          const outcomes = [...entered, ...reports]
          expect(outcomes.every((r) => r.isOk() || r.error.type === 'StoreUnavailable')).toBe(true)
          expect(after.filter((connection) => before.includes(connection))).toEqual([])
          if (mode === 'fail-fast') expect(outcomes.some((r) => r.isErr())).toBe(true)

          const keys = queueKeyspace(prefix).concert(concertId)
          const records = await checker().hvals(keys.tokens)
          const owners = records.map((record) => record.split('|')[1])
          expect(new Set(owners).size).toBe(owners.length)
          expect(await checker().hlen(keys.users)).toBe(records.length)

          const okEnters = entered.flatMap((r) => (r.isOk() ? [r.value] : []))
          const verify = createRedisQueueStore({ client: checker(), keyPrefix: prefix })
          const found = await Promise.all(
            okEnters.map(async (p) => (await value(verify.status({ token: p.token.token, now: at(2), policy }))).token),
          )
          expect(found.map((t) => t.userId)).toEqual(okEnters.map((p) => p.token.userId))
          if (mode === 'resend') expect(records.length).toBe(3_000)

          const active = await checker().zcard(keys.active)
          const okReports = reports.flatMap((r) => (r.isOk() ? [r.value] : []))
          expect(active).toBeLessThanOrEqual(policy.maxActive)
          expect(okReports.every((r) => r.active <= policy.maxActive)).toBe(true)
          expect(okReports.reduce((sum, r) => sum + r.admitted, 0)).toBeLessThanOrEqual(active)
          if (mode === 'resend') expect(okReports.reduce((sum, r) => sum + r.admitted, 0)).toBe(active)
        } finally {
          storeClient.disconnect()
        }
      })
    }
  })
}
