import { createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { createBoxOffice, type QueueStore } from '@boxoffice/core'
import { compareSides } from '../harness/compare.js'
import type { Scenario, ScenarioRecorder } from '../harness/scenario.js'
import { failure, value } from '../harness/set-up.js'
import { p99Below, ratioAtLeast, ratioOfAtLeast } from '../harness/targets.js'
import { openPostgres, type PostgresFixture } from '../stores/postgres-fixture.js'
import { POSTGRES_CONCURRENCY, POSTGRES_POOL_SIZE, storeName } from '../stores/services.js'
import { BookingLoad, CHARGE_AMOUNT, holdThroughFacade, raceForSeats } from './booking-load.js'
import { checkConcurrentCharges, checkOneWinner, exactly } from './booking-checks.js'
import { HOT_SEAT_RACERS } from './memory-scenarios.js'
import { checkBookingTables } from './postgres-checks.js'
import { postgresSkipReason } from './postgres-queue-scenario.js'
import { HandWrittenPostgresBooking } from './hand-written-postgres.js'
import { RawPostgresBooking } from './raw-postgres-booking.js'
import {
  admitBuyers,
  BENCH_POLICY,
  createConcert,
  createSeating,
  fundBuyers,
  userIds,
  type Seating,
} from './sale-fixture.js'
import { firstDifference, recordingPool } from './sql-audit.js'

const HAND_WRITTEN = 'hand-written SQL'

/** >= 70% of the raw replay of the adapter's own SQL; >= 80% of the hand-written one-round-trip baseline. */
const againstBoth = (_: unknown, ratio: number | undefined, handRatio: number | undefined) => [
  ratioAtLeast(ratio ?? 0, 0.7),
  ratioOfAtLeast(handRatio ?? 0, 0.8, HAND_WRITTEN),
]

/**
 * One hold, charge and payment through the library and through the raw
 * baseline, both over a pool that notes every statement: the sequences must
 * be identical, or the baseline no longer measures the adapter's SQL.
 * Answers the holds and payments it made.
 */
async function auditStatements(
  record: ScenarioRecorder,
  db: PostgresFixture,
  queue: QueueStore,
  concertId: string,
  seating: Seating,
  prefix: string,
): Promise<{ readonly holds: number; readonly payments: number }> {
  const recording = recordingPool(db.pool)
  const box = createBoxOffice({
    queue,
    booking: db.adapter.createPostgresBookingStore({ pool: recording.pool, schema: db.schema }),
    policy: BENCH_POLICY,
  })
  const [library, rawBuyer] = await admitBuyers(box, concertId, userIds(`${prefix}-audit`, 2), 2)
  if (library === undefined || rawBuyer === undefined) throw new Error('audit buyers missing')
  await fundBuyers(box, [library, rawBuyer], 2)
  const raw = new RawPostgresBooking(
    recording.pool,
    `"${db.schema}"`,
    concertId,
    seating,
    [rawBuyer],
    `${prefix}-audit`,
  )
  recording.take()

  const hold = await box.holds
    .hold({ userId: library.userId, token: library.token, ...seating.next() })
    .match(value, failure('audit hold'))
  const libraryHold = recording.take()
  const rawHoldId = await raw.holdOnce(rawBuyer, seating.next())
  const rawHold = recording.take()

  await box.wallet
    .charge({ userId: library.userId, amount: CHARGE_AMOUNT, idempotencyKey: `${prefix}-audit-c` })
    .match(value, failure('audit charge'))
  const libraryCharge = recording.take()
  await raw.chargeOnce(rawBuyer.userId, CHARGE_AMOUNT, `${prefix}-audit-c`)
  const rawCharge = recording.take()

  await box.payments
    .pay({ userId: library.userId, token: library.token, holdId: hold.holdId, idempotencyKey: `${prefix}-audit-p` })
    .match(value, failure('audit pay'))
  const libraryPay = recording.take()
  const rawPaid = rawHoldId !== undefined && (await raw.payOnce(rawBuyer.userId, rawHoldId, `${prefix}-audit-p`))
  const rawPay = recording.take()

  for (const [operation, adapterSent, rawSent] of [
    ['hold', libraryHold, rawHold],
    ['charge', libraryCharge, rawCharge],
    ['pay', libraryPay, rawPay],
  ] as const) {
    const difference = firstDifference(adapterSent, rawSent)
    // Round trips: each statement the pool saw is one (no call here runs a transaction of several).
    record.check(
      `library ${operation} is one round trip`,
      adapterSent.length === 1,
      `${adapterSent.length} statement${adapterSent.length === 1 ? '' : 's'}: ${adapterSent.map((text) => text.slice(0, 48)).join(' | ')}`,
    )
    record.check(
      `raw ${operation} sends the adapter's SQL`,
      difference === undefined,
      difference ?? `${adapterSent.length} statements, identical`,
    )
  }
  record.check(
    'the audited raw calls succeeded',
    rawPaid,
    rawPaid ? 'hold and payment done' : 'raw hold or payment refused',
  )
  return { holds: rawHoldId === undefined ? 1 : 2, payments: rawPaid ? 2 : 1 }
}

export const postgresBookingScenario: Scenario = {
  id: 'postgres-booking',
  title: 'Holds, charges and payments on Postgres: library against raw SQL',
  async run(context, record) {
    const skip = await postgresSkipReason()
    if (skip !== undefined) return record.skip(skip)
    const { sizes, progress } = context
    const db = await openPostgres(storeName(context.runId, 'pg_booking'))
    try {
      // The queue is in memory: its authorize is the only non-SQL step of a hold or payment.
      const queue = createMemoryQueueStore()
      const booking = db.adapter.createPostgresBookingStore({ pool: db.pool, schema: db.schema })
      const box = createBoxOffice({ queue, booking, policy: BENCH_POLICY })
      const prefix = `${context.runId}-pb`

      progress.step('set-up: seats, admitted and funded buyers')
      const concertId = await createConcert(box, 'postgres booking')
      const rounds = sizes.hotSeatRounds.postgres
      const seating = await createSeating(box, concertId, sizes.postgresBuyers * 12 + rounds * 2 + 10)
      const buyers = await admitBuyers(
        box,
        concertId,
        userIds(`${prefix}-lib`, sizes.postgresBuyers),
        POSTGRES_CONCURRENCY,
      )
      const rawBuyers = await admitBuyers(
        box,
        concertId,
        userIds(`${prefix}-raw`, sizes.postgresBuyers),
        POSTGRES_CONCURRENCY,
      )
      const handBuyers = await admitBuyers(
        box,
        concertId,
        userIds(`${prefix}-hand`, sizes.postgresBuyers),
        POSTGRES_CONCURRENCY,
      )
      const racers = await admitBuyers(box, concertId, userIds(`${prefix}-race`, rounds * HOT_SEAT_RACERS), 64)
      const rawRacers = userIds(`${prefix}-rawrace`, rounds * HOT_SEAT_RACERS).map((userId) => ({ userId, token: '' }))
      await fundBuyers(box, [...buyers, ...rawBuyers, ...handBuyers], POSTGRES_CONCURRENCY)

      const window = { concurrency: POSTGRES_CONCURRENCY, durationMs: sizes.storeWindowMs, progress }
      const library = new BookingLoad(box, seating, buyers, `${prefix}-lk`)
      const raw = new RawPostgresBooking(db.pool, `"${db.schema}"`, concertId, seating, rawBuyers, `${prefix}-rk`)
      const hand = new HandWrittenPostgresBooking(
        db.pool,
        `"${db.schema}"`,
        concertId,
        seating,
        handBuyers,
        `${prefix}-hk`,
      )
      const holds = await compareSides(context, record, {
        name: 'hold (spread seats)',
        library: () => library.hold(window),
        raw: { label: 'SQL', run: () => raw.hold(window) },
        second: { label: HAND_WRITTEN, run: () => hand.hold(window) },
        targets: againstBoth,
      })
      await compareSides(context, record, {
        name: 'charge (with idempotency key)',
        library: () => library.charge(window),
        raw: { label: 'SQL', run: () => raw.charge(window, CHARGE_AMOUNT) },
        second: { label: HAND_WRITTEN, run: () => hand.charge(window, CHARGE_AMOUNT) },
        targets: againstBoth,
      })
      const payments = await compareSides(context, record, {
        name: 'pay',
        library: () => library.pay(window),
        raw: { label: 'SQL', run: () => raw.pay(window) },
        second: { label: HAND_WRITTEN, run: () => hand.pay(window) },
        targets: againstBoth,
      })

      const hotSeat = `hold (hot seat, ${HOT_SEAT_RACERS.toLocaleString('en-US')} racing per round)`
      progress.step(`${hotSeat}: raw SQL`)
      const rawRace = await raceForSeats(
        async (racer, seat) => ((await raw.holdOnce(racer, seat)) === undefined ? 'SeatRefused' : 1),
        seating,
        rawRacers,
        rounds,
        progress,
      )
      record.row({ name: `${hotSeat}: raw SQL`, measurement: rawRace.measurement, expectedErrors: ['SeatRefused'] })
      progress.step(hotSeat)
      const race = await raceForSeats(holdThroughFacade(box), seating, racers, rounds, progress)
      record.row({
        name: hotSeat,
        measurement: race.measurement,
        expectedErrors: ['SeatUnavailable'],
        targets: [p99Below(race.measurement, 100)],
      })
      checkOneWinner(record, race.winnersPerRound)
      checkOneWinner(record, rawRace.winnersPerRound, 'raw SQL')

      progress.step('same SQL on both sides')
      const audited = await auditStatements(record, db, queue, concertId, seating, prefix)
      progress.step('booking invariants')
      const winners = [...race.winnersPerRound, ...rawRace.winnersPerRound].reduce((sum, n) => sum + n, 0)
      await checkBookingTables(record, db, {
        holds: exactly(
          holds.library.work + (holds.raw?.work ?? 0) + (holds.second?.work ?? 0) + winners + audited.holds,
        ),
        payments: exactly(
          payments.library.work + (payments.raw?.work ?? 0) + (payments.second?.work ?? 0) + audited.payments,
        ),
      })
      await checkConcurrentCharges(record, box, `${prefix}-lost-update`)
      record.note(
        `${POSTGRES_CONCURRENCY} calls in flight over a pool of ${POSTGRES_POOL_SIZE} connections on every side; windows of library, raw SQL and ${HAND_WRITTEN} alternate. "raw SQL" sends the adapter's own statements from plain pg; "${HAND_WRITTEN}" is one statement per hold, charge and payment written from scratch with the same guarantees (no double sale, no negative balance, idempotent keys). The queue token check (authorize) runs on the in-memory queue.`,
      )
    } finally {
      await db.close()
    }
  },
}
