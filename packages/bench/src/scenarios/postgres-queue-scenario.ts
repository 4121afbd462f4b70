import { createMemoryBookingStore } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import type { Scenario } from '../harness/scenario.js'
import { probePostgresAdapter } from '../stores/postgres-adapter.js'
import { openPostgres, postgresUnavailable } from '../stores/postgres-fixture.js'
import { POSTGRES_CONCURRENCY, POSTGRES_POOL_SIZE, storeName } from '../stores/services.js'
import { QueueLoad } from './queue-load.js'
import { runQueueWorkloads } from './queue-workloads.js'
import { BENCH_POLICY } from './sale-fixture.js'

/** Why a Postgres scenario cannot run (server down, adapter not built), or undefined. */
export async function postgresSkipReason(): Promise<string | undefined> {
  const adapter = await probePostgresAdapter()
  if (typeof adapter === 'string') return adapter
  return postgresUnavailable()
}

export const postgresQueueScenario: Scenario = {
  id: 'postgres-queue',
  title: 'Queue on Postgres, through the facade',
  async run(context, record) {
    const skip = await postgresSkipReason()
    if (skip !== undefined) return record.skip(skip)
    const db = await openPostgres(storeName(context.runId, 'pg_queue'))
    try {
      const queue = db.adapter.createPostgresQueueStore({ pool: db.pool, schema: db.schema })
      const box = createBoxOffice({ queue, booking: createMemoryBookingStore(), policy: BENCH_POLICY })
      const concertId = `${context.runId}-pq`
      await runQueueWorkloads(context, record, {
        box,
        store: queue,
        load: new QueueLoad(box, concertId, concertId),
        window: {
          concurrency: POSTGRES_CONCURRENCY,
          durationMs: context.sizes.storeWindowMs,
          progress: context.progress,
        },
        targets: {},
      })
      record.note(
        `${POSTGRES_CONCURRENCY} calls in flight over a pool of ${POSTGRES_POOL_SIZE} connections. The brief sets no raw baseline for a Postgres queue; Redis is the production queue.`,
      )
    } finally {
      await db.close()
    }
  },
}
