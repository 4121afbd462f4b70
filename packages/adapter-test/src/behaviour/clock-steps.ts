import { describe, expect } from 'vitest'
import { failed, keep, succeeded, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { admitUsers, fund, holdSeat, openSale, seatStatuses } from '../sale-setup.js'

const HOLD_TTL_MS = 5 * 60_000

/**
 * A clock that steps back (an NTP step, a host whose clock is corrected) must
 * never let two holds of one seat both be paid: payment checks that the hold
 * is still its seat's live claim, not only that the hold itself is unexpired.
 */
export function describeClockSteps(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('clock steps: time that goes backwards', () => {
    scenario(
      'a hold that lost its seat cannot be paid after the clock steps back: the seat is sold once',
      async ({ box, clock }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 1, price: 300 })
        const [alice, bob] = await admitUsers(box, concertId, ['alice', 'bob'])
        await fund(box, 'alice', 300)
        await fund(box, 'bob', 300)
        const lapsed = await holdSeat(box, { userId: 'alice', token: alice ?? '', scheduleId, seatNo: 1 })
        clock.advance(HOLD_TTL_MS + 1_000) // alice's hold lapses; nobody sweeps
        const live = await holdSeat(box, { userId: 'bob', token: bob ?? '', scheduleId, seatNo: 1 })
        clock.set(new Date(START.getTime() + 60_000)) // the clock steps back: alice's hold looks unexpired again

        const alicePays = await box.payments
          .pay({ userId: 'alice', token: alice ?? '', holdId: lapsed, idempotencyKey: 'a1' })
          .match(succeeded, failed)
        const bobPays = await box.payments
          .pay({ userId: 'bob', token: bob ?? '', holdId: live, idempotencyKey: 'b1' })
          .match(succeeded, failed)

        expect(alicePays).toMatchObject({ ok: false, error: { type: 'HoldExpired' } })
        expect(bobPays).toMatchObject({ ok: true, value: { holdId: live, userId: 'bob' } })
        expect(await box.wallet.balance({ userId: 'alice' }).match(keep, unexpected)).toBe(300)
        expect(await box.wallet.balance({ userId: 'bob' }).match(keep, unexpected)).toBe(0)
        expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD'])
      },
    )

    scenario('after the clock steps back, the seat still reads as its newest holder has it', async ({ box, clock }) => {
      const { concertId, scheduleId } = await openSale(box, { seats: 1, price: 300 })
      const [alice, bob, carol] = await admitUsers(box, concertId, ['alice', 'bob', 'carol'])
      await holdSeat(box, { userId: 'alice', token: alice ?? '', scheduleId, seatNo: 1 })
      clock.advance(HOLD_TTL_MS + 1_000)
      await holdSeat(box, { userId: 'bob', token: bob ?? '', scheduleId, seatNo: 1 })
      clock.set(new Date(START.getTime() + 60_000))
      const refused = await box.holds
        .hold({ userId: 'carol', token: carol ?? '', scheduleId, seatNo: 1 })
        .match(unexpected, keep)
      expect(refused).toMatchObject({ type: 'SeatUnavailable' })
      expect(await seatStatuses(box, scheduleId)).toEqual(['HELD'])
    })
  })
}
