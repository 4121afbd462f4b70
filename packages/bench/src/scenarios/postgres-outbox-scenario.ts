import { createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import { compareSides } from '../harness/compare.js'
import type { Scenario, Target } from '../harness/scenario.js'
import { openPostgres, type PostgresFixture } from '../stores/postgres-fixture.js'
import { POSTGRES_CONCURRENCY, POSTGRES_POOL_SIZE, storeName } from '../stores/services.js'
import { BookingLoad } from './booking-load.js'
import { postgresSkipReason } from './postgres-queue-scenario.js'
import { admitBuyers, BENCH_POLICY, createConcert, createSeating, fundBuyers, userIds } from './sale-fixture.js'

/** The outbox may cost at most 15% of the throughput without it. */
const OUTBOX_FLOOR = 0.85

const outboxCost = (_: unknown, ratio: number | undefined): readonly Target[] => {
  const reached = ratio ?? 0
  return [
    {
      text: `>= ${Math.round(OUTBOX_FLOOR * 100)}% of events off`,
      reached: `${Math.round(reached * 100)}% of events off`,
      met: reached >= OUTBOX_FLOOR,
    },
  ]
}

/** The triggers of migration 0008: with them disabled, the same schema writes no events. */
const EVENT_TRIGGERS = [
  ['holds', 'holds_write_events_on_insert'],
  ['holds', 'holds_write_events_on_change'],
  ['payments', 'payments_write_events'],
  ['ledger_entries', 'ledger_entries_write_events'],
] as const

async function sideOf(db: PostgresFixture, name: string, runId: string, sizes: { readonly postgresBuyers: number }) {
  const box = createBoxOffice({
    queue: createMemoryQueueStore(),
    booking: db.adapter.createPostgresBookingStore({ pool: db.pool, schema: db.schema }),
    policy: BENCH_POLICY,
  })
  const concertId = await createConcert(box, `outbox ${name}`)
  const seating = await createSeating(box, concertId, sizes.postgresBuyers * 8 + 10)
  const buyers = await admitBuyers(
    box,
    concertId,
    userIds(`${runId}-${name}`, sizes.postgresBuyers),
    POSTGRES_CONCURRENCY,
  )
  await fundBuyers(box, buyers, POSTGRES_CONCURRENCY)
  return new BookingLoad(box, seating, buyers, `${runId}-${name}-k`)
}

export const postgresOutboxScenario: Scenario = {
  id: 'postgres-outbox',
  title: 'The Postgres outbox: hold, charge and pay with events on against the same schema with its event triggers off',
  async run(context, record) {
    const skip = await postgresSkipReason()
    if (skip !== undefined) return record.skip(skip)
    const { sizes, progress } = context
    const on = await openPostgres(storeName(context.runId, 'pg_outbox_on'))
    const off = await openPostgres(storeName(context.runId, 'pg_outbox_off'))
    try {
      for (const [table, trigger] of EVENT_TRIGGERS) await off.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`)
      progress.step('set-up: seats, admitted and funded buyers on both schemas')
      const withEvents = await sideOf(on, 'on', context.runId, sizes)
      const without = await sideOf(off, 'off', context.runId, sizes)
      const window = { concurrency: POSTGRES_CONCURRENCY, durationMs: sizes.storeWindowMs, progress }
      const rows = [
        ['hold (events on)', () => withEvents.hold(window), () => without.hold(window)],
        ['charge (events on)', () => withEvents.charge(window), () => without.charge(window)],
        ['pay (events on)', () => withEvents.pay(window), () => without.pay(window)],
      ] as const
      for (const [name, library, raw] of rows) {
        await compareSides(context, record, {
          name,
          library,
          raw: { label: 'events off', run: raw },
          targets: outboxCost,
        })
      }
      const [written] = await on.query<{ n: number }>('SELECT count(*)::int AS n FROM events')
      const [unwritten] = await off.query<{ n: number }>('SELECT count(*)::int AS n FROM events')
      record.check('events on wrote events', (written?.n ?? 0) > 0, `${written?.n ?? 0} events`)
      record.check('events off wrote none', unwritten?.n === 0, `${unwritten?.n ?? 0} events`)
      record.note(
        `${POSTGRES_CONCURRENCY} calls in flight over a pool of ${POSTGRES_POOL_SIZE} connections per side; windows alternate. "raw events off" is the same library over a schema whose 0008 triggers are disabled.`,
      )
    } finally {
      await on.close()
      await off.close()
    }
  },
}
