import { createMemoryBookingStore, createMemoryQueueStore } from '@boxoffice/adapter-memory'
import { createBoxOffice } from '@boxoffice/core'
import { compareSides } from '../harness/compare.js'
import type { Measurement } from '../harness/measurement.js'
import type { Scenario } from '../harness/scenario.js'
import { p99Below, rateAtLeast } from '../harness/targets.js'
import { MEMORY_CONCURRENCY } from '../stores/services.js'
import { BookingLoad, CHARGE_AMOUNT, holdThroughFacade, raceForSeats } from './booking-load.js'
import { checkConcurrentCharges, checkLedgers, checkOneWinner, checkSeats, exactly } from './booking-checks.js'
import { QueueLoad } from './queue-load.js'
import { runQueueWorkloads } from './queue-workloads.js'
import { admitBuyers, BENCH_POLICY, createConcert, createSeating, fundBuyers, userIds } from './sale-fixture.js'
import { DirectBooking, DirectQueue } from './store-direct.js'

/** Racers per hot-seat round. */
export const HOT_SEAT_RACERS = 1_000

const STORE_NOTE =
  "In memory the raw side is the adapter's store called directly with the inputs the facade would build; library/raw is the share of time left after the facade's own work (validation, authorization, tickets, Result chaining)."

export const memoryQueueScenario: Scenario = {
  id: 'memory-queue',
  title: 'Queue on memory: facade against the store called directly',
  async run(context, record) {
    const queue = createMemoryQueueStore()
    const box = createBoxOffice({ queue, booking: createMemoryBookingStore(), policy: BENCH_POLICY })
    const prefix = `${context.runId}-mq`
    await runQueueWorkloads(context, record, {
      box,
      store: queue,
      load: new QueueLoad(box, prefix, prefix),
      raw: new DirectQueue(queue, `${prefix}-direct`, box.policy.queue),
      window: { concurrency: MEMORY_CONCURRENCY, durationMs: context.sizes.memoryWindowMs, progress: context.progress },
      targets: { enter: (m) => [rateAtLeast(m, 500_000)] },
    })
    record.note(STORE_NOTE)
  },
}

export const memoryBookingScenario: Scenario = {
  id: 'memory-booking',
  title: 'Holds, charges and payments on memory: facade against the store called directly',
  async run(context, record) {
    const { sizes, progress } = context
    const queue = createMemoryQueueStore()
    const booking = createMemoryBookingStore()
    const box = createBoxOffice({ queue, booking, policy: BENCH_POLICY })
    const prefix = `${context.runId}-mb`
    progress.step('set-up: seats, admitted and funded buyers')
    const concertId = await createConcert(box, 'memory booking')
    const rounds = sizes.hotSeatRounds.memory
    const seating = await createSeating(box, concertId, sizes.memoryBuyers * 8 + rounds)
    const buyers = await admitBuyers(box, concertId, userIds(`${prefix}-b`, sizes.memoryBuyers), MEMORY_CONCURRENCY)
    const direct = await admitBuyers(box, concertId, userIds(`${prefix}-d`, sizes.memoryBuyers), MEMORY_CONCURRENCY)
    const racers = await admitBuyers(
      box,
      concertId,
      userIds(`${prefix}-r`, rounds * HOT_SEAT_RACERS),
      MEMORY_CONCURRENCY,
    )
    await fundBuyers(box, [...buyers, ...direct], MEMORY_CONCURRENCY)

    const window = { concurrency: MEMORY_CONCURRENCY, durationMs: sizes.memoryWindowMs, progress }
    const library = new BookingLoad(box, seating, buyers, `${prefix}-k`)
    const store = new DirectBooking(booking, box.policy, concertId, seating, direct, `${prefix}-dk`)
    const side = (label: string, run: () => Promise<Measurement>) => ({ label, run })
    const holds = await compareSides(context, record, {
      name: 'hold (spread seats)',
      library: () => library.hold(window),
      raw: side('BookingStore.holdSeat', () => store.hold(window)),
      targets: (m) => [rateAtLeast(m, 300_000)],
    })

    const hotSeat = `hold (hot seat, ${HOT_SEAT_RACERS.toLocaleString('en-US')} racing per round)`
    progress.step(hotSeat)
    const race = await raceForSeats(holdThroughFacade(box), seating, racers, rounds, progress)
    record.row({
      name: hotSeat,
      measurement: race.measurement,
      expectedErrors: ['SeatUnavailable'],
      targets: [p99Below(race.measurement, 100)],
    })
    checkOneWinner(record, race.winnersPerRound)

    await compareSides(context, record, {
      name: 'charge (with idempotency key)',
      library: () => library.charge(window),
      raw: side('BookingStore.charge', () => store.charge(window, CHARGE_AMOUNT)),
    })
    const payments = await compareSides(context, record, {
      name: 'pay',
      library: () => library.pay(window),
      raw: side('BookingStore.pay', () => store.pay(window)),
    })

    progress.step('booking invariants')
    const winners = race.winnersPerRound.reduce((sum, n) => sum + n, 0)
    await checkSeats(record, box, seating, {
      holds: exactly(holds.library.work + (holds.raw?.work ?? 0) + winners),
      payments: exactly(payments.library.work + (payments.raw?.work ?? 0)),
    })
    const sample = context.quick ? buyers.length : 5_000
    await checkLedgers(
      record,
      box,
      [...buyers, ...direct].map((buyer) => buyer.userId),
      sample,
    )
    await checkConcurrentCharges(record, box, `${prefix}-lost-update`)
    record.note(STORE_NOTE)
  },
}
