import { createMemoryBookingStore } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import type { Scenario } from '../harness/scenario.js'
import { rateAtLeast, ratioAtLeast } from '../harness/targets.js'
import { probeRedisAdapter } from '../stores/redis-adapter.js'
import { openRedis, redisUnavailable } from '../stores/redis-fixture.js'
import { RedisServerTime } from '../stores/redis-server-time.js'
import { REDIS_CONCURRENCY, storeName } from '../stores/services.js'
import { QueueLoad } from './queue-load.js'
import { runQueueWorkloads } from './queue-workloads.js'
import { RawRedisQueue } from './raw-redis-queue.js'
import { BENCH_POLICY } from './sale-fixture.js'

export const redisQueueScenario: Scenario = {
  id: 'redis-queue',
  title: 'Queue on Redis: library against raw commands',
  async run(context, record) {
    const adapter = await probeRedisAdapter()
    if (typeof adapter === 'string') return record.skip(adapter)
    const unavailable = await redisUnavailable()
    if (unavailable !== undefined) return record.skip(unavailable)
    const redis = await openRedis(storeName(context.runId, 'redis_queue'))
    try {
      const queue = adapter.createRedisQueueStore({ client: redis.client, keyPrefix: `${redis.prefix}:lib` })
      const box = createBoxOffice({ queue, booking: createMemoryBookingStore(), policy: BENCH_POLICY })
      const concertId = `${context.runId}-rq`
      const serverTime = new RedisServerTime(redis.client)
      await runQueueWorkloads(context, record, {
        around: (label, work) => serverTime.around(label, work),
        box,
        store: queue,
        load: new QueueLoad(box, concertId, concertId),
        raw: new RawRedisQueue(redis.client, `${redis.prefix}:raw`, concertId),
        window: { concurrency: REDIS_CONCURRENCY, durationMs: context.sizes.storeWindowMs, progress: context.progress },
        targets: {
          enter: (_, ratio) => [ratioAtLeast(ratio ?? 0, 0.6)],
          status: (_, ratio) => [ratioAtLeast(ratio ?? 0, 0.7)],
          admit: (m) => [rateAtLeast(m, 20_000)],
        },
      })
      for (const operation of ['enter', 'status', 'admit']) {
        record.note(
          `Redis server time per command (INFO commandstats), ${serverTime.describe(`library ${operation}`)}; ${serverTime.describe(`raw ${operation}`)}`,
        )
      }
      record.note(
        `${REDIS_CONCURRENCY} calls in flight on one ioredis connection for both sides; raw enter is INCR then ZADD (two round trips), the library's is one EVALSHA plus one ZADD to its concert registry.`,
      )
    } finally {
      await redis.close()
    }
  },
}
