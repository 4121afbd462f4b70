import type { BoxOffice } from '@boxoffice/core'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, type Suite } from '../rig.js'
import { admitUser, enterLine, fund, holdSeat, openSale, seatStatuses, type Sale } from '../sale-setup.js'

/** A user with an ACTIVE token, points, and a hold on seat 1 that a gated pay can use. */
async function heldSeat(box: BoxOffice): Promise<Sale & { token: string; holdId: string }> {
  const sale = await openSale(box)
  const token = await admitUser(box, sale.concertId, 'u1')
  await fund(box, 'u1', 1_000)
  const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId: sale.scheduleId, seatNo: 1 })
  return { ...sale, token, holdId }
}

/** Hold and pay run only for the user's own ACTIVE, unexpired token (`authorize` first). */
export function describeGates(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('gated calls: hold and pay need an ACTIVE token of the caller', () => {
    scenario('a token nobody issued is TokenNotFound for hold and pay', async ({ box }) => {
      const { scheduleId, holdId, concertId } = await heldSeat(box)
      const token = `${concertId}~never-issued`
      const hold = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 2 }).match(unexpected, keep)
      const pay = await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' }).match(unexpected, keep)
      expect([hold.type, pay.type]).toEqual(['TokenNotFound', 'TokenNotFound'])
      expect(await seatStatuses(box, scheduleId)).toEqual(['HELD', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario('a waiting token is TokenNotActive for hold and pay', async ({ box }) => {
      const { scheduleId, concertId } = await heldSeat(box)
      const [waiting] = await enterLine(box, concertId, ['u2'])
      await fund(box, 'u2', 1_000)
      const token = waiting ?? ''
      const hold = await box.holds.hold({ userId: 'u2', token, scheduleId, seatNo: 2 }).match(unexpected, keep)
      expect(hold).toMatchObject({ type: 'TokenNotActive', status: 'WAITING' })
      const pay = await box.payments
        .pay({ userId: 'u2', token, holdId: 'hold-9999', idempotencyKey: 'k1' })
        .match(unexpected, keep)
      expect(pay.type).toBe('TokenNotActive')
    })

    scenario(
      'an expired token is TokenExpired for hold and pay, and the hold stays unpaid',
      async ({ box, clock }) => {
        const { scheduleId, holdId, token } = await heldSeat(box)
        clock.advance(10 * 60_000)
        const hold = await box.holds.hold({ userId: 'u1', token, scheduleId, seatNo: 2 }).match(unexpected, keep)
        const pay = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(unexpected, keep)
        expect([hold.type, pay.type]).toEqual(['TokenExpired', 'TokenExpired'])
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000)
      },
      { policy: { hold: { ttlMs: 20 * 60_000 } } },
    )

    scenario("another user's token is TokenUserMismatch for hold and pay", async ({ box }) => {
      const { scheduleId, holdId, token } = await heldSeat(box)
      const hold = await box.holds.hold({ userId: 'u2', token, scheduleId, seatNo: 2 }).match(unexpected, keep)
      const pay = await box.payments.pay({ userId: 'u2', token, holdId, idempotencyKey: 'k1' }).match(unexpected, keep)
      expect([hold.type, pay.type]).toEqual(['TokenUserMismatch', 'TokenUserMismatch'])
      expect(await seatStatuses(box, scheduleId)).toEqual(['HELD', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario('holding a seat of another concert is TokenConcertMismatch', async ({ box }) => {
      const { token, concertId } = await heldSeat(box)
      const other = await openSale(box, { title: 'Autumn Gala' })
      const error = await box.holds
        .hold({ userId: 'u1', token, scheduleId: other.scheduleId, seatNo: 1 })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'TokenConcertMismatch', token, concertId })
      expect(await seatStatuses(box, other.scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario("paying for another concert's hold with this concert's token is TokenConcertMismatch", async ({ box }) => {
      const { token, concertId } = await heldSeat(box)
      const other = await openSale(box, { title: 'Autumn Gala' })
      const [otherToken] = await enterLine(box, other.concertId, ['u1'])
      await box.queue.admit({ concertId: other.concertId }).match(keep, unexpected)
      const otherHold = await box.holds
        .hold({ userId: 'u1', token: otherToken!, scheduleId: other.scheduleId, seatNo: 1 })
        .match(keep, unexpected)
      await box.wallet.charge({ userId: 'u1', amount: 1_000_000 }).match(keep, unexpected)
      const error = await box.payments
        .pay({ userId: 'u1', token, holdId: otherHold.holdId, idempotencyKey: 'k-cross' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'TokenConcertMismatch', token, concertId })
      expect(await seatStatuses(box, other.scheduleId)).toEqual(['HELD', 'AVAILABLE', 'AVAILABLE'])
      expect(await box.queue.status({ token }).match((t) => t.status, unexpected)).toBe('ACTIVE')
    })

    scenario(
      'paying completes the queue token, which frees its slot for the next in line',
      async ({ box }) => {
        const { holdId, token, concertId } = await heldSeat(box)
        const [next] = await enterLine(box, concertId, ['u2'])
        expect((await box.queue.admit({ concertId }).match(keep, unexpected)).admitted).toBe(0)
        await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' }).match(keep, unexpected)
        expect((await box.queue.status({ token }).match(unexpected, keep)).type).toBe('TokenNotFound')
        expect((await box.queue.admit({ concertId }).match(keep, unexpected)).admitted).toBe(1)
        expect((await box.queue.status({ token: next ?? '' }).match(keep, unexpected)).status).toBe('ACTIVE')
      },
      { policy: { queue: { maxActive: 1 } } },
    )
  })
}
