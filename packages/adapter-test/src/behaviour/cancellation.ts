import { createScheduler } from '@boxoffice/core'
import { describe, expect } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { paidSale, paymentAt } from '../refund-setup.js'
import { scenarioFor, type Suite } from '../rig.js'
import { admitUser, admitUsers, fund, holdSeat, seatStatuses } from '../sale-setup.js'

/** The organiser cancels a date (SPEC 8.2): CANCELLED, holds released, every payment refunded in batches. */
export function describeCancellation(suite: Suite): void {
  const scenario = scenarioFor(suite)

  describe('cancelSchedule: a date is called off', () => {
    scenario('the schedule reads CANCELLED, live holds are released and every payment is refunded', async ({ box }) => {
      const sale = await paidSale(box, ['u1', 'u2'])
      const token = await admitUser(box, sale.concertId, 'u3')
      await holdSeat(box, { userId: 'u3', token, scheduleId: sale.scheduleId, seatNo: 3 })
      const report = await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId }).match(keep, unexpected)
      expect(report).toEqual({ scheduleId: sale.scheduleId, released: 1, refunded: 2, remaining: 0 })
      const dates = await box.catalog.listDates({ concertId: sale.concertId }).match(keep, unexpected)
      expect(dates.map((d) => [d.status, d.availableSeats])).toEqual([['CANCELLED', 3]])
      const map = await box.catalog.listSeats({ scheduleId: sale.scheduleId }).match(keep, unexpected)
      expect(map.schedule.status).toBe('CANCELLED')
      expect(await seatStatuses(box, sale.scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
      for (const userId of ['u1', 'u2']) {
        expect(await box.wallet.balance({ userId }).match(keep, unexpected)).toBe(1_000)
        const [entry] = await box.wallet.history({ userId, limit: 1 }).match(keep, unexpected)
        expect(entry).toMatchObject({ kind: 'REFUND', amount: 300, idempotencyKey: null })
        const [payment] = await box.payments.list({ userId }).match(keep, unexpected)
        expect(payment?.status).toBe('REFUNDED')
      }
    })

    scenario(
      'after cancelling, new holds answer ScheduleCancelled (one seat, several, best available)',
      async ({ box }) => {
        const sale = await paidSale(box, [])
        const token = await admitUser(box, sale.concertId, 'u1')
        await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId }).match(keep, unexpected)
        const one = await box.holds
          .hold({ userId: 'u1', token, scheduleId: sale.scheduleId, seatNo: 1 })
          .match(unexpected, keep)
        expect(one).toMatchObject({ type: 'ScheduleCancelled', scheduleId: sale.scheduleId })
        const several = await box.holds
          .hold({ userId: 'u1', token, scheduleId: sale.scheduleId, seatNos: [2, 3] })
          .match(unexpected, keep)
        expect(several.type).toBe('ScheduleCancelled')
        const best = await box.holds
          .holdBest({ userId: 'u1', token, scheduleId: sale.scheduleId, count: 2 })
          .match(unexpected, keep)
        expect(best.type).toBe('ScheduleCancelled')
        expect(await seatStatuses(box, sale.scheduleId)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE'])
      },
    )

    scenario('a released hold of a cancelled date cannot be paid', async ({ box }) => {
      const sale = await paidSale(box, [])
      const token = await admitUser(box, sale.concertId, 'u1')
      await fund(box, 'u1', 300)
      const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId: sale.scheduleId, seatNo: 1 })
      await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId }).match(keep, unexpected)
      const error = await box.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'p' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'HoldNotActive', status: 'RELEASED' })
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(300)
    })

    scenario('at most `limit` payments are refunded per call; repeating finishes the work', async ({ box }) => {
      const sale = await paidSale(box, ['u1', 'u2', 'u3'])
      const steps = []
      for (let i = 0; i < 4; i++) {
        steps.push(await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId, limit: 2 }).match(keep, unexpected))
      }
      expect(steps.map((s) => [s.refunded, s.remaining])).toEqual([
        [2, 1],
        [1, 0],
        [0, 0],
        [0, 0],
      ])
      for (const userId of ['u1', 'u2', 'u3']) {
        const refunds = (await box.wallet.history({ userId }).match(keep, unexpected)).filter(
          (e) => e.kind === 'REFUND',
        )
        expect(refunds).toHaveLength(1)
      }
    })

    scenario('a payment refunded by its payer is not refunded again by the cancellation', async ({ box }) => {
      const sale = await paidSale(box, ['u1', 'u2'])
      const { paymentId } = paymentAt(sale, 0)
      await box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r1' }).match(keep, unexpected)
      const report = await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId }).match(keep, unexpected)
      expect(report).toMatchObject({ refunded: 1, remaining: 0 })
      expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000)
      const again = await box.payments
        .refund({ userId: 'u2', paymentId: paymentAt(sale, 1).paymentId, idempotencyKey: 'r2' })
        .match(unexpected, keep)
      expect(again.type).toBe('AlreadyRefunded')
    })

    scenario('a cancellation refunds even inside the refund window', async ({ box, clock }) => {
      const sale = await paidSale(box, ['u1'], { startsAt: '2030-01-01T12:00:00Z' })
      clock.set(new Date('2030-01-01T11:00:00Z'))
      const report = await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId }).match(keep, unexpected)
      expect(report.refunded).toBe(1)
    })

    scenario('an unknown schedule is ScheduleNotFound', async ({ box }) => {
      const error = await box.catalog.cancelSchedule({ scheduleId: 'schedule-none' }).match(unexpected, keep)
      expect(error).toMatchObject({ type: 'ScheduleNotFound', scheduleId: 'schedule-none' })
    })

    scenario(
      'the scheduler finishes a started cancellation in batches of refund.cancelBatch',
      async ({ box }) => {
        const sale = await paidSale(box, ['u1', 'u2', 'u3'])
        const first = await box.catalog
          .cancelSchedule({ scheduleId: sale.scheduleId, limit: 1 })
          .match(keep, unexpected)
        expect(first.remaining).toBe(2)
        expect(await box.catalog.pendingCancellations().match(keep, unexpected)).toEqual([sale.scheduleId])
        const scheduler = createScheduler(box, { intervalMs: 1_000 })
        const ticks = [await scheduler.tick(), await scheduler.tick(), await scheduler.tick()]
        expect(ticks.map((t) => t.cancelRefunds)).toEqual([1, 1, 0])
        expect(await box.catalog.pendingCancellations().match(keep, unexpected)).toEqual([])
        const users = await Promise.all(
          ['u1', 'u2', 'u3'].map((userId) => box.wallet.balance({ userId }).match(keep, unexpected)),
        )
        expect(users).toEqual([1_000, 1_000, 1_000])
      },
      { policy: { refund: { cancelBatch: 1 } } },
    )

    scenario('other dates of the concert are untouched', async ({ box }) => {
      const sale = await paidSale(box, ['u1'])
      const other = await box.catalog
        .addSchedule({ concertId: sale.concertId, startsAt: '2030-07-01T19:00:00Z', seats: 2, price: 100 })
        .match(keep, unexpected)
      await box.catalog.cancelSchedule({ scheduleId: sale.scheduleId }).match(keep, unexpected)
      const [token] = await admitUsers(box, sale.concertId, ['u2'])
      await holdSeat(box, { userId: 'u2', token: token ?? '', scheduleId: other.scheduleId, seatNo: 1 })
      const dates = await box.catalog.listDates({ concertId: sale.concertId }).match(keep, unexpected)
      expect(dates.map((d) => d.status)).toEqual(['CANCELLED', 'SCHEDULED'])
    })
  })
}
