import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { queueKeyspace } from '../src/queue-keys.js'
import { defineQueueScripts } from '../src/queue-scripts.js'
import { deleteKeysUnder, uniqueKeyPrefix } from './support/key-prefix.js'
import { at, policyOf } from './support/queue-fixture.js'

// ioredis resends a call whose reply a dropped connection lost; the script then runs twice with the same ARGV.
const redis = new Redis({ host: '127.0.0.1', port: 6379 })
const prefix = uniqueKeyPrefix('replay')
const keys = queueKeyspace(prefix).concert('c1')
const scripts = defineQueueScripts(redis)
const policy = policyOf({ maxActive: 10, admitPerTick: 2 })

afterEach(() => deleteKeysUnder(redis, prefix))
afterAll(() => redis.quit())

const enter = (userId: string, localId: string, now: number) =>
  scripts.enter(keys, [userId, localId, String(at(now).getTime()), policy.waitingIdleTtlMs, 86_400_000, 'abcd0123'])
const admit = (tickId: string, now: number) =>
  scripts.admit(keys, [
    tickId,
    String(at(now).getTime()),
    policy.maxActive,
    policy.admitPerTick,
    policy.activeTtlMs,
    policy.waitingIdleTtlMs,
    policy.sweepLimit,
    86_400_000,
  ])

describe('scripts run twice with the same arguments', () => {
  it('a replayed enter answers the token the first run created', async () => {
    const first = (await enter('u1', 'token-a', 0)) as unknown[]
    const replay = (await enter('u1', 'token-a', 0)) as unknown[]
    expect(replay.slice(0, 5)).toEqual(first.slice(0, 5))
    expect(await redis.hlen(keys.tokens)).toBe(1)
    expect(await redis.hget(keys.line, 'seq')).toBe('1')
  })

  it('a replayed admit tick answers what the first run did and admits nobody else', async () => {
    for (let i = 0; i < 6; i++) await enter(`u${i}`, `t${i}`, 0)
    const tick = randomUUID()
    const first = await admit(tick, 10)
    const replay = await admit(tick, 10)
    expect(first).toEqual(['OK', 2, 0, 0, 2, 4, 6])
    expect(replay).toEqual(first)
    expect(await redis.zcard(keys.active)).toBe(2)
    expect(await admit(randomUUID(), 10)).toEqual(['OK', 2, 0, 0, 4, 2, 6])
    expect(await redis.llen(keys.ticks)).toBe(2)
  })
})
