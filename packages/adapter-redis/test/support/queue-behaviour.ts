import { isDeploymentFault } from '../../src/classify-redis-error.js'
import { randomUUID } from 'node:crypto'
import type { QueuePolicy } from '@boxoffice/core'
import { Cluster, Redis } from 'ioredis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRedisQueueStore } from '../../src/index.js'
import { queueKeyspace } from '../../src/queue-keys.js'
import { deleteKeysUnder, keysUnder, uniqueKeyPrefix } from './key-prefix.js'
import { at, enterAs, errorType, policyOf, value } from './queue-fixture.js'

/**
 * What this adapter promises beyond the shared contract: its key layout, the
 * registry of concerts, replay safety. Run against a standalone Redis and a Cluster.
 */
export function describeRedisQueueBehaviour(name: string, client: () => Redis | Cluster): void {
  describe(`Redis queue store (${name})`, () => {
    let prefix = ''
    // these cases time idleness to the millisecond, so every poll is recorded; the contract suite runs the default step
    const store = () => createRedisQueueStore({ client: client(), keyPrefix: prefix, heartbeatStepMs: 0 })
    const concert = () => `c-${randomUUID().slice(0, 8)}`

    beforeEach(() => {
      prefix = uniqueKeyPrefix('behaviour')
    })
    afterEach(async () => {
      await deleteKeysUnder(client(), prefix)
    })

    it('a poll within the heartbeat step writes nothing; one past it rewrites the heartbeat', async () => {
      const queue = createRedisQueueStore({ client: client(), keyPrefix: prefix, heartbeatStepMs: 1_000 })
      const policy = policyOf()
      const c = concert()
      const { token } = await value(enterAs(queue, 'u1', c, at(0), policy))
      const heartbeats = queueKeyspace(prefix).concert(c).heartbeats
      const localId = token.token.slice(token.token.indexOf('~') + 1)
      await value(queue.status({ token: token.token, now: at(1_000), policy }))
      expect(await client().zscore(heartbeats, localId)).toBe(String(at(0).getTime()))
      await value(queue.status({ token: token.token, now: at(1_001), policy }))
      expect(await client().zscore(heartbeats, localId)).toBe(String(at(1_001).getTime()))
    })

    it('rejects a heartbeat step that is not a non-negative integer', () => {
      for (const heartbeatStepMs of [-1, 0.5, Number.NaN]) {
        expect(() => createRedisQueueStore({ client: client(), keyPrefix: prefix, heartbeatStepMs })).toThrow(TypeError)
      }
    })

    it('a new token is WAITING under the candidate id with the next seq and the last rank', async () => {
      const queue = store()
      const policy = policyOf()
      const c = concert()
      const first = await value(enterAs(queue, 'u1', c, at(0), policy))
      const second = await value(enterAs(queue, 'u2', c, at(5), policy))
      expect(first.token).toMatchObject({ userId: 'u1', concertId: c, status: 'WAITING', seq: 1 })
      expect(first.token.token.startsWith(`${c}~`)).toBe(true)
      expect(second.token).toMatchObject({ userId: 'u2', status: 'WAITING', seq: 2, enteredAt: at(5) })
      expect([first.rank, second.rank]).toEqual([1, 2])
      expect(second.admissions).toEqual({ admitted: 0, since: null })
    })

    it('entering again returns the live token with its heartbeat refreshed, not a second one', async () => {
      const queue = store()
      const policy = policyOf({ waitingIdleTtlMs: 1_000 })
      const c = concert()
      const first = await value(enterAs(queue, 'u1', c, at(0), policy))
      const again = await value(enterAs(queue, 'u1', c, at(900), policy))
      expect(again.token.token).toBe(first.token.token)
      expect(again.token.lastSeenAt).toEqual(at(900))
      // alive at 1_500 only because the second enter was a heartbeat
      expect((await value(queue.status({ token: first.token.token, now: at(1_500), policy }))).rank).toBe(1)
    })

    it('an idle token not yet swept is replaced by a new one at the back of the line', async () => {
      const queue = store()
      const policy = policyOf({ waitingIdleTtlMs: 1_000 })
      const c = concert()
      const old = await value(enterAs(queue, 'u1', c, at(0), policy))
      await value(enterAs(queue, 'u2', c, at(500), policy))
      const renewed = await value(enterAs(queue, 'u1', c, at(1_200), policy))
      expect(renewed.token.token).not.toBe(old.token.token)
      expect(renewed.token.seq).toBe(3)
      expect(renewed.rank).toBe(2)
      expect(await errorType(queue.status({ token: old.token.token, now: at(1_200), policy }))).toBe('TokenNotFound')
    })

    it('status keeps a polled WAITING token alive and reports an idle or expired one as TokenExpired', async () => {
      const queue = store()
      const policy = policyOf({ waitingIdleTtlMs: 1_000, activeTtlMs: 2_000 })
      const c = concert()
      const polled = await value(enterAs(queue, 'polled', c, at(0), policy))
      const idle = await value(enterAs(queue, 'idle', c, at(0), policy))
      await value(queue.status({ token: polled.token.token, now: at(800), policy }))
      expect(await errorType(queue.status({ token: idle.token.token, now: at(1_000), policy }))).toBe('TokenExpired')
      const alive = await value(queue.status({ token: polled.token.token, now: at(1_600), policy }))
      expect(alive.token.lastSeenAt).toEqual(at(1_600))
      await value(queue.admit({ concertId: c, now: at(1_700), policy }))
      const active = await value(queue.status({ token: polled.token.token, now: at(1_800), policy }))
      expect(active).toMatchObject({ rank: null, token: { status: 'ACTIVE', expiresAt: at(3_700) } })
      expect(await errorType(queue.status({ token: polled.token.token, now: at(3_700), policy }))).toBe('TokenExpired')
    })

    it('a token that was never issued is TokenNotFound for every call, malformed ones included', async () => {
      const queue = store()
      const policy = policyOf()
      for (const token of [`${concert()}~nobody`, 'no-separator', '~missing-concert', 'c1~']) {
        expect(await errorType(queue.status({ token, now: at(0), policy }))).toBe('TokenNotFound')
        expect(await errorType(queue.authorize({ token, userId: 'u1', now: at(0), policy }))).toBe('TokenNotFound')
        expect(await errorType(queue.leave({ token }))).toBe('TokenNotFound')
        expect(await errorType(queue.complete({ token }))).toBe('TokenNotFound')
      }
    })

    it('authorize checks the owner first, then liveness, then that the token is ACTIVE', async () => {
      const queue = store()
      const policy = policyOf({ maxActive: 1, activeTtlMs: 1_000 })
      const c = concert()
      const admitted = await value(enterAs(queue, 'u1', c, at(0), policy))
      const waiting = await value(enterAs(queue, 'u2', c, at(0), policy))
      await value(queue.admit({ concertId: c, now: at(10), policy }))
      const auth = (token: string, userId: string, now: number) =>
        errorType(queue.authorize({ token, userId, now: at(now), policy }))
      const ok = await value(queue.authorize({ token: admitted.token.token, userId: 'u1', now: at(20), policy }))
      expect(ok).toMatchObject({ status: 'ACTIVE', activatedAt: at(10), expiresAt: at(1_010), seq: 1 })
      expect(await auth(waiting.token.token, 'u2', 20)).toBe('TokenNotActive')
      expect(await auth(waiting.token.token, 'u1', 20)).toBe('TokenUserMismatch')
      expect(await auth(admitted.token.token, 'u1', 1_010)).toBe('TokenExpired')
      expect(await auth(admitted.token.token, 'u2', 1_010)).toBe('TokenUserMismatch')
    })

    it('admit activates the oldest WAITING tokens within admitPerTick and maxActive', async () => {
      const queue = store()
      const policy = policyOf({ maxActive: 5, admitPerTick: 3 })
      const c = concert()
      const tokens: string[] = []
      for (let i = 0; i < 7; i++) tokens.push((await value(enterAs(queue, `u${i}`, c, at(i), policy))).token.token)
      const first = await value(queue.admit({ concertId: c, now: at(100), policy }))
      const second = await value(queue.admit({ concertId: c, now: at(200), policy }))
      expect(first).toEqual({ concertId: c, admitted: 3, expired: 0, dropped: 0, active: 3, waiting: 4 })
      expect(second).toMatchObject({ admitted: 2, active: 5, waiting: 2 })
      const statuses = await Promise.all(
        tokens.map(async (token) => (await value(queue.status({ token, now: at(300), policy }))).token.status),
      )
      expect(statuses).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'WAITING', 'WAITING'])
      const ranks = await Promise.all(
        tokens.slice(5).map(async (token) => (await value(queue.status({ token, now: at(300), policy }))).rank),
      )
      expect(ranks).toEqual([1, 2])
    })

    it('admit deletes expired ACTIVE and idle WAITING tokens, at most sweepLimit of each per tick', async () => {
      const queue = store()
      const policy = policyOf({ maxActive: 3, activeTtlMs: 1_000, waitingIdleTtlMs: 5_000, sweepLimit: 2 })
      const c = concert()
      for (let i = 0; i < 3; i++) await value(enterAs(queue, `a${i}`, c, at(0), policy))
      await value(queue.admit({ concertId: c, now: at(0), policy }))
      for (let i = 0; i < 3; i++) await value(enterAs(queue, `w${i}`, c, at(0), policy))
      const live = await value(enterAs(queue, 'live', c, at(4_000), policy))
      const report = await value(queue.admit({ concertId: c, now: at(5_000), policy }))
      // 2 of 3 expired swept; 2 idle swept, the third met in line and dropped; one slot left for `live`
      expect(report).toEqual({ concertId: c, admitted: 1, expired: 2, dropped: 3, active: 2, waiting: 0 })
      expect((await value(queue.status({ token: live.token.token, now: at(5_000), policy }))).token.status).toBe(
        'ACTIVE',
      )
      const next = await value(queue.admit({ concertId: c, now: at(5_000), policy }))
      expect(next).toMatchObject({ expired: 1, active: 1, waiting: 0 })
    })

    it('the admission window sums the last 10 ticks and dates them from the oldest kept', async () => {
      const queue = store()
      const policy = policyOf({ admitPerTick: 1 })
      const c = concert()
      for (let i = 0; i < 12; i++) await value(enterAs(queue, `u${i}`, c, at(0), policy))
      const last = await value(enterAs(queue, 'last', c, at(0), policy))
      for (let tick = 1; tick <= 12; tick++) await value(queue.admit({ concertId: c, now: at(tick * 1_000), policy }))
      const position = await value(queue.status({ token: last.token.token, now: at(12_500), policy }))
      expect(position.admissions).toEqual({ admitted: 10, since: at(3_000) })
      expect(position.rank).toBe(1)
    })

    it('leave and complete delete a token and leave none of its keys behind', async () => {
      const queue = store()
      const policy = policyOf()
      const c = concert()
      const leaving = await value(enterAs(queue, 'leaver', c, at(0), policy))
      const buyer = await value(enterAs(queue, 'buyer', c, at(0), policy))
      await value(queue.admit({ concertId: c, now: at(1), policy }))
      await value(queue.leave({ token: leaving.token.token }))
      await value(queue.complete({ token: buyer.token.token }))
      expect(await errorType(queue.leave({ token: leaving.token.token }))).toBe('TokenNotFound')
      expect(await errorType(queue.complete({ token: buyer.token.token }))).toBe('TokenNotFound')
      // only the line's counters stay (seq and admission window, recent ticks), on a backstop TTL
      expect(await keysUnder(client(), prefix)).toEqual([`${prefix}:{${c}}:line`, `${prefix}:{${c}}:ticks`])
      const fresh = await value(enterAs(queue, 'leaver', c, at(2), policy))
      expect(fresh.token).toMatchObject({ seq: 3, status: 'WAITING' })
    })

    it('concerts lists the lines with live tokens and forgets a line once it empties', async () => {
      const queue = store()
      const policy = policyOf({ waitingIdleTtlMs: 1_000 })
      const [a, b, c] = [concert(), concert(), concert()]
      const inA = await value(enterAs(queue, 'u1', a, at(0), policy))
      await value(enterAs(queue, 'u1', b, at(0), policy))
      await value(enterAs(queue, 'u2', c, at(0), policy))
      expect([...(await value(queue.concerts({ limit: 10 })))].sort()).toEqual([a, b, c].sort())
      expect(await value(queue.concerts({ limit: 2 }))).toHaveLength(2)
      await value(queue.leave({ token: inA.token.token }))
      await value(queue.admit({ concertId: b, now: at(1_000), policy }))
      expect(await value(queue.concerts({ limit: 10 }))).toEqual([c])
    })

    it('a line that empties and fills again at once is listed again', async () => {
      const queue = store()
      const policy = policyOf()
      const c = concert()
      const first = await value(enterAs(queue, 'u1', c, at(0), policy))
      await value(queue.leave({ token: first.token.token }))
      expect(await value(queue.concerts({ limit: 10 }))).toEqual([])
      // well within the registry recheck interval of the first enter
      await value(enterAs(queue, 'u2', c, at(1), policy))
      expect(await value(queue.concerts({ limit: 10 }))).toEqual([c])
    })

    it('enter writes the registry once per recheck interval, and a lost entry returns with the next enter after it', async () => {
      const queue = store()
      const policy = policyOf()
      const c = concert()
      const keys = queueKeyspace(prefix)
      await value(enterAs(queue, 'u1', c, at(0), policy))
      // an add lost to a failure: the concert has a line but no registry entry
      await client().zrem(keys.registry, c)
      await value(enterAs(queue, 'u2', c, at(1), policy))
      expect(await value(queue.concerts({ limit: 10 }))).toEqual([])
      // the recheck interval runs out (its marker expires)
      await client().del(keys.concert(c).listed)
      await value(enterAs(queue, 'u2', c, at(2), policy))
      expect(await value(queue.concerts({ limit: 10 }))).toEqual([c])
    })

    it('status and repeated enters leave the backstop expiry alone; admit pushes it out on every key', async () => {
      const queue = store()
      const policy = policyOf()
      const c = concert()
      const keys = queueKeyspace(prefix).concert(c)
      const waiting = await value(enterAs(queue, 'u1', c, at(0), policy))
      const lineKeys = [keys.tokens, keys.users, keys.waiting, keys.heartbeats, keys.line]
      for (const key of lineKeys) expect(await client().pttl(key)).toBeGreaterThan(0)
      for (const key of lineKeys) await client().pexpire(key, 60_000)
      await value(queue.status({ token: waiting.token.token, now: at(1), policy }))
      await value(enterAs(queue, 'u1', c, at(2), policy))
      await value(enterAs(queue, 'u2', c, at(3), policy))
      for (const key of lineKeys) expect(await client().pttl(key)).toBeLessThanOrEqual(60_000)
      await value(queue.admit({ concertId: c, now: at(4), policy: policyOf({ admitPerTick: 1 }) }))
      for (const key of [...lineKeys, keys.active, keys.ticks]) {
        expect(await client().pttl(key)).toBeGreaterThan(60_000)
      }
    })

    it('a Redis it cannot reach is StoreUnavailable, never a throw', async () => {
      // nothing listens on port 1; both clients give up at once instead of retrying
      const unreachable =
        client() instanceof Cluster
          ? new Cluster([{ host: '127.0.0.1', port: 1 }], { clusterRetryStrategy: () => null })
          : new Redis({ host: '127.0.0.1', port: 1, retryStrategy: () => null })
      unreachable.on('error', () => undefined)
      try {
        const queue = createRedisQueueStore({ client: unreachable, keyPrefix: prefix })
        const policy: QueuePolicy = policyOf()
        expect(await errorType(enterAs(queue, 'u1', concert(), at(0), policy))).toBe('StoreUnavailable')
        expect(await errorType(queue.admit({ concertId: concert(), now: at(0), policy }))).toBe('StoreUnavailable')
        expect(await errorType(queue.concerts({ limit: 1 }))).toBe('StoreUnavailable')
      } finally {
        unreachable.disconnect()
      }
    })

    it('a script error (here WRONGTYPE from a foreign key under the prefix) is a result marked as a deployment fault, not a rejection', async () => {
      const queue = store()
      const c = concert()
      await client().set(`${prefix}:{${c}}:users`, 'not a hash')
      const result = await enterAs(queue, 'u1', c, at(0), policyOf())
      const error = result._unsafeUnwrapErr()
      expect(error.type).toBe('StoreUnavailable')
      expect(error.type === 'StoreUnavailable' && isDeploymentFault(error.cause)).toBe(true)
      expect(String(error.type === 'StoreUnavailable' ? error.cause : '')).toMatch(/WRONGTYPE/)
    })
  })
}
