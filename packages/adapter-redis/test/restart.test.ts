import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisQueueStore } from '../src/index.js'
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js'
import { at, enterAs, errorType, policyOf, value } from './support/queue-fixture.js'

// Each case runs its own redis-server on a free loopback port and restarts it, so no other test sees it.
const policy = policyOf({ maxActive: 1, admitPerTick: 1 })

function connect(server: PrivateRedis): Redis {
  const client = new Redis({ host: '127.0.0.1', port: server.port, maxRetriesPerRequest: 50 })
  // the restart drops the connection; ioredis reports it, then reconnects by itself
  client.on('error', () => undefined)
  return client
}

describe('a Redis that restarted empty', () => {
  let server: PrivateRedis
  let client: Redis
  beforeAll(async () => {
    server = await startPrivateRedis()
    client = connect(server)
  })
  afterAll(async () => {
    client.disconnect()
    await server.stop()
  })

  it('answers QueueReset, not TokenNotFound, for every token it lost, even after newcomers entered', async () => {
    const queue = createRedisQueueStore({ client })
    const admitted = await value(enterAs(queue, 'first', 'c1', at(0), policy))
    const waiting = await value(enterAs(queue, 'second', 'c1', at(10), policy))
    await value(queue.admit({ concertId: 'c1', now: at(20), policy }))
    expect((await value(queue.status({ token: waiting.token.token, now: at(30), policy }))).rank).toBe(1)

    await server.restart()

    const lost = [admitted.token.token, waiting.token.token]
    for (const token of lost) {
      expect(await errorType(queue.status({ token, now: at(40), policy }))).toBe('QueueReset')
      expect(await errorType(queue.authorize({ token, userId: 'first', now: at(40), policy }))).toBe('QueueReset')
    }
    // a newcomer after the restart must not make the lost tokens look merely gone
    const newcomer = await value(enterAs(queue, 'third', 'c1', at(50), policy))
    expect(newcomer.rank).toBe(1)
    for (const token of lost) {
      expect(await errorType(queue.status({ token, now: at(60), policy }))).toBe('QueueReset')
    }
    expect(await errorType(queue.leave({ token: waiting.token.token }))).toBe('QueueReset')
    expect(await errorType(queue.complete({ token: admitted.token.token }))).toBe('QueueReset')
    // the newcomer's own token is served as usual, and a token that left is not a reset
    expect((await value(queue.status({ token: newcomer.token.token, now: at(70), policy }))).rank).toBe(1)
    await value(queue.leave({ token: newcomer.token.token }))
    expect(await errorType(queue.status({ token: newcomer.token.token, now: at(80), policy }))).toBe('TokenNotFound')
  })

  it('a token that left or completed before a restart is QueueReset too: the store cannot tell them apart', async () => {
    const queue = createRedisQueueStore({ client })
    const left = await value(enterAs(queue, 'leaver', 'c2', at(0), policy))
    await value(queue.leave({ token: left.token.token }))
    expect(await errorType(queue.status({ token: left.token.token, now: at(10), policy }))).toBe('TokenNotFound')
    await server.restart()
    expect(await errorType(queue.status({ token: left.token.token, now: at(20), policy }))).toBe('QueueReset')
  })
})

describe('a Redis with AOF (appendfsync always)', () => {
  let server: PrivateRedis
  let client: Redis
  beforeAll(async () => {
    server = await startPrivateRedis(['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'])
    client = connect(server)
  })
  afterAll(async () => {
    client.disconnect()
    await server.stop()
  })

  it('keeps every token and its rank across a crash', async () => {
    const queue = createRedisQueueStore({ client })
    const first = await value(enterAs(queue, 'u1', 'c1', at(0), policy))
    const second = await value(enterAs(queue, 'u2', 'c1', at(10), policy))
    await server.restart()
    expect((await value(queue.status({ token: first.token.token, now: at(20), policy }))).rank).toBe(1)
    expect((await value(queue.status({ token: second.token.token, now: at(20), policy }))).rank).toBe(2)
    const third = await value(enterAs(queue, 'u3', 'c1', at(30), policy))
    expect(third.rank).toBe(3)
  })
})
