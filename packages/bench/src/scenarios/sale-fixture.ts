import type { BoxOffice, PolicyOverrides } from '@boxoffice/core'
import { failure, forEachLimit, value } from '../harness/set-up.js'

/**
 * The policy of every benchmark facade: the defaults, except that a line may
 * admit everybody (a benchmark needs thousands of ACTIVE buyers, not 100) and
 * tokens outlive the run, so a slow fill never turns tokens idle mid-measure.
 */
export const BENCH_POLICY: PolicyOverrides = {
  queue: { maxActive: 10_000_000, admitPerTick: 1_000, activeTtlMs: 3_600_000, waitingIdleTtlMs: 3_600_000 },
}

/** Every seat costs this; buyers are charged enough for one seat before any workload. */
export const SEAT_PRICE = 1_000

/** A user admitted to the concert: an ACTIVE token that holds and payments can use. */
export interface Buyer {
  readonly userId: string
  readonly token: string
}

/** The seats of a concert, handed out one by one so no two workloads contend by accident. */
export interface Seating {
  readonly scheduleIds: readonly string[]
  readonly size: number
  next(): { readonly scheduleId: string; readonly seatNo: number }
  /** Starts handing out from the first seat again (after the holds on them were released). */
  rewind(): void
}

const SEATS_PER_SCHEDULE = 50_000

export async function createConcert(box: BoxOffice, title: string): Promise<string> {
  const concert = await box.catalog.createConcert({ title }).match(value, failure('createConcert'))
  return concert.concertId
}

/** Schedules of up to 50,000 seats, enough for `seats` in all. */
export async function createSeating(box: BoxOffice, concertId: string, seats: number): Promise<Seating> {
  const scheduleIds: string[] = []
  for (let left = seats, day = 1; left > 0; left -= SEATS_PER_SCHEDULE, day++) {
    const schedule = await box.catalog
      .addSchedule({
        concertId,
        startsAt: new Date(Date.UTC(2031, 0, day, 19)),
        seats: Math.min(left, SEATS_PER_SCHEDULE),
        price: SEAT_PRICE,
      })
      .match(value, failure('addSchedule'))
    scheduleIds.push(schedule.scheduleId)
  }
  let handedOut = 0
  return {
    scheduleIds,
    size: seats,
    next: () => {
      const index = handedOut++
      if (index >= seats) throw new Error(`the benchmark ran out of its ${seats} seats`)
      const scheduleId = scheduleIds[Math.floor(index / SEATS_PER_SCHEDULE)]
      if (scheduleId === undefined) throw new Error('seat outside every schedule')
      return { scheduleId, seatNo: (index % SEATS_PER_SCHEDULE) + 1 }
    },
    rewind: () => {
      handedOut = 0
    },
  }
}

/** Enters every user in the concert's line, then ticks until all of them are ACTIVE. */
export async function admitBuyers(
  box: BoxOffice,
  concertId: string,
  userIds: readonly string[],
  concurrency: number,
): Promise<Buyer[]> {
  const buyers: Buyer[] = new Array<Buyer>(userIds.length)
  await forEachLimit(userIds.length, concurrency, async (index) => {
    const userId = userIds[index] as string
    const ticket = await box.queue.enter({ userId, concertId }).match(value, failure('enter'))
    buyers[index] = { userId, token: ticket.token }
  })
  for (;;) {
    const report = await box.queue.admit({ concertId }).match(value, failure('admit'))
    if (report.waiting === 0) break
    if (report.admitted === 0) throw new Error(`admission stalled with ${report.waiting} waiting`)
  }
  return buyers
}

/** One charge per buyer, so each can pay for a seat. */
export async function fundBuyers(box: BoxOffice, buyers: readonly Buyer[], concurrency: number): Promise<void> {
  await forEachLimit(buyers.length, concurrency, async (index) => {
    const buyer = buyers[index] as Buyer
    await box.wallet.charge({ userId: buyer.userId, amount: SEAT_PRICE }).match(value, failure('charge'))
  })
}

/** `count` user ids under `prefix`. */
export const userIds = (prefix: string, count: number, from = 0): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-u${from + i}`)
