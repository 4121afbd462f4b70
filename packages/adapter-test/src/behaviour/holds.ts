import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { addDate, admitUser, admitUsers, fund, holdSeat, openSale, seatStatuses } from '../sale-setup.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)

/** Holding seats, the hold TTL and limit, release by the owner, and the sweeper. */
export function describeHolds(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('holds: claiming a seat', () => {
    scenario('a hold claims the seat for hold.ttlMs at the seat price', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: [{ seatNo: 4, price: 120 }] })
      const token = await admitUser(box, concertId, 'u1')
      clock.advance(2_000)
      const hold = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 4 }).match(keep, unexpected)
      expect(hold).toEqual({
        holdId: expect.any(String),
        userId: 'u1',
        concertId,
        scheduleId,
        seatNo: 4,
        seatNos: [4],
        price: 120,
        status: 'HELD',
        createdAt: at(2_000),
        expiresAt: at(2_000 + 5 * 60_000),
        extended: false,
      })
    })

    scenario('a seat held by one user cannot be held by another until the hold expires', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box)
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      await holdSeat(box, { userId: 'u1', token: t1 ?? '', scheduleId, seatNo: 2 })
      clock.advance(5 * 60_000 - 1)
      const refused = await box.holds
        .hold({ userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 2 })
        .match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'SeatUnavailable', scheduleId, seatNo: 2 })
      clock.advance(1) // the first hold has expired; no sweeper has run
      const taken = await box.holds
        .hold({ userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 2 })
        .match(keep, unexpected)
      expect(taken).toMatchObject({ userId: 'u2', seatNo: 2, status: 'HELD' })
      expect(await seatStatuses(box, scheduleId)).toEqual(['AVAILABLE', 'HELD', 'AVAILABLE'])
    })

    scenario('a user cannot hold the same seat twice', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box)
      const token = await admitUser(box, concertId, 'u1')
      await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
      const again = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 1 }).match(unexpected, keep)
      expect(again.type).toBe('SeatUnavailable')
    })

    scenario('a sold seat can never be held again', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box)
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      await fund(box, 'u1', 300)
      const holdId = await holdSeat(box, { userId: 'u1', token: t1 ?? '', scheduleId, seatNo: 1 })
      await box.payments.pay({ userId: 'u1', token: t1 ?? '', holdId, idempotencyKey: 'k1' }).match(keep, unexpected)
      clock.advance(5 * 60_000)
      const error = await box.holds
        .hold({ userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 1 })
        .match(unexpected, keep)
      expect(error.type).toBe('SeatUnavailable')
    })

    scenario('a released seat can be held again at once', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box)
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      const holdId = await holdSeat(box, { userId: 'u1', token: t1 ?? '', scheduleId, seatNo: 1 })
      await box.holds.release({ userId: 'u1', holdId }).match(keep, unexpected)
      await holdSeat(box, { userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 1 })
      expect(await seatStatuses(box, scheduleId)).toEqual(['HELD', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario('a seat number the schedule does not have, or an unknown schedule, is SeatNotFound', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box)
      const token = await admitUser(box, concertId, 'u1')
      const noSeat = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 4 }).match(unexpected, keep)
      expect(noSeat).toMatchObject({ type: 'SeatNotFound', scheduleId, seatNo: 4 })
      const noSchedule = await box.holds
        .hold({ userId: 'u1', token, scheduleId: 'schedule-missing', seatNo: 1 })
        .match(unexpected, keep)
      expect(noSchedule).toMatchObject({ type: 'SeatNotFound', scheduleId: 'schedule-missing' })
    })

    scenario(
      'a user may hold at most hold.maxPerUser live seats, across schedules',
      async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box)
        const other = await addDate(box, concertId, { startsAt: '2030-07-01T19:00:00Z' })
        const token = await admitUser(box, concertId, 'u1')
        const first = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
        await holdSeat(box, { userId: 'u1', token, scheduleId: other, seatNo: 1 })
        const refused = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 2 }).match(unexpected, keep)
        expect(refused).toMatchObject({ type: 'HoldLimitReached', limit: 2 })
        await box.holds.release({ userId: 'u1', holdId: first }).match(keep, unexpected)
        await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 })
      },
      { policy: { hold: { maxPerUser: 2 } } },
    )

    scenario('by default a user may hold 4 live seats', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 5 })
      const token = await admitUser(box, concertId, 'u1')
      for (const seatNo of [1, 2, 3, 4]) await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo })
      const fifth = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 5 }).match(unexpected, keep)
      expect(fifth).toMatchObject({ type: 'HoldLimitReached', limit: 4 })
    })

    scenario(
      'expired and paid holds do not count against the hold limit',
      async ({ box, clock }) => {
        const { concertId, scheduleId } = await openSale(box)
        await fund(box, 'u1', 300)
        const token = await admitUser(box, concertId, 'u1')
        await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
        clock.advance(60_000) // the first hold expired (unswept)
        const paid = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 })
        await box.payments.pay({ userId: 'u1', token, holdId: paid, idempotencyKey: 'k1' }).match(keep, unexpected)
        const next = await admitUser(box, concertId, 'u1') // paying completed the token
        await holdSeat(box, { userId: 'u1', token: next, scheduleId, seatNo: 3 })
        expect(await seatStatuses(box, scheduleId)).toEqual(['AVAILABLE', 'SOLD', 'HELD'])
      },
      { policy: { hold: { maxPerUser: 1, ttlMs: 60_000 } } },
    )
  })

  describe('holds: release and expiry', () => {
    scenario('the owner releases a hold: RELEASED, and the seat is AVAILABLE', async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box)
      const token = await admitUser(box, concertId, 'u1')
      const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 3 })
      const released = await box.holds.release({ userId: 'u1', holdId }).match(keep, unexpected)
      expect(released).toMatchObject({ holdId, userId: 'u1', seatNo: 3, status: 'RELEASED' })
      expect(await seatStatuses(box, scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario('releasing an unknown hold is HoldNotFound', async ({ box }) => {
      const error = await box.holds.release({ userId: 'u1', holdId: 'hold-missing' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'HoldNotFound', holdId: 'hold-missing' })
    })

    scenario("releasing another user's hold is NotHoldOwner and keeps the hold", async ({ box }) => {
      const { concertId, scheduleId } = await openSale(box)
      const token = await admitUser(box, concertId, 'u1')
      const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
      const error = await box.holds.release({ userId: 'u2', holdId }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'NotHoldOwner', holdId })
      expect(await seatStatuses(box, scheduleId)).toEqual(['HELD', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario(
      'releasing twice, or an expired or a paid hold, is HoldNotActive with its status',
      async ({ box, clock }) => {
        const { concertId, scheduleId } = await openSale(box)
        await fund(box, 'u1', 300)
        const token = await admitUser(box, concertId, 'u1')
        const released = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
        const paid = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 })
        const expiring = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 3 })
        await box.holds.release({ userId: 'u1', holdId: released }).match(keep, unexpected)
        await box.payments.pay({ userId: 'u1', token, holdId: paid, idempotencyKey: 'k1' }).match(keep, unexpected)
        clock.advance(5 * 60_000)
        const status = async (holdId: string): Promise<unknown> =>
          box.holds
            .release({ userId: 'u1', holdId })
            .match(unexpected, (error) => [error.type, 'status' in error ? error.status : null])
        expect(await status(released)).toEqual(['HoldNotActive', 'RELEASED'])
        expect(await status(paid)).toEqual(['HoldNotActive', 'CONFIRMED'])
        expect(await status(expiring)).toEqual(['HoldNotActive', 'EXPIRED'])
        await box.holds.expire().match(keep, unexpected)
        expect(await status(expiring)).toEqual(['HoldNotActive', 'EXPIRED'])
      },
    )

    scenario('the sweeper marks HELD holds past their expiry EXPIRED and answers how many', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 5 })
      const [t1, t2] = await admitUsers(box, concertId, ['u1', 'u2'])
      await holdSeat(box, { userId: 'u1', token: t1 ?? '', scheduleId, seatNo: 1 })
      await holdSeat(box, { userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 2 })
      const released = await holdSeat(box, { userId: 'u1', token: t1 ?? '', scheduleId, seatNo: 3 })
      await box.holds.release({ userId: 'u1', holdId: released }).match(keep, unexpected)
      clock.advance(60_000)
      await holdSeat(box, { userId: 'u2', token: t2 ?? '', scheduleId, seatNo: 4 })
      expect(await box.holds.expire().match(keep, unexpected)).toBe(0)
      clock.advance(4 * 60_000)
      expect(await box.holds.expire().match(keep, unexpected)).toBe(2)
      expect(await box.holds.expire().match(keep, unexpected)).toBe(0)
      expect(await seatStatuses(box, scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'HELD', 'AVAILABLE'])
    })

    scenario('the sweeper leaves a hold alone until the instant it expires', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box)
      const token = await admitUser(box, concertId, 'u1')
      const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
      clock.advance(5 * 60_000 - 1)
      expect(await box.holds.expire().match(keep, unexpected)).toBe(0)
      const released = await box.holds.release({ userId: 'u1', holdId }).match(keep, unexpected)
      expect(released.status).toBe('RELEASED')
      const again = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 })
      clock.advance(5 * 60_000 - 1)
      expect(await box.holds.expire().match(keep, unexpected)).toBe(0)
      clock.advance(1)
      expect(await box.holds.expire().match(keep, unexpected)).toBe(1)
      expect((await box.holds.release({ userId: 'u1', holdId: again }).match(unexpected, keep)).type).toBe(
        'HoldNotActive',
      )
    })

    scenario(
      'the sweeper marks at most hold.sweepLimit holds per tick',
      async ({ box, clock }) => {
        const { concertId, scheduleId } = await openSale(box)
        const token = await admitUser(box, concertId, 'u1')
        for (const seatNo of [1, 2, 3]) await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo })
        clock.advance(5 * 60_000)
        const swept = []
        for (let tick = 0; tick < 3; tick++) swept.push(await box.holds.expire().match(keep, unexpected))
        expect(swept).toEqual([2, 1, 0])
      },
      { policy: { hold: { sweepLimit: 2 } } },
    )
  })
}
