import { describe, expect, it } from 'vitest'
import { failed, keep, outcomeType, succeeded, unexpected } from '../outcome.js'
import { paidSale, paymentAt } from '../refund-setup.js'
import { withRig, type Suite } from '../rig.js'
import { admitCrowd, fund, inBatches, openSale, seatStatuses } from '../sale-setup.js'

/** Paid seats of the cancellation burst: one payment each, by as many users. */
const CANCEL_SEATS = 2_000

/** Refunds and cancellation under bursts of concurrent calls (invariants 1, 2 and 11). */
export function describeRefundBursts(suite: Suite): void {
  const { pays } = suite.options.burst

  describe('refunds and cancellation under bursts of concurrent calls', () => {
    it(`${pays} concurrent refunds of one payment with different keys make exactly one refund`, () =>
      withRig(suite.open, {}, async ({ box }) => {
        const sale = await paidSale(box, ['u1'])
        const { paymentId } = paymentAt(sale, 0)
        const answers = await Promise.all(
          Array.from({ length: pays }, (_, i) =>
            box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: `r${i}` }).match(succeeded, failed),
          ),
        )
        expect(answers.filter((a) => a.ok)).toHaveLength(1)
        for (const answer of answers) expect(['ok', 'AlreadyRefunded']).toContain(outcomeType(answer))
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000)
        const history = await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)
        expect(history.filter((e) => e.kind === 'REFUND')).toHaveLength(1)
      }))

    it(`${pays} concurrent refunds of one payment with one key make one refund and all answer it`, () =>
      withRig(suite.open, {}, async ({ box }) => {
        const sale = await paidSale(box, ['u1'])
        const { paymentId } = paymentAt(sale, 0)
        const answers = await Promise.all(
          Array.from({ length: pays }, () =>
            box.payments.refund({ userId: 'u1', paymentId, idempotencyKey: 'r' }).match(keep, unexpected),
          ),
        )
        expect(new Set(answers.map((a) => a.refundId)).size).toBe(1)
        const history = await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)
        expect(history.filter((e) => e.kind === 'REFUND')).toHaveLength(1)
      }))

    it('a refund racing new holds of its seat never leaves two live claims on it', () =>
      withRig(
        suite.open,
        { policy: { queue: { maxActive: 60, admitPerTick: 60 }, hold: { maxSeatsPerUser: 10 } } },
        async ({ box }) => {
          for (let round = 0; round < 5; round++) {
            const buyer = `buyer${round}`
            const sale = await paidSale(box, [buyer], { seats: 1 })
            const { paymentId } = paymentAt(sale, 0)
            const tokens = await admitCrowd(box, sale.concertId, 20)
            const [refund, ...holds] = await Promise.all([
              box.payments.refund({ userId: buyer, paymentId, idempotencyKey: 'r' }).match(succeeded, failed),
              ...tokens.map((token, i) =>
                box.holds
                  .hold({ userId: `u${i}`, token, scheduleId: sale.scheduleId, seatNo: 1 })
                  .match(succeeded, failed),
              ),
            ])
            expect(refund?.ok).toBe(true)
            const won = holds.filter((h) => h.ok)
            expect(won.length).toBeLessThanOrEqual(1)
            for (const lost of holds.filter((h) => !h.ok)) expect(outcomeType(lost)).toBe('SeatUnavailable')
            expect(await seatStatuses(box, sale.scheduleId)).toEqual([won.length === 1 ? 'HELD' : 'AVAILABLE'])
          }
        },
      ))

    it(`cancelSchedule from 3 concurrent callers over ${CANCEL_SEATS.toLocaleString('en')} paid seats refunds each exactly once`, () =>
      withRig(
        suite.open,
        { policy: { queue: { maxActive: CANCEL_SEATS, admitPerTick: CANCEL_SEATS } } },
        async ({ box }) => {
          const { concertId, scheduleId } = await openSale(box, { seats: CANCEL_SEATS, price: 10 })
          const tokens = await admitCrowd(box, concertId, CANCEL_SEATS)
          await inBatches(CANCEL_SEATS, 50, async (i) => {
            const userId = `u${i}`
            const token = tokens[i] ?? ''
            await fund(box, userId, 10)
            const hold = await box.holds.hold({ userId, token, scheduleId, seatNo: i + 1 }).match(keep, unexpected)
            await box.payments.pay({ userId, token, holdId: hold.holdId, idempotencyKey: 'p' }).match(keep, unexpected)
          })
          let refunded = 0
          const caller = async (): Promise<void> => {
            for (;;) {
              const step = await box.catalog.cancelSchedule({ scheduleId, limit: 150 }).match(keep, unexpected)
              refunded += step.refunded
              if (step.remaining === 0) return
            }
          }
          await Promise.all([caller(), caller(), caller()])
          expect(refunded).toBe(CANCEL_SEATS)
          const balances = await inBatches(CANCEL_SEATS, 100, (i) =>
            box.wallet.balance({ userId: `u${i}` }).match(keep, unexpected),
          )
          expect(balances.filter((b) => b !== 10)).toEqual([])
          const statuses = await seatStatuses(box, scheduleId)
          expect(statuses.filter((s) => s !== 'AVAILABLE')).toEqual([])
          const sample = await box.wallet.history({ userId: 'u0' }).match(keep, unexpected)
          expect(sample.filter((e) => e.kind === 'REFUND')).toHaveLength(1)
        },
      ))
  })
}
