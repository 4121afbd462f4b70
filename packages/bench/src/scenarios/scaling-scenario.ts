import { createMemoryBookingStore, createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { createBoxOffice, type QueueStore } from '@boxoffice/core'
import { Redis } from 'ioredis'
import type { Measurement } from '../harness/measurement.js'
import type { BenchContext, Scenario, ScenarioRecorder, ScalingPoint } from '../harness/scenario.js'
import { probeRedisAdapter } from '../stores/redis-adapter.js'
import { openRedis, redisUnavailable } from '../stores/redis-fixture.js'
import { MEMORY_CONCURRENCY, REDIS, REDIS_CONCURRENCY, storeName } from '../stores/services.js'
import { admitBuyers, BENCH_POLICY, createConcert, createSeating, userIds } from './sale-fixture.js'
import { measureHolds, ScalingLine } from './scaling-load.js'

/** Enter, status and hold timed as one concert's waiting line grows, for one queue store. */
async function scaleLine(
  context: BenchContext,
  record: ScenarioRecorder,
  options: {
    readonly label: string
    readonly queue: QueueStore
    /** A facade over the same store for filling the line fast (may be the measured one). */
    readonly fillQueue: QueueStore
    readonly concurrency: number
    readonly fillConcurrency: number
    readonly calls: number
  },
): Promise<void> {
  const { progress, sizes } = context
  const booking = createMemoryBookingStore()
  const box = createBoxOffice({ queue: options.queue, booking, policy: BENCH_POLICY })
  const fill = createBoxOffice({ queue: options.fillQueue, booking, policy: BENCH_POLICY })
  const prefix = `${context.runId}-s${options.label.slice(0, 1)}`
  const window = { concurrency: options.concurrency, durationMs: 600_000, progress }

  progress.step(`${options.label}: holders and seats`)
  const concertId = await createConcert(box, `scaling on ${options.label}`)
  // Holders are admitted before the line forms: they hold seats while it grows behind them.
  const holders = await admitBuyers(
    box,
    concertId,
    userIds(`${prefix}-h`, Math.ceil(options.calls / 4)),
    options.concurrency,
  )
  const seating = await createSeating(box, concertId, options.calls)
  const line = new ScalingLine(box, concertId, prefix)
  const series: Record<'enter' | 'status' | 'hold', ScalingPoint[]> = { enter: [], status: [], hold: [] }
  const wrongRanks: string[] = []

  for (const [index, size] of sizes.scalingSizes.entries()) {
    const label = `${options.label}, line of ${size.toLocaleString('en-US')}`
    progress.step(`${label}: filling`)
    await line.growTo(size, fill, options.fillConcurrency)
    if (index === 0) {
      // A first pass at the smallest size, not recorded, so no point measures a cold JIT.
      progress.step(`${label}: warming up`)
      const warm = Math.ceil(options.calls / 4)
      await line.enter(window, warm)
      await line.status(window, warm)
      await measureHolds(box, holders, seating, window, warm)
    }
    const ends = await line.ends()
    if (ends.first !== 1 || ends.last !== size) wrongRanks.push(`${size}: first ${ends.first}, last ${ends.last}`)
    const point = (m: Measurement): ScalingPoint => ({ size, measurement: m })
    progress.step(`${label}: enter`)
    series.enter.push(point(await line.enter(window, options.calls)))
    progress.step(`${label}: status`)
    series.status.push(point(await line.status(window, options.calls)))
    progress.step(`${label}: hold`)
    series.hold.push(point(await measureHolds(box, holders, seating, window, options.calls)))
  }

  for (const [operation, points] of Object.entries(series)) {
    record.scaling.push({ store: options.label, operation, points })
    const errors = points.flatMap((p) => Object.entries(p.measurement.errors).map(([type, n]) => `${type} x${n}`))
    record.check(
      `${options.label} ${operation}: no errors at any size`,
      errors.length === 0,
      errors.join(', ') || 'none',
    )
  }
  record.check(
    `${options.label}: the first token ranks 1 and the last ranks the line's size, at every size`,
    wrongRanks.length === 0,
    wrongRanks.join('; ') || `${sizes.scalingSizes.length} sizes`,
  )
}

export const scalingScenario: Scenario = {
  id: 'scaling',
  title: 'Scaling: enter, status and hold as the waiting line grows',
  async run(context, record) {
    const calls = context.sizes.scalingCalls
    const memoryQueue = createMemoryQueueStore()
    await scaleLine(context, record, {
      label: 'memory',
      queue: memoryQueue,
      fillQueue: memoryQueue,
      concurrency: MEMORY_CONCURRENCY,
      fillConcurrency: MEMORY_CONCURRENCY,
      calls,
    })
    const adapter = await probeRedisAdapter()
    const unavailable = typeof adapter === 'string' ? adapter : await redisUnavailable()
    if (unavailable !== undefined || typeof adapter === 'string') {
      record.note(`Redis part skipped: ${unavailable}`)
      record.check('the Redis scaling run ran', false, unavailable ?? 'adapter missing')
      return
    }
    const redis = await openRedis(storeName(context.runId, 'scaling'))
    // Filling a million-token line one round trip at a time would take minutes:
    // the fill goes through a second client that pipelines automatically.
    const filler = new Redis({ ...REDIS, enableAutoPipelining: true, maxRetriesPerRequest: 1 })
    filler.on('error', () => undefined)
    try {
      const keyPrefix = `${redis.prefix}:lib`
      await scaleLine(context, record, {
        label: 'redis',
        queue: adapter.createRedisQueueStore({ client: redis.client, keyPrefix }),
        fillQueue: adapter.createRedisQueueStore({ client: filler, keyPrefix }),
        concurrency: REDIS_CONCURRENCY,
        fillConcurrency: 512,
        calls: Math.max(1_000, Math.floor(calls / 10)),
      })
    } finally {
      filler.disconnect()
      await redis.close()
    }
  },
}
