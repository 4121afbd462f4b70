import { randomUUID } from 'node:crypto'
import type { Cluster, Redis } from 'ioredis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRedisQueueStore } from '../../src/index.js'
import { queueKeyspace } from '../../src/queue-keys.js'
import { deleteKeysUnder, uniqueKeyPrefix } from './key-prefix.js'
import { at, enterAs, policyOf, value } from './queue-fixture.js'

/** Crowds: many calls in flight at once on one or several connections. */
export function describeQueueRaces(name: string, client: () => Redis | Cluster): void {
  describe(`Redis queue store under concurrency (${name})`, () => {
    let prefix = ''
    beforeEach(() => {
      prefix = uniqueKeyPrefix('races')
    })
    afterEach(() => deleteKeysUnder(client(), prefix))

    it('5,000 concurrent enters from distinct users get ranks 1..5,000 in arrival order', async () => {
      const queue = createRedisQueueStore({ client: client(), keyPrefix: prefix })
      const policy = policyOf()
      const concertId = `crowd-${randomUUID().slice(0, 8)}`
      const positions = await Promise.all(
        Array.from({ length: 5_000 }, (_, i) => value(enterAs(queue, `user-${i}`, concertId, at(0), policy))),
      )
      // one connection delivers the calls in the order they were made: that order is the arrival order
      expect(positions.map((p) => p.token.seq)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1))
      const bySeq = [...positions].sort((a, b) => a.token.seq - b.token.seq)
      expect(bySeq.map((p) => p.token.seq)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1))
      expect(bySeq.map((p) => p.rank)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1))
      expect(new Set(positions.map((p) => p.token.userId)).size).toBe(5_000)
      // ranks read back later agree with the ranks given on entry
      const sample = bySeq.filter((_, i) => i % 250 === 0)
      const ranks = await Promise.all(
        sample.map(async (p) => (await value(queue.status({ token: p.token.token, now: at(1), policy }))).rank),
      )
      expect(ranks).toEqual(sample.map((p) => p.rank))
    })

    it('concurrent admits from several clients never take a concert past maxActive', async () => {
      const clients = [client(), client().duplicate(), client().duplicate(), client().duplicate()]
      try {
        const stores = clients.map((c) => createRedisQueueStore({ client: c, keyPrefix: prefix }))
        const policy = policyOf({ maxActive: 50, admitPerTick: 7, activeTtlMs: 60_000 })
        const concertId = `admits-${randomUUID().slice(0, 8)}`
        const first = stores[0]!
        await Promise.all(
          Array.from({ length: 300 }, (_, i) => value(enterAs(first, `user-${i}`, concertId, at(0), policy))),
        )
        const reports = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            value(stores[i % stores.length]!.admit({ concertId, now: at(10 + (i % 3)), policy })),
          ),
        )
        expect(Math.max(...reports.map((r) => r.active))).toBe(50)
        expect(reports.reduce((sum, r) => sum + r.admitted, 0)).toBe(50)
        expect(await client().zcard(queueKeyspace(prefix).concert(concertId).active)).toBe(50)
      } finally {
        clients.slice(1).forEach((c) => c.disconnect())
      }
    })

    it('a line that empties while someone enters stays listed, whichever connection runs first', async () => {
      const other = client().duplicate()
      try {
        const stores = [client(), other].map((c) => createRedisQueueStore({ client: c, keyPrefix: prefix }))
        const policy = policyOf()
        const concertId = `refill-${randomUUID().slice(0, 8)}`
        for (let round = 0; round < 30; round++) {
          const [leaving, entering] = round % 2 === 0 ? stores : [stores[1]!, stores[0]!]
          const first = await value(enterAs(leaving!, `first-${round}`, concertId, at(0), policy))
          const [, second] = await Promise.all([
            value(leaving!.leave({ token: first.token.token })),
            value(enterAs(entering!, `second-${round}`, concertId, at(0), policy)),
          ])
          expect(await value(leaving!.concerts({ limit: 10 }))).toEqual([concertId])
          await value(entering!.leave({ token: second.token.token }))
          expect(await value(leaving!.concerts({ limit: 10 }))).toEqual([])
        }
      } finally {
        other.disconnect()
      }
    })

    it('1,000 concurrent enters by one user yield one token', async () => {
      const queue = createRedisQueueStore({ client: client(), keyPrefix: prefix })
      const policy = policyOf()
      const concertId = `one-${randomUUID().slice(0, 8)}`
      const positions = await Promise.all(
        Array.from({ length: 1_000 }, () => value(enterAs(queue, 'the-user', concertId, at(0), policy))),
      )
      expect(new Set(positions.map((p) => p.token.token)).size).toBe(1)
      expect(positions.every((p) => p.token.seq === 1 && p.rank === 1)).toBe(true)
      expect(await client().hlen(queueKeyspace(prefix).concert(concertId).tokens)).toBe(1)
    })
  })
}
