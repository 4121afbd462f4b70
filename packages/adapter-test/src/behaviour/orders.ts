import type { BoxOffice } from '@boxoffice/core'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { admitUser, admitUsers, fund, holdSeat, openSale, seatStatuses } from '../sale-setup.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)
const HOLD_TTL_MS = 5 * 60_000
const EXTEND_MS = 2 * 60_000

/** Two rows: A 1-5 at 100, B 6-9 at 50. */
const TWO_ROWS = [
  ...[1, 2, 3, 4, 5].map((seatNo) => ({ seatNo, price: 100, row: 'A' })),
  ...[6, 7, 8, 9].map((seatNo) => ({ seatNo, price: 50, row: 'B' })),
]

async function holdAs(box: BoxOffice, userId: string, token: string, scheduleId: string, seatNos: number[]) {
  return box.holds.hold({ userId, token, scheduleId, seatNos }).match(keep, unexpected)
}

/** Orders of several seats: multi-seat holds, rows, best available, extension (SPEC 8.1). */
export function describeOrders(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('orders: several seats in one hold', () => {
    scenario('a hold of several seats takes them all at the sum of their prices', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const token = await admitUser(box, concertId, 'u1')
      const hold = await holdAs(box, 'u1', token, scheduleId, [7, 2, 6])
      expect(hold).toMatchObject({ seatNo: 2, seatNos: [2, 6, 7], price: 200, status: 'HELD', extended: false })
      const statuses = await seatStatuses(box, scheduleId)
      expect(statuses.flatMap((s, i) => (s === 'HELD' ? [i + 1] : []))).toEqual([2, 6, 7])
    })

    scenario('if any seat is taken nothing is held, and SeatUnavailable lists every taken seat', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      await holdAs(box, 'u1', t1 ?? '', scheduleId, [2, 4])
      const before = await seatStatuses(box, scheduleId)
      const refused = await box.holds
        .hold({ userId: 'u2', token: t2 ?? '', scheduleId, seatNos: [4, 3, 2] })
        .match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'SeatUnavailable', scheduleId, seatNo: 2, seatNos: [2, 4] })
      expect(await seatStatuses(box, scheduleId)).toEqual(before)
      await box.holds.hold({ userId: 'u2', token: t2 ?? '', scheduleId, seatNos: [3] }).match(keep, unexpected)
    })

    scenario('a seat the schedule lacks refuses the whole hold with SeatNotFound', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 3 })
      const token = await admitUser(box, concertId, 'u1')
      const refused = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNos: [1, 9] }).match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'SeatNotFound', seatNo: 9 })
      expect(await seatStatuses(box, scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario(
      'hold.maxSeatsPerUser counts seats in live holds, not holds',
      async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
        const token = await admitUser(box, concertId, 'u1')
        await holdAs(box, 'u1', token, scheduleId, [1, 2, 3])
        const refused = await box.holds
          .hold({ userId: 'u1', token, scheduleId, seatNos: [6, 7] })
          .match(unexpected, keep)
        expect(refused).toMatchObject({ type: 'HoldLimitReached', limit: 4 })
        const best = await box.holds.holdBest({ userId: 'u1', token, scheduleId, count: 2 }).match(unexpected, keep)
        expect(best.type).toBe('HoldLimitReached')
        await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 6 }).match(keep, unexpected)
      },
      { policy: { hold: { maxSeatsPerUser: 4 } } },
    )

    scenario(
      'the deprecated hold.maxPerUser still sets the seat limit',
      async ({ box }) => {
        expect(box.policy.hold.maxSeatsPerUser).toBe(2)
        const { concertId, scheduleId } = await openSale(box, { seats: 3 })
        const token = await admitUser(box, concertId, 'u1')
        const refused = await box.holds
          .hold({ userId: 'u1', token, scheduleId, seatNos: [1, 2, 3] })
          .match(unexpected, keep)
        expect(refused.type).toBe('HoldLimitReached')
      },
      { policy: { hold: { maxPerUser: 2 } } },
    )

    scenario('more seats than hold.maxSeatsPerHold is ValidationFailed and holds nothing', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const token = await admitUser(box, concertId, 'u1')
      const refused = await box.holds
        .hold({ userId: 'u1', token, scheduleId, seatNos: [1, 2, 3, 4, 5] })
        .match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'ValidationFailed', field: 'seatNos' })
      expect(await seatStatuses(box, scheduleId)).not.toContain('HELD')
    })

    scenario('paying settles every seat of the hold at once for the sum of their prices', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const token = await admitUser(box, concertId, 'u1')
      await fund(box, 'u1', 1_000)
      const hold = await holdAs(box, 'u1', token, scheduleId, [5, 6])
      const payment = await box.payments
        .pay({ userId: 'u1', token, holdId: hold.holdId, idempotencyKey: 'k1' })
        .match(keep, unexpected)
      expect(payment).toMatchObject({ seatNo: 5, seatNos: [5, 6], amount: 150 })
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(850)
      const statuses = await seatStatuses(box, scheduleId)
      expect(statuses.flatMap((s, i) => (s === 'SOLD' ? [i + 1] : []))).toEqual([5, 6])
    })

    scenario('releasing a hold gives back every seat of it', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 3 })
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      const hold = await holdAs(box, 'u1', t1 ?? '', scheduleId, [1, 3])
      await box.holds.release({ userId: 'u1', holdId: hold.holdId }).match(keep, unexpected)
      expect(await seatStatuses(box, scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
      await box.holds.hold({ userId: 'u2', token: t2 ?? '', scheduleId, seatNos: [1, 3] }).match(keep, unexpected)
    })

    scenario('seats carry their row labels, and listSeats shows them', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      await admitUser(box, concertId, 'u1')
      const { seats } = await box.catalog.listSeats({ scheduleId }).match(keep, unexpected)
      expect(seats.map((seat) => seat.row)).toEqual(['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B', 'B'])
    })
  })

  describe('orders: best available', () => {
    scenario('holdBest takes the first block in row order that leaves no single seat alone', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      // Row A keeps 1-3 free: 2 of them would leave one seat alone. Row B has 6-9.
      await holdAs(box, 'u1', t1 ?? '', scheduleId, [4, 5])
      const best = await box.holds
        .holdBest({ userId: 'u2', token: t2 ?? '', scheduleId, count: 2 })
        .match(keep, unexpected)
      expect(best).toMatchObject({ seatNos: [6, 7], price: 100, status: 'HELD' })
    })

    scenario('holdBest takes a block that leaves one seat alone only when no other exists', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 3 })
      const token = await admitUser(box, concertId, 'u1')
      const best = await box.holds.holdBest({ userId: 'u1', token, scheduleId, count: 2 }).match(keep, unexpected)
      expect(best.seatNos).toEqual([1, 2])
    })

    scenario('holdBest skips seats above maxPrice', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const token = await admitUser(box, concertId, 'u1')
      const best = await box.holds
        .holdBest({ userId: 'u1', token, scheduleId, count: 4, maxPrice: 60 })
        .match(keep, unexpected)
      expect(best).toMatchObject({ seatNos: [6, 7, 8, 9], price: 200 })
    })

    scenario('no adjacent block is NoAdjacentSeats, unless allowSplit takes seats apart', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      await holdAs(box, 'u1', t1 ?? '', scheduleId, [2, 4, 7, 9])
      const before = await seatStatuses(box, scheduleId)
      const refused = await box.holds
        .holdBest({ userId: 'u2', token: t2 ?? '', scheduleId, count: 3 })
        .match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'NoAdjacentSeats', scheduleId, count: 3 })
      expect(await seatStatuses(box, scheduleId)).toEqual(before)
      const split = await box.holds
        .holdBest({ userId: 'u2', token: t2 ?? '', scheduleId, count: 3, allowSplit: true })
        .match(keep, unexpected)
      expect(split.seatNos).toEqual([1, 3, 5])
    })

    scenario('too few seats at the price is NotEnoughSeats, with how many there are', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: TWO_ROWS })
      const token = await admitUser(box, concertId, 'u1')
      const refused = await box.holds
        .holdBest({ userId: 'u1', token, scheduleId, count: 4, maxPrice: 0, allowSplit: true })
        .match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'NotEnoughSeats', count: 4, available: 0 })
    })

    scenario('holdBest on an unknown schedule is ScheduleNotFound', async ({ box }) => {
      const { concertId } = await openSale(box, { seats: 3 })
      const token = await admitUser(box, concertId, 'u1')
      const refused = await box.holds
        .holdBest({ userId: 'u1', token, scheduleId: 'no-such-date', count: 1 })
        .match(unexpected, keep)
      expect(refused.type).toBe('ScheduleNotFound')
    })

    scenario('holdBest counts a lapsed hold as free, before any sweep', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 2 })
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      await holdAs(box, 'u1', t1 ?? '', scheduleId, [1, 2])
      clock.advance(HOLD_TTL_MS)
      const best = await box.holds
        .holdBest({ userId: 'u2', token: t2 ?? '', scheduleId, count: 2 })
        .match(keep, unexpected)
      expect(best.seatNos).toEqual([1, 2])
    })
  })

  describe('orders: extending a hold', () => {
    scenario(
      'the owner extends a live hold once, by hold.extendMs, and its seats stay claimed',
      async ({ box, clock }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 3 })
        const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
        await fund(box, 'u1', 1_000)
        const hold = await holdAs(box, 'u1', t1 ?? '', scheduleId, [1, 2])
        clock.advance(60_000)
        const longer = await box.holds.extend({ userId: 'u1', holdId: hold.holdId }).match(keep, unexpected)
        expect(longer).toMatchObject({ extended: true, expiresAt: at(HOLD_TTL_MS + EXTEND_MS), seatNos: [1, 2] })
        const again = await box.holds.extend({ userId: 'u1', holdId: hold.holdId }).match(unexpected, keep)
        expect(again).toMatchObject({ type: 'HoldNotExtendable', status: 'EXTENDED' })
        clock.set(at(HOLD_TTL_MS + 1_000)) // past the first expiry, before the extended one
        const taken = await box.holds
          .hold({ userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 2 })
          .match(unexpected, keep)
        expect(taken.type).toBe('SeatUnavailable')
        const paid = await box.payments
          .pay({ userId: 'u1', token: t1 ?? '', holdId: hold.holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(paid.seatNos).toEqual([1, 2])
      },
    )

    scenario('an expired, paid or released hold, or another user, cannot extend it', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 3 })
      const token = await admitUser(box, concertId, 'u1')
      const released = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
      await box.holds.release({ userId: 'u1', holdId: released }).match(keep, unexpected)
      const lapsing = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 })
      expect(await box.holds.extend({ userId: 'u2', holdId: lapsing }).match(unexpected, keep)).toMatchObject({
        type: 'NotHoldOwner',
      })
      expect(await box.holds.extend({ userId: 'u1', holdId: 'no-such-hold' }).match(unexpected, keep)).toMatchObject({
        type: 'HoldNotFound',
      })
      expect(await box.holds.extend({ userId: 'u1', holdId: released }).match(unexpected, keep)).toMatchObject({
        type: 'HoldNotExtendable',
        status: 'RELEASED',
      })
      clock.advance(HOLD_TTL_MS)
      expect(await box.holds.extend({ userId: 'u1', holdId: lapsing }).match(unexpected, keep)).toMatchObject({
        type: 'HoldNotExtendable',
        status: 'EXPIRED',
      })
    })
  })
}
