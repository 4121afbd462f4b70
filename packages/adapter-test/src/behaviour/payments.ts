import type { BoxOffice } from '@boxoffice/core'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { admitUser, fund, holdSeat, openSale, seatStatuses, type Sale } from '../sale-setup.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)

interface Checkout extends Sale {
  readonly token: string
  readonly holdId: string
}

/** u1: admitted, `points` charged, holding seat 1 (price 300) of a 3-seat schedule. */
async function checkout(box: BoxOffice, points = 1_000): Promise<Checkout> {
  const sale = await openSale(box, { seats: 3, price: 300 })
  const token = await admitUser(box, sale.concertId, 'u1')
  if (points > 0) await fund(box, 'u1', points)
  const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId: sale.scheduleId, seatNo: 1 })
  return { ...sale, token, holdId }
}

async function balanceOf(box: BoxOffice, userId: string): Promise<number> {
  return box.wallet.balance({ userId }).match(keep, unexpected)
}

/** Paying for a hold: the sale, its errors, and idempotent retries (a payment is created once). */
export function describePayments(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('payments: paying for a hold', () => {
    scenario(
      'paying debits the price, records a PAYMENT entry and the payment, and sells the seat',
      async ({ box, clock }) => {
        const { token, holdId, concertId, scheduleId } = await checkout(box)
        clock.advance(4_000)
        const payment = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(payment).toEqual({
          paymentId: expect.any(String),
          userId: 'u1',
          holdId,
          concertId,
          scheduleId,
          seatNo: 1,
          seatNos: [1],
          amount: 300,
          idempotencyKey: 'k1',
          paidAt: at(4_000),
        })
        expect(await balanceOf(box, 'u1')).toBe(700)
        const [entry] = await box.wallet.history({ userId: 'u1', limit: 1 }).match(keep, unexpected)
        expect(entry).toEqual({
          entryId: expect.any(String),
          userId: 'u1',
          kind: 'PAYMENT',
          amount: -300,
          balanceAfter: 700,
          at: at(4_000),
          paymentId: payment.paymentId,
          idempotencyKey: 'k1',
        })
        expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD', 'AVAILABLE', 'AVAILABLE'])
        const dates = await box.catalog.listDates({ concertId }).match(keep, unexpected)
        expect(dates[0]?.availableSeats).toBe(2)
      },
    )

    scenario(
      'a pay retried with the same key answers the same payment, even after its token was completed, and debits once',
      async ({ box, clock }) => {
        const { token, holdId } = await checkout(box)
        const first = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect((await box.queue.status({ token }).match(unexpected, keep)).type).toBe('TokenNotFound')
        clock.advance(60_000)
        const retried = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(retried).toEqual(first)
        expect(await balanceOf(box, 'u1')).toBe(700)
        expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toHaveLength(2)
      },
    )

    scenario(
      "a replayed pay carrying another user's token answers the payment but leaves that token in line",
      async ({ box }) => {
        const { token, holdId, concertId } = await checkout(box)
        const first = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        const victim = await admitUser(box, concertId, 'u2')
        const replayed = await box.payments
          .pay({ userId: 'u1', token: victim, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(replayed).toEqual(first)
        expect(await box.queue.status({ token: victim }).match((t) => t.status, unexpected)).toBe('ACTIVE')
      },
    )

    scenario('a pay key reused for another hold is IdempotencyConflict', async ({ box }) => {
      const { token, holdId, scheduleId } = await checkout(box)
      const second = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 })
      await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' }).match(keep, unexpected)
      const error = await box.payments
        .pay({ userId: 'u1', token, holdId: second, idempotencyKey: 'k1' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'IdempotencyConflict', idempotencyKey: 'k1' })
      expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD', 'HELD', 'AVAILABLE'])
      expect(await balanceOf(box, 'u1')).toBe(700)
    })

    scenario('a charge key cannot be reused by a pay, nor a pay key by a charge', async ({ box }) => {
      const { token, holdId, scheduleId } = await checkout(box, 0)
      await box.wallet.charge({ userId: 'u1', amount: 1_000, idempotencyKey: 'charge-key' }).match(keep, unexpected)
      const payWithChargeKey = await box.payments
        .pay({ userId: 'u1', token, holdId, idempotencyKey: 'charge-key' })
        .match(unexpected, keep)
      expect(payWithChargeKey).toMatchObject({ type: 'IdempotencyConflict', idempotencyKey: 'charge-key' })
      expect(await seatStatuses(box, scheduleId)).toEqual(['HELD', 'AVAILABLE', 'AVAILABLE'])
      expect(await balanceOf(box, 'u1')).toBe(1_000)

      await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'pay-key' }).match(keep, unexpected)
      const chargeWithPayKey = await box.wallet
        .charge({ userId: 'u1', amount: 300, idempotencyKey: 'pay-key' })
        .match(unexpected, keep)
      expect(chargeWithPayKey).toMatchObject({ type: 'IdempotencyConflict', idempotencyKey: 'pay-key' })
      expect(await balanceOf(box, 'u1')).toBe(700)
    })

    scenario('paying for an unknown hold is HoldNotFound', async ({ box }) => {
      const { token } = await checkout(box)
      const error = await box.payments
        .pay({ userId: 'u1', token, holdId: 'hold-missing', idempotencyKey: 'k1' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'HoldNotFound', holdId: 'hold-missing' })
    })

    scenario("paying for another user's hold is NotHoldOwner", async ({ box }) => {
      const { holdId, concertId } = await checkout(box)
      const token = await admitUser(box, concertId, 'u2')
      await fund(box, 'u2', 1_000)
      const error = await box.payments
        .pay({ userId: 'u2', token, holdId, idempotencyKey: 'k1' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'NotHoldOwner', holdId })
      expect(await balanceOf(box, 'u2')).toBe(1_000)
    })

    scenario(
      'paying for a hold past its expiry is HoldExpired, before and after the sweeper runs',
      async ({ box, clock }) => {
        const { token, holdId, scheduleId } = await checkout(box)
        clock.advance(5 * 60_000)
        const lazy = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(unexpected, keep)
        expect(lazy).toMatchObject({ type: 'HoldExpired', holdId, expiresAt: at(5 * 60_000) })
        await box.holds.expire().match(keep, unexpected)
        const swept = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(unexpected, keep)
        expect(swept.type).toBe('HoldExpired')
        expect(await balanceOf(box, 'u1')).toBe(1_000)
        expect(await seatStatuses(box, scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
      },
    )

    scenario('paying for a released hold is HoldNotActive', async ({ box }) => {
      const { token, holdId } = await checkout(box)
      await box.holds.release({ userId: 'u1', holdId }).match(keep, unexpected)
      const error = await box.payments
        .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'HoldNotActive', holdId, status: 'RELEASED' })
      expect(await balanceOf(box, 'u1')).toBe(1_000)
    })

    scenario('paying again for a paid hold, with a new key, is AlreadyPaid', async ({ box }) => {
      const { token, holdId, concertId } = await checkout(box)
      await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' }).match(keep, unexpected)
      const next = await admitUser(box, concertId, 'u1')
      const error = await box.payments
        .pay({ userId: 'u1', token: next, holdId, idempotencyKey: 'k2' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'AlreadyPaid', holdId })
      expect(await balanceOf(box, 'u1')).toBe(700)
    })

    scenario(
      'paying without enough points is InsufficientBalance, changes nothing, and leaves the key usable',
      async ({ box }) => {
        const { token, holdId, scheduleId } = await checkout(box, 200)
        const error = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(unexpected, keep)
        expect(error).toMatchObject({ type: 'InsufficientBalance', balance: 200, price: 300 })
        expect(await balanceOf(box, 'u1')).toBe(200)
        expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toHaveLength(1)
        expect(await seatStatuses(box, scheduleId)).toEqual(['HELD', 'AVAILABLE', 'AVAILABLE'])
        await fund(box, 'u1', 100)
        const paid = await box.payments
          .pay({ userId: 'u1', token, holdId, idempotencyKey: 'k1' })
          .match(keep, unexpected)
        expect(paid.amount).toBe(300)
        expect(await balanceOf(box, 'u1')).toBe(0)
      },
    )
  })
}
