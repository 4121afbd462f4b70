/*
 * Measures the Postgres stores under load for several pool sizes, to back the
 * pool sizing advice in docs/adapters/postgres.md. Run from the repo root:
 *
 *   TSX_TSCONFIG_PATH=packages/adapter-postgres/test/support/worker-tsconfig.json \
 *     node --import tsx packages/adapter-postgres/scripts/measure-pool-sizes.ts [sizes...]
 *
 * Each size gets a fresh schema. Five workloads, 200 calls in flight each:
 * - enter:      5,000 new arrivals in one concert's line;
 * - poll:       status polls of those 5,000 waiting tokens (one statement each);
 * - charge:     1,000 first charges without a key (one statement each);
 * - hold + pay: 1,000 buyers each holding a seat and paying for it;
 * - hot seat:   1,000 holds on one seat at once (one winner).
 * Commits wait for the WAL flush (the server default); with
 * BOXOFFICE_ASYNC_COMMIT=1 the pool's sessions use synchronous_commit=off.
 */
import { randomBytes } from 'node:crypto'
import { resolvePolicy } from '@boxoffice/core'
import pg from 'pg'
import { createPostgresBookingStore, createPostgresQueueStore, migrate } from '../src/index.js'
import { payCommand } from '../test/support/sale-fixture.js'

const START = new Date('2030-01-01T00:00:00Z')
const IN_FLIGHT = 200
const policy = resolvePolicy().queue

interface Measured {
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
}

/** Runs `count` calls with `IN_FLIGHT` outstanding; answers throughput and latency percentiles (ms). */
async function measure(count: number, call: (i: number) => PromiseLike<unknown>): Promise<Measured> {
  const latencies: number[] = []
  let next = 0
  const started = performance.now()
  const lane = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      const t0 = performance.now()
      await call(i)
      latencies.push(performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane))
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0
  return { perSecond: count / seconds, p50: at(0.5), p99: at(0.99) }
}

const ok = <T>(result: { isOk(): boolean; _unsafeUnwrap(): T }): T => result._unsafeUnwrap()

async function measureSize(size: number): Promise<Record<string, Measured>> {
  const schema = `bo_measure_${randomBytes(4).toString('hex')}`
  const asyncCommit = process.env.BOXOFFICE_ASYNC_COMMIT === '1'
  const pool = new pg.Pool({
    host: '127.0.0.1',
    user: 'postgres',
    database: 'test',
    max: size,
    ...(asyncCommit ? { options: '-c synchronous_commit=off' } : {}),
  })
  pool.on('error', () => {})
  try {
    ok(await migrate(pool, { schema }))
    const queue = createPostgresQueueStore({ pool, schema })
    const booking = createPostgresBookingStore({ pool, schema })
    ok(await booking.createConcert({ concert: { concertId: 'c', title: 'Load', createdAt: START } }))
    const seats = Array.from({ length: 1_001 }, (_, i) => ({ seatNo: i + 1, price: 100 }))
    ok(
      await booking.addSchedule({
        schedule: { scheduleId: 's', concertId: 'c', startsAt: START, seatCount: seats.length, status: 'SCHEDULED' },
        seats,
      }),
    )

    const enter = await measure(5_000, (i) =>
      queue.enter({ token: `c~t${i}`, userId: `w${i}`, concertId: 'c', now: START, policy }).match(String, String),
    )
    const poll = await measure(5_000, (i) =>
      queue.status({ token: `c~t${i}`, now: START, policy }).match(String, String),
    )

    const charge = await measure(1_000, (i) =>
      booking
        .charge({
          entryId: `seed${i}`,
          userId: `b${i}`,
          amount: 100,
          idempotencyKey: null,
          maxBalance: 1e8,
          now: START,
        })
        .match(String, String),
    )
    const hold = (i: number, seatNo: number, userId: string) =>
      booking.holdSeat({
        holdId: `h${seatNo}-${i}`,
        userId,
        concertId: 'c',
        token: `c~${userId}`,
        scheduleId: 's',
        seatNos: [seatNo],
        ttlMs: 300_000,
        maxSeatsPerUser: 4,
        now: START,
      })
    const checkout = await measure(1_000, async (i) => {
      const held = ok(await hold(i, i + 1, `b${i}`))
      ok(
        await booking.pay(
          payCommand({
            paymentId: `p${i}`,
            entryId: `e${i}`,
            userId: `b${i}`,
            holdId: held.holdId,
            idempotencyKey: `k${i}`,
            concertId: 'c',
          }),
        ),
      )
    })
    const hotSeat = await measure(1_000, (i) => hold(i, 1_001, `crowd${i}`).match(String, String))
    return { enter, poll, charge, 'hold + pay': checkout, 'hot seat': hotSeat }
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await pool.end()
  }
}

const sizes = process.argv.slice(2).map(Number)
const rows: string[] = ['| pool max | workload | calls/s | p50 ms | p99 ms |', '| ---: | --- | ---: | ---: | ---: |']
for (const size of sizes.length > 0 ? sizes : [5, 10, 20, 40]) {
  for (const [workload, m] of Object.entries(await measureSize(size))) {
    rows.push(`| ${size} | ${workload} | ${m.perSecond.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} |`)
  }
  console.error(`measured pool max ${size}`)
}
console.log(rows.join('\n'))
