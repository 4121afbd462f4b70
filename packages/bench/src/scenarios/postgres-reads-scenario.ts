import { createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { createBoxOffice, type BookingStore } from '@boxoffice/core'
import type pg from 'pg'
import { compareSides } from '../harness/compare.js'
import type { Measurement } from '../harness/measurement.js'
import { ratioOf } from '../harness/targets.js'
import { judgeResolved, judgeResult, runLoad, type Outcome } from '../harness/run-load.js'
import type { Scenario } from '../harness/scenario.js'
import { failure, forEachLimit, value } from '../harness/set-up.js'
import { openPostgres } from '../stores/postgres-fixture.js'
import { POSTGRES_CONCURRENCY, POSTGRES_POOL_SIZE, storeName } from '../stores/services.js'
import type { Window } from './booking-load.js'
import { postgresSkipReason } from './postgres-queue-scenario.js'
import { BENCH_POLICY, createConcert } from './sale-fixture.js'

const MAP_SEATS = 50
const DATES = 4
const ARENA_SEATS = 20_000
const HOLD_SEATS = 10

/** Holds every other block of HOLD_SEATS seats of the schedule, so about half of it is claimed. */
async function claimHalf(booking: BookingStore, concertId: string, scheduleId: string, seats: number, tag: string) {
  const blocks = Math.floor(seats / HOLD_SEATS / 2)
  const now = new Date()
  await forEachLimit(blocks, POSTGRES_CONCURRENCY, async (block) => {
    const first = block * HOLD_SEATS * 2 + 1
    await booking
      .holdSeat({
        holdId: `${tag}-h${block}`,
        userId: `${tag}-u${block}`,
        concertId,
        token: '',
        scheduleId,
        seatNos: Array.from({ length: HOLD_SEATS }, (_, i) => first + i),
        ttlMs: 3_600_000,
        maxSeatsPerUser: HOLD_SEATS,
        now,
      })
      .match(value, failure('holdSeat'))
  })
  return blocks * HOLD_SEATS
}

const measure = <T>(window: Window, call: () => PromiseLike<T>, judge: (answer: T) => Outcome) =>
  runLoad<T>({ ...window, call, judge })

/**
 * What a crowd polls, on Postgres: a 50-seat map and a concert's dates. Dates
 * read the seat counts kept with the writes (migration 0009); the baseline is
 * the statement that counted each schedule's claimed seats per request before.
 */
export const postgresReadsScenario: Scenario = {
  id: 'postgres-reads',
  title: 'Seat map and dates on Postgres: library against raw SQL',
  async run(context, record) {
    const skip = await postgresSkipReason()
    if (skip !== undefined) return record.skip(skip)
    const { sizes, progress } = context
    const db = await openPostgres(storeName(context.runId, 'pg_reads'))
    try {
      const booking = db.adapter.createPostgresBookingStore({ pool: db.pool, schema: db.schema })
      const box = createBoxOffice({ queue: createMemoryQueueStore(), booking, policy: BENCH_POLICY })
      const prefix = `${context.runId}-pr`
      const s = `"${db.schema}"`

      progress.step('set-up: a concert of four 50-seat dates and an arena of 20,000 seats, half of each held')
      const concertId = await createConcert(box, 'postgres reads')
      const scheduleIds: string[] = []
      let held = 0
      for (let day = 1; day <= DATES; day++) {
        const schedule = await box.catalog
          .addSchedule({ concertId, startsAt: new Date(Date.UTC(2031, 0, day, 19)), seats: MAP_SEATS, price: 1_000 })
          .match(value, failure('addSchedule'))
        scheduleIds.push(schedule.scheduleId)
        held = await claimHalf(booking, concertId, schedule.scheduleId, MAP_SEATS, `${prefix}-d${day}`)
      }
      const arenaId = await createConcert(box, 'postgres reads arena')
      const arena = await box.catalog
        .addSchedule({
          concertId: arenaId,
          startsAt: new Date(Date.UTC(2031, 1, 1, 19)),
          seats: ARENA_SEATS,
          price: 1_000,
        })
        .match(value, failure('addSchedule'))
      const arenaHeld = await claimHalf(booking, arenaId, arena.scheduleId, ARENA_SEATS, `${prefix}-a`)
      await db.pool.query(`ANALYZE ${s}.seats; ANALYZE ${s}.schedules; ANALYZE ${s}.schedule_claim_counts`)

      const mapId = scheduleIds[0] as string
      const window = { concurrency: POSTGRES_CONCURRENCY, durationMs: sizes.storeWindowMs, progress }
      const rawQuery = (pool: pg.Pool, text: string, values: () => unknown[]) => (w: Window) =>
        measure(
          w,
          () => pool.query({ name: `bench-${text.length}-${text.slice(0, 24)}`, text, values: values() }),
          judgeResolved,
        )

      // A careful hand-written seat map: the schedule and its seats with their status, in one statement.
      const rawMap = rawQuery(
        db.pool,
        `SELECT s.concert_id, s.starts_at, s.seat_count, st.seat_no, st.price, st.row_label,
           CASE WHEN st.claimed_until = 'infinity' THEN 'SOLD' WHEN st.claimed_until > $2 THEN 'HELD' ELSE 'AVAILABLE' END
         FROM ${s}.schedules s JOIN ${s}.seats st ON st.schedule_id = s.schedule_id
         WHERE s.schedule_id = $1 ORDER BY st.seat_no`,
        () => [mapId, new Date()],
      )
      // The dates as answered before migration 0009: claimed seats counted per schedule on every request.
      const countedDates = (id: string) =>
        rawQuery(
          db.pool,
          `SELECT c.concert_id AS found, s.schedule_id, s.concert_id, s.starts_at, s.seat_count,
             (SELECT count(*) FROM ${s}.seats st WHERE st.schedule_id = s.schedule_id AND st.claimed_until > $2) AS claimed
           FROM ${s}.concerts c LEFT JOIN ${s}.schedules s ON s.concert_id = c.concert_id
           WHERE c.concert_id = $1 ORDER BY s.starts_at, s.schedule_id`,
          () => [id, new Date()],
        )

      await compareSides(context, record, {
        name: `seat map (${MAP_SEATS} seats)`,
        library: () => measure(window, () => box.catalog.listSeats({ scheduleId: mapId }), judgeResult),
        raw: { label: 'SQL', run: () => rawMap(window) },
      })
      const dates = await compareSides(context, record, {
        name: `dates (${DATES} dates of ${MAP_SEATS} seats)`,
        library: () => measure(window, () => box.catalog.listDates({ concertId }), judgeResult),
        raw: { label: 'SQL counting per request (before 0009)', run: () => countedDates(concertId)(window) },
      })
      const arenaDates = await compareSides(context, record, {
        name: `dates (1 date of ${ARENA_SEATS.toLocaleString('en-US')} seats, ${arenaHeld.toLocaleString('en-US')} held)`,
        library: () => measure(window, () => box.catalog.listDates({ concertId: arenaId }), judgeResult),
        raw: { label: 'SQL counting per request (before 0009)', run: () => countedDates(arenaId)(window) },
      })

      // The answers agree with counting.
      const listed = await box.catalog.listDates({ concertId }).match(value, failure('listDates'))
      record.check(
        'dates answer the seats counted',
        listed.length === DATES && listed.every((date) => date.availableSeats === MAP_SEATS - held),
        listed.map((date) => date.availableSeats).join(', '),
      )
      const arenaListed = await box.catalog.listDates({ concertId: arenaId }).match(value, failure('listDates'))
      record.check(
        'arena dates answer the seats counted',
        arenaListed[0]?.availableSeats === ARENA_SEATS - arenaHeld,
        String(arenaListed[0]?.availableSeats),
      )
      const gain = (m: { library: Measurement; raw?: Measurement }) =>
        m.raw === undefined ? '' : `${ratioOf(m.library, m.raw).toFixed(2)}x`
      record.note(
        `${POSTGRES_CONCURRENCY} calls in flight over a pool of ${POSTGRES_POOL_SIZE} connections on both sides, alternating windows. Dates read the counts kept with the writes against counting per request: ${gain(dates)} for 50-seat dates, ${gain(arenaDates)} for the arena. The seat map is one indexed range read of the schedule's seats on both sides.`,
      )
    } finally {
      await db.close()
    }
  },
}
