import { createMemoryBookingStore, createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { createBoxOffice, type BoxOffice } from '@boxoffice/core'
import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { compareSides } from '../harness/compare.js'
import { mergeMeasurements, type Measurement } from '../harness/measurement.js'
import { judgeResult, runLoad, type Outcome } from '../harness/run-load.js'
import type { BenchContext, Scenario, ScenarioRecorder } from '../harness/scenario.js'
import { failure, value } from '../harness/set-up.js'
import { ratioAtLeast } from '../harness/targets.js'
import { openPostgres } from '../stores/postgres-fixture.js'
import { MEMORY_CONCURRENCY, POSTGRES_CONCURRENCY, storeName } from '../stores/services.js'
import { postgresSkipReason } from './postgres-queue-scenario.js'
import { holdLockNamespace, rawSql } from './raw-postgres-sql.js'
import { admitBuyers, BENCH_POLICY, createConcert, SEAT_PRICE, userIds, type Buyer } from './sale-fixture.js'

/** Seats per order, and the schedule sizes best available is compared on. */
const ORDER_SEATS = 4
const SMALL_SCHEDULE = 1_000
const LARGE_SCHEDULE = 100_000
/** Orders per measured window: each buyer places one, and a 1,000-seat schedule takes 250 of 4. */
const ORDERS_PER_WINDOW = 150
const HOLD_TTL_MS = 5 * 60_000

async function addSchedule(box: BoxOffice, concertId: string, seats: number): Promise<string> {
  const schedule = await box.catalog
    .addSchedule({ concertId, startsAt: new Date(Date.UTC(2031, 5, 1, 19)), seats, price: SEAT_PRICE })
    .match(value, failure('addSchedule'))
  return schedule.scheduleId
}

/** Fresh buyers and a fresh schedule per window, so every window starts from the same empty seat map. */
interface OrderWindow {
  readonly scheduleId: string
  readonly buyers: readonly Buyer[]
}

async function orderWindow(box: BoxOffice, concertId: string, seats: number, prefix: string): Promise<OrderWindow> {
  const scheduleId = await addSchedule(box, concertId, seats)
  const buyers = await admitBuyers(box, concertId, userIds(prefix, ORDERS_PER_WINDOW), 32)
  return { scheduleId, buyers }
}

function measureOrders<T>(
  concurrency: number,
  durationMs: number,
  call: (buyer: Buyer, index: number) => PromiseLike<T>,
  buyers: readonly Buyer[],
  judge: (answer: T) => Outcome,
): Promise<Measurement> {
  return runLoad({
    concurrency,
    durationMs,
    maxCalls: buyers.length,
    call: (index) => call(buyers[index] as Buyer, index),
    judge,
  })
}

/** A 4-seat hold (seats 4i+1..4i+4) and best available of 4 through the facade. */
function facadeOrders(box: BoxOffice) {
  return {
    hold: (window: OrderWindow, concurrency: number, durationMs: number) =>
      measureOrders(
        concurrency,
        durationMs,
        (buyer, i) =>
          box.holds.hold({
            ...buyer,
            scheduleId: window.scheduleId,
            seatNos: Array.from({ length: ORDER_SEATS }, (_, k) => ORDER_SEATS * i + k + 1),
          }),
        window.buyers,
        judgeResult,
      ),
    best: (window: OrderWindow, concurrency: number, durationMs: number) =>
      measureOrders(
        concurrency,
        durationMs,
        (buyer) => box.holds.holdBest({ ...buyer, scheduleId: window.scheduleId, count: ORDER_SEATS }),
        window.buyers,
        judgeResult,
      ),
  }
}

/**
 * holdBest on a large schedule against a small one: the cost must not follow the schedule's size.
 * A speed target, reported met or missed like the others; the invariant checks stay about correctness.
 */
function recordScaling(record: ScenarioRecorder, store: string, small: Measurement, large: Measurement): void {
  const [smallMs, largeMs] = [small.latency.percentile(0.5), large.latency.percentile(0.5)]
  const ratio = largeMs / Math.max(smallMs, 1e-6)
  record.note(
    `${store}: holdBest on ${LARGE_SCHEDULE.toLocaleString('en-US')} seats against ${SMALL_SCHEDULE.toLocaleString('en-US')}: ` +
      `median ${largeMs.toFixed(3)} ms against ${smallMs.toFixed(3)} ms (x${ratio.toFixed(2)}), target within 2x ${ratio <= 2 ? 'met' : 'missed'}`,
  )
}

async function windows(
  context: BenchContext,
  box: BoxOffice,
  concertId: string,
  seats: number,
  prefix: string,
): Promise<OrderWindow[]> {
  const made: OrderWindow[] = []
  for (let round = 0; round < context.sizes.rounds; round++) {
    made.push(await orderWindow(box, concertId, seats, `${prefix}-${seats}-${round}`))
  }
  return made
}

/** Runs `measure` once per prepared window (each its own fresh schedule) and adds the windows up. */
async function eachWindow(
  prepared: OrderWindow[],
  measure: (window: OrderWindow) => Promise<Measurement>,
): Promise<Measurement> {
  const runs: Measurement[] = []
  for (const window of prepared) runs.push(await measure(window))
  return mergeMeasurements(runs)
}

export const memoryOrdersScenario: Scenario = {
  id: 'memory-orders',
  title: 'Orders of several seats on memory: a 4-seat hold, best available on 1,000 and 100,000 seats',
  async run(context, record) {
    const box = createBoxOffice({
      queue: createMemoryQueueStore(),
      booking: createMemoryBookingStore(),
      policy: BENCH_POLICY,
    })
    const concertId = await createConcert(box, 'memory orders')
    const orders = facadeOrders(box)
    const duration = context.sizes.memoryWindowMs
    const prefix = `${context.runId}-mo`
    context.progress.step('set-up: schedules and buyers')
    const holdWindows = await windows(context, box, concertId, LARGE_SCHEDULE, `${prefix}-h`)
    const smallWindows = await windows(context, box, concertId, SMALL_SCHEDULE, `${prefix}-s`)
    const largeWindows = await windows(context, box, concertId, LARGE_SCHEDULE, `${prefix}-l`)
    const run = (name: string, measure: () => Promise<Measurement>) =>
      compareSides(context, record, { name, library: measure })
    await run(`hold of ${ORDER_SEATS} seats`, () =>
      eachWindow(holdWindows, (w) => orders.hold(w, MEMORY_CONCURRENCY, duration)),
    )
    const small = await run(`holdBest of ${ORDER_SEATS}, ${SMALL_SCHEDULE.toLocaleString('en-US')}-seat schedule`, () =>
      eachWindow(smallWindows, (w) => orders.best(w, MEMORY_CONCURRENCY, duration)),
    )
    const large = await run(`holdBest of ${ORDER_SEATS}, ${LARGE_SCHEDULE.toLocaleString('en-US')}-seat schedule`, () =>
      eachWindow(largeWindows, (w) => orders.best(w, MEMORY_CONCURRENCY, duration)),
    )
    recordScaling(record, 'memory', small.library, large.library)
    record.note(
      `Each window places ${ORDERS_PER_WINDOW} orders on a fresh schedule. Memory reads the free seats front to back and stops at the first good block.`,
    )
  },
}

/** The adapter's place_hold and hold_best_seats, sent as a hand-written client would. */
function rawOrders(pool: pg.Pool, schema: string, concertId: string) {
  const sql = rawSql(`"${schema}"`)
  const namespace = holdLockNamespace(`"${schema}"`)
  const send = async (text: { name: string; text: string }, values: unknown[]): Promise<Outcome> => {
    const { rows } = await pool.query<{ placed: boolean }>({ ...text, values })
    return rows[0]?.placed === true ? 1 : 'Refused'
  }
  const common = (buyer: Buyer, scheduleId: string) => [namespace, randomUUID(), buyer.userId, concertId, scheduleId]
  return {
    hold: (window: OrderWindow, durationMs: number) =>
      measureOrders(
        POSTGRES_CONCURRENCY,
        durationMs,
        (buyer, i) => {
          const now = new Date()
          const seatNos = Array.from({ length: ORDER_SEATS }, (_, k) => ORDER_SEATS * i + k + 1)
          return send(sql.holdSeat, [
            ...common(buyer, window.scheduleId),
            seatNos,
            now,
            new Date(now.getTime() + HOLD_TTL_MS),
            ORDER_SEATS,
          ])
        },
        window.buyers,
        (outcome: Outcome) => outcome,
      ),
    best: (window: OrderWindow, durationMs: number) =>
      measureOrders(
        POSTGRES_CONCURRENCY,
        durationMs,
        (buyer) => {
          const now = new Date()
          return send(sql.holdBest, [
            ...common(buyer, window.scheduleId),
            ORDER_SEATS,
            null,
            false,
            now,
            new Date(now.getTime() + HOLD_TTL_MS),
            ORDER_SEATS,
          ])
        },
        window.buyers,
        (outcome: Outcome) => outcome,
      ),
  }
}

const atLeast80 = (_: unknown, ratio: number | undefined) => [ratioAtLeast(ratio ?? 0, 0.8)]

export const postgresOrdersScenario: Scenario = {
  id: 'postgres-orders',
  title: 'Orders of several seats on Postgres: library against raw SQL, best available on 1,000 and 100,000 seats',
  async run(context, record) {
    const skip = await postgresSkipReason()
    if (skip !== undefined) return record.skip(skip)
    const db = await openPostgres(storeName(context.runId, 'pg_orders'))
    try {
      const booking = db.adapter.createPostgresBookingStore({ pool: db.pool, schema: db.schema })
      const box = createBoxOffice({ queue: createMemoryQueueStore(), booking, policy: BENCH_POLICY })
      const concertId = await createConcert(box, 'postgres orders')
      const orders = facadeOrders(box)
      const raw = rawOrders(db.pool, db.schema, concertId)
      const duration = context.sizes.storeWindowMs
      const prefix = `${context.runId}-po`
      context.progress.step('set-up: schedules and buyers')
      const prepare = async (seats: number, tag: string) => ({
        library: await windows(context, box, concertId, seats, `${prefix}-${tag}-lib`),
        raw: await windows(context, box, concertId, seats, `${prefix}-${tag}-raw`),
      })
      // Every pooled connection plans the statements and compiles the functions once, before any window.
      context.progress.step('warm-up')
      const warm = await prepare(SMALL_SCHEDULE, 'w')
      for (const side of [warm.library, warm.raw]) {
        const [one, two] = [side[0], side[1] ?? side[0]]
        if (one === undefined || two === undefined) throw new Error('no warm-up window')
        await (side === warm.library ? orders.hold(one, POSTGRES_CONCURRENCY, duration) : raw.hold(one, duration))
        await (side === warm.library ? orders.best(two, POSTGRES_CONCURRENCY, duration) : raw.best(two, duration))
      }
      const holds = await prepare(LARGE_SCHEDULE, 'h')
      const small = await prepare(SMALL_SCHEDULE, 's')
      const large = await prepare(LARGE_SCHEDULE, 'l')
      let turn = 0
      const next = (list: OrderWindow[]): OrderWindow => list[turn++ % list.length] as OrderWindow
      await compareSides(context, record, {
        name: `hold of ${ORDER_SEATS} seats`,
        library: () => orders.hold(next(holds.library), POSTGRES_CONCURRENCY, duration),
        raw: { label: 'SQL', run: () => raw.hold(next(holds.raw), duration) },
        targets: atLeast80,
      })
      const bestSmall = await compareSides(context, record, {
        name: `holdBest of ${ORDER_SEATS}, ${SMALL_SCHEDULE.toLocaleString('en-US')}-seat schedule`,
        library: () => orders.best(next(small.library), POSTGRES_CONCURRENCY, duration),
        raw: { label: 'SQL', run: () => raw.best(next(small.raw), duration) },
        targets: atLeast80,
      })
      const bestLarge = await compareSides(context, record, {
        name: `holdBest of ${ORDER_SEATS}, ${LARGE_SCHEDULE.toLocaleString('en-US')}-seat schedule`,
        library: () => orders.best(next(large.library), POSTGRES_CONCURRENCY, duration),
        raw: { label: 'SQL', run: () => raw.best(next(large.raw), duration) },
        targets: atLeast80,
      })
      recordScaling(record, 'postgres', bestSmall.library, bestLarge.library)
      const [claims] = await db.query<{ doubled: string }>(
        `SELECT count(*) AS doubled FROM (SELECT seat_id FROM hold_seats WHERE status = 'HELD'
          GROUP BY seat_id HAVING count(*) > 1) d`,
      )
      record.check(
        'no seat held twice',
        Number(claims?.doubled ?? 1) === 0,
        `${claims?.doubled ?? '?'} seats held twice`,
      )
      record.note(
        `Each window places ${ORDERS_PER_WINDOW} orders on a fresh schedule, ${POSTGRES_CONCURRENCY} in flight. holdBest reads the free seats from a partial index (seats_free), front to back, and stops at the first good block; best-available calls on one schedule take turns (an advisory lock).`,
      )
    } finally {
      await db.close()
    }
  },
}
