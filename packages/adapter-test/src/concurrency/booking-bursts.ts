import { describe, expect, it } from 'vitest'
import { failed, keep, outcomeType, succeeded, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { admitCrowd, fund, holdSeat, inBatches, openSale, seatStatuses } from '../sale-setup.js'

const crowdPolicy = (n: number): { queue: { maxActive: number; admitPerTick: number } } => ({
  queue: { maxActive: n, admitPerTick: n },
})

/** Invariants 1, 2, 4, 5 and 9 under real bursts of concurrent calls (`Promise.all`). */
export function describeBookingBursts(suite: Suite): void {
  const { holds, pays, charges } = suite.options.burst

  describe('invariants under bursts of concurrent calls', () => {
    it(`invariant 1 under a burst: ${holds} users holding one seat at once, exactly one wins and the rest get SeatUnavailable`, () =>
      withRig(suite.open, { policy: crowdPolicy(holds) }, async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 1 })
        const tokens = await admitCrowd(box, concertId, holds)
        const answers = await Promise.all(
          tokens.map((token, i) =>
            box.holds.hold({ userId: `u${i}`, token, scheduleId, seatNo: 1 }).match(succeeded, failed),
          ),
        )
        expect(answers.filter((a) => a.ok)).toHaveLength(1)
        expect(answers.filter((a) => outcomeType(a) === 'SeatUnavailable')).toHaveLength(holds - 1)
        expect(await seatStatuses(box, scheduleId)).toEqual(['HELD'])
      }))

    it(`invariant 2 under a burst: ${pays} concurrent pays of one hold with different keys make one sale and one debit`, () =>
      withRig(suite.open, {}, async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 1, price: 300 })
        const [token = ''] = await admitCrowd(box, concertId, 1)
        await fund(box, 'u0', 1_000)
        const holdId = await holdSeat(box, { userId: 'u0', token, scheduleId, seatNo: 1 })
        const answers = await Promise.all(
          Array.from({ length: pays }, (_, i) =>
            box.payments.pay({ userId: 'u0', token, holdId, idempotencyKey: `k${i}` }).match(succeeded, failed),
          ),
        )
        expect(answers.filter((a) => a.ok)).toHaveLength(1)
        for (const answer of answers) expect(['ok', 'AlreadyPaid', 'TokenNotFound']).toContain(outcomeType(answer))
        expect(await box.wallet.balance({ userId: 'u0' }).match(keep, unexpected)).toBe(700)
        const history = await box.wallet.history({ userId: 'u0' }).match(keep, unexpected)
        expect(history.filter((e) => e.kind === 'PAYMENT')).toHaveLength(1)
        expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD'])
      }))

    it(`invariant 4 under a burst: ${charges} concurrent charges of 1,000 add exactly ${charges} x 1,000`, () =>
      withRig(suite.open, {}, async ({ box }) => {
        const answers = await Promise.all(
          Array.from({ length: charges }, () =>
            box.wallet.charge({ userId: 'u1', amount: 1_000 }).match(succeeded, failed),
          ),
        )
        expect(answers.filter((a) => !a.ok)).toEqual([])
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(charges * 1_000)
        const history = await box.wallet.history({ userId: 'u1', limit: 1_000 }).match(keep, unexpected)
        expect(history).toHaveLength(Math.min(charges, 1_000))
        expect(new Set(history.map((e) => e.balanceAfter)).size).toBe(history.length)
      }))

    it('invariant 5 under a burst: users paying two holds at once with points for one each make exactly one whole sale each', () => {
      const buyers = Math.max(2, Math.floor(pays / 4))
      return withRig(suite.open, { policy: crowdPolicy(buyers) }, async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 2 * buyers, price: 300 })
        const tokens = await admitCrowd(box, concertId, buyers)
        const holdIds = await inBatches(buyers, 50, async (i) => {
          await fund(box, `u${i}`, 300)
          const token = tokens[i] ?? ''
          return [
            await holdSeat(box, { userId: `u${i}`, token, scheduleId, seatNo: 2 * i + 1 }),
            await holdSeat(box, { userId: `u${i}`, token, scheduleId, seatNo: 2 * i + 2 }),
          ]
        })
        const answers = await Promise.all(
          holdIds.flatMap((ids, i) =>
            ids.map((holdId, j) =>
              box.payments
                .pay({ userId: `u${i}`, token: tokens[i] ?? '', holdId, idempotencyKey: `k${j}` })
                .match(succeeded, failed),
            ),
          ),
        )
        const statuses = await seatStatuses(box, scheduleId)
        for (let i = 0; i < buyers; i++) {
          const mine = answers.slice(2 * i, 2 * i + 2)
          const sales = mine.flatMap((a) => (a.ok ? [a.value] : []))
          expect(sales, `u${i} made one sale`).toHaveLength(1)
          for (const answer of mine)
            expect(['ok', 'InsufficientBalance', 'TokenNotFound']).toContain(outcomeType(answer))
          expect(await box.wallet.balance({ userId: `u${i}` }).match(keep, unexpected)).toBe(0)
          const debits = (await box.wallet.history({ userId: `u${i}` }).match(keep, unexpected)).filter(
            (e) => e.kind === 'PAYMENT',
          )
          expect(debits.map((e) => e.paymentId)).toEqual(sales.map((p) => p.paymentId))
          expect(statuses.slice(2 * i, 2 * i + 2).filter((s) => s === 'SOLD')).toHaveLength(1)
          expect(statuses[(sales[0]?.seatNo ?? 0) - 1]).toBe('SOLD')
        }
      })
    })

    it(`invariant 9 under a burst: ${pays} concurrent pays with one key make one debit and one payment, and every answer carries it`, () =>
      withRig(suite.open, {}, async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: 1, price: 300 })
        const [token = ''] = await admitCrowd(box, concertId, 1)
        await fund(box, 'u0', 1_000)
        const holdId = await holdSeat(box, { userId: 'u0', token, scheduleId, seatNo: 1 })
        const answers = await Promise.all(
          Array.from({ length: pays }, () =>
            box.payments.pay({ userId: 'u0', token, holdId, idempotencyKey: 'one-key' }).match(succeeded, failed),
          ),
        )
        // A store may give up on a contended transaction (StoreConflict, retryable); nothing else may fail.
        expect(answers.filter((a) => !a.ok && a.error.type !== 'StoreConflict')).toEqual([])
        const paymentIds = answers.flatMap((a) => (a.ok ? [a.value.paymentId] : []))
        expect(new Set(paymentIds).size).toBe(1)
        expect(await box.wallet.balance({ userId: 'u0' }).match(keep, unexpected)).toBe(700)
        const history = await box.wallet.history({ userId: 'u0' }).match(keep, unexpected)
        expect(history.filter((e) => e.kind === 'PAYMENT')).toHaveLength(1)
        expect(history.find((e) => e.kind === 'PAYMENT')?.paymentId).toBe(paymentIds[0])
      }))

    it(`invariant 9 under a burst: ${charges} concurrent charges with one key add once and answer one receipt`, () =>
      withRig(suite.open, {}, async ({ box }) => {
        const answers = await Promise.all(
          Array.from({ length: charges }, () =>
            box.wallet.charge({ userId: 'u1', amount: 500, idempotencyKey: 'one-key' }).match(succeeded, failed),
          ),
        )
        expect(answers.filter((a) => !a.ok && a.error.type !== 'StoreConflict')).toEqual([])
        const receipts = answers.flatMap((a) => (a.ok ? [a.value] : []))
        expect(receipts.length).toBeGreaterThan(0)
        for (const receipt of receipts) expect(receipt).toEqual(receipts[0])
        expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(500)
        expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toHaveLength(1)
      }))
  })
}
