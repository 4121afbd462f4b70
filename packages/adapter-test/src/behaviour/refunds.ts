import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { paidSale, paymentAt } from '../refund-setup.js'
import { scenarioFor, START, type Suite } from '../rig.js'
import { admitUser, fund, seatStatuses } from '../sale-setup.js'

const at = (ms: number): Date => new Date(START.getTime() + ms)
const HOUR = 3_600_000

/** Refunds by the payer (SPEC 8.2): one atomic step, once, in time, by the payer only, idempotent. */
export function describeRefunds(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('refunds: the payer gives a sale back', () => {
    scenario(
      'a refund credits the amount with a REFUND entry, marks the payment REFUNDED and frees the seat',
      async ({ box, clock }) => {
        const sale = await paidSale(box, ['u1'])
        const paid = paymentAt(sale, 0)
        clock.advance(5_000)
        const refund = await box.payments
          .refund({ userId: 'u1', paymentId: paid.paymentId, idempotencyKey: 'r1' })
          .match(keep, unexpected)
        expect(refund).toEqual({
          refundId: expect.any(String),
          paymentId: paid.paymentId,
          userId: 'u1',
          holdId: paid.holdId,
          scheduleId: sale.scheduleId,
          amount: 300,
          reason: 'REQUESTED',
          idempotencyKey: 'r1',
          refundedAt: at(5_000),
        })
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000)
        const [entry] = await box.wallet.history({ userId: 'u1', limit: 1 }).match(keep, unexpected)
        expect(entry).toEqual({
          entryId: expect.any(String),
          userId: 'u1',
          kind: 'REFUND',
          amount: 300,
          balanceAfter: 1_000,
          at: at(5_000),
          paymentId: paid.paymentId,
          idempotencyKey: 'r1',
        })
        const shown = await box.payments.get({ userId: 'u1', paymentId: paid.paymentId }).match(keep, unexpected)
        expect(shown).toEqual({ ...paid, status: 'REFUNDED', refundedAt: at(5_000) })
        expect(await seatStatuses(box, sale.scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
        const dates = await box.catalog.listDates({ concertId: sale.concertId }).match(keep, unexpected)
        expect(dates[0]?.availableSeats).toBe(3)
      },
    )

    scenario('a refunded seat can be held at once by someone else, and paid again', async ({ box }) => {
      const sale = await paidSale(box, ['u1'])
      const paid = paymentAt(sale, 0)
      await box.payments
        .refund({ userId: 'u1', paymentId: paid.paymentId, idempotencyKey: 'r1' })
        .match(keep, unexpected)
      const token = await admitUser(box, sale.concertId, 'u2')
      await fund(box, 'u2', 300)
      const hold = await box.holds
        .hold({ userId: 'u2', token, scheduleId: sale.scheduleId, seatNo: 1 })
        .match(keep, unexpected)
      await box.payments.pay({ userId: 'u2', token, holdId: hold.holdId, idempotencyKey: 'p' }).match(keep, unexpected)
      expect(await seatStatuses(box, sale.scheduleId)).toEqual(['SOLD', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario('only the payer may refund: NotPaymentOwner, and nothing changes', async ({ box }) => {
      const sale = await paidSale(box, ['u1'])
      const paid = paymentAt(sale, 0)
      const error = await box.payments
        .refund({ userId: 'u2', paymentId: paid.paymentId, idempotencyKey: 'r1' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'NotPaymentOwner', paymentId: paid.paymentId })
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(700)
      expect(await box.wallet.balance({ userId: 'u2' }).match(keep, unexpected)).toBe(0)
      expect(await seatStatuses(box, sale.scheduleId)).toEqual(['SOLD', 'AVAILABLE', 'AVAILABLE'])
    })

    scenario('an unknown payment is PaymentNotFound', async ({ box }) => {
      const error = await box.payments
        .refund({ userId: 'u1', paymentId: 'payment-none', idempotencyKey: 'r1' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'PaymentNotFound', paymentId: 'payment-none' })
    })

    scenario('a payment is refunded once: another key answers AlreadyRefunded', async ({ box }) => {
      const sale = await paidSale(box, ['u1'])
      const { paymentId } = paymentAt(sale, 0)
      await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r1' }).match(keep, unexpected)
      const error = await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r2' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'AlreadyRefunded', paymentId })
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000)
    })

    scenario('the same key and payment answers the stored refund, with one effect', async ({ box, clock }) => {
      const sale = await paidSale(box, ['u1'])
      const { paymentId } = paymentAt(sale, 0)
      const first = await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r1' }).match(keep, unexpected)
      clock.advance(60_000)
      const again = await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r1' }).match(keep, unexpected)
      expect(again).toEqual(first)
      const refunds = (await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).filter(
        (e) => e.kind === 'REFUND',
      )
      expect(refunds).toHaveLength(1)
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000)
    })

    scenario(
      'a key used with other parameters is IdempotencyConflict: another payment, or a pay key',
      async ({ box }) => {
        const sale = await paidSale(box, ['u1', 'u2'])
        const first = paymentAt(sale, 0)
        await box.payments
          .refund({ userId: 'u1', paymentId: first.paymentId, idempotencyKey: 'r1' })
          .match(keep, unexpected)
        await fund(box, 'u1', 300)
        // u1 buys seat 3 too: a second payment to try the key on
        const token = await admitUser(box, sale.concertId, 'u1')
        const hold = await box.holds
          .hold({ userId: 'u1', token, scheduleId: sale.scheduleId, seatNo: 3 })
          .match(keep, unexpected)
        const second = await box.payments
          .pay({ userId: 'u1', token, holdId: hold.holdId, idempotencyKey: 'pay-again' })
          .match(keep, unexpected)
        const conflict = await box.payments
          .refund({ userId: 'u1', paymentId: second.paymentId, idempotencyKey: 'r1' })
          .match(unexpected, keep)
        expect(conflict).toMatchObject({ type: 'IdempotencyConflict', idempotencyKey: 'r1' })
        const payKey = await box.payments
          .refund({ userId: 'u1', paymentId: second.paymentId, idempotencyKey: 'pay-again' })
          .match(unexpected, keep)
        expect(payKey).toMatchObject({ type: 'IdempotencyConflict' })
        const shown = await box.payments.get({ userId: 'u1', paymentId: second.paymentId }).match(keep, unexpected)
        expect(shown.status).toBe('PAID')
      },
    )

    scenario(
      'refunds close refund.cutoffMs before the start: RefundWindowClosed, and a refused key can be used later',
      async ({ box, clock }) => {
        // starts 30 h after START; with the default 24 h cutoff, refunds close 6 h after START
        const sale = await paidSale(box, ['u1'], { startsAt: '2030-01-02T06:00:00Z' })
        const { paymentId } = paymentAt(sale, 0)
        clock.set(new Date('2030-01-01T06:00:00Z'))
        const error = await box.payments
          .refund({ userId: 'u1', paymentId, idempotencyKey: 'r1' })
          .match(unexpected, keep)
        expect(error).toEqual({
          type: 'RefundWindowClosed',
          message: expect.any(String),
          paymentId,
          closedAt: new Date('2030-01-01T06:00:00Z'),
        })
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(700)
        // the refused key stored nothing: another call may use it
        await box.wallet.charge({ userId: 'u1', amount: 5, idempotencyKey: 'r1' }).match(keep, unexpected)
      },
    )

    scenario(
      'a refund just before the cutoff passes; the cutoff is a policy',
      async ({ box, clock }) => {
        const sale = await paidSale(box, ['u1'], { startsAt: '2030-01-01T12:00:00Z' })
        const { paymentId } = paymentAt(sale, 0)
        clock.set(new Date('2030-01-01T09:59:59.999Z'))
        await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r1' }).match(keep, unexpected)
      },
      { policy: { refund: { cutoffMs: 2 * HOUR } } },
    )

    scenario(
      'a refund is never refused by charge.maxBalance',
      async ({ box }) => {
        const sale = await paidSale(box, ['u1'], {}, 1_000)
        const { paymentId } = paymentAt(sale, 0)
        await fund(box, 'u1', 300) // back at the 1,000 limit
        await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r1' }).match(keep, unexpected)
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_300)
      },
      { policy: { charge: { maxAmount: 1_000, maxBalance: 1_000 } } },
    )

    scenario('a refunded hold cannot be paid again: HoldNotActive', async ({ box }) => {
      const sale = await paidSale(box, ['u1'])
      const paid = paymentAt(sale, 0)
      await box.payments
        .refund({ userId: 'u1', paymentId: paid.paymentId, idempotencyKey: 'r1' })
        .match(keep, unexpected)
      const token = await admitUser(box, sale.concertId, 'u1')
      const error = await box.payments
        .pay({ userId: 'u1', token, holdId: paid.holdId, idempotencyKey: 'p-new' })
        .match(unexpected, keep)
      expect(error).toMatchObject({ type: 'HoldNotActive', status: 'REFUNDED' })
    })
  })

  describe('payments.list and payments.get: a user finds what to refund', () => {
    scenario('list answers the user’s own payments, newest first, with their status', async ({ box, clock }) => {
      const sale = await paidSale(box, ['u1', 'u2'])
      const token = await admitUser(box, sale.concertId, 'u1')
      clock.advance(1_000)
      const hold = await box.holds
        .hold({ userId: 'u1', token, scheduleId: sale.scheduleId, seatNo: 3 })
        .match(keep, unexpected)
      const later = await box.payments
        .pay({ userId: 'u1', token, holdId: hold.holdId, idempotencyKey: 'p3' })
        .match(keep, unexpected)
      const first = paymentAt(sale, 0)
      await box.payments
        .refund({ userId: 'u1', paymentId: first.paymentId, idempotencyKey: 'r1' })
        .match(keep, unexpected)
      const mine = await box.payments.list({ userId: 'u1' }).match(keep, unexpected)
      expect(mine.map((p) => [p.paymentId, p.status])).toEqual([
        [later.paymentId, 'PAID'],
        [first.paymentId, 'REFUNDED'],
      ])
      expect(await box.payments.list({ userId: 'u1', limit: 1 }).match(keep, unexpected)).toHaveLength(1)
      expect(await box.payments.list({ userId: 'nobody' }).match(keep, unexpected)).toEqual([])
    })

    scenario('get hides another user’s payment: PaymentNotFound', async ({ box }) => {
      const sale = await paidSale(box, ['u1'])
      const paid = paymentAt(sale, 0)
      const shown = await box.payments.get({ userId: 'u1', paymentId: paid.paymentId }).match(keep, unexpected)
      expect(shown).toEqual({ ...paid, status: 'PAID', refundedAt: null })
      const hidden = await box.payments.get({ userId: 'u2', paymentId: paid.paymentId }).match(unexpected, keep)
      expect(hidden).toMatchObject({ type: 'PaymentNotFound', paymentId: paid.paymentId })
      const missing = await box.payments.get({ userId: 'u1', paymentId: 'nope' }).match(unexpected, keep)
      expect(missing.type).toBe('PaymentNotFound')
    })
  })
}
