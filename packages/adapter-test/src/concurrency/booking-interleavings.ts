import type { PolicyOverrides } from '@boxoffice/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failed, keep, outcomeType, succeeded, unexpected } from '../outcome.js'
import { withRig, type Rig, type Suite } from '../rig.js'
import { admitUsers, fund, holdSeat, openSale, seatStatuses } from '../sale-setup.js'
import { scheduledStores } from './scheduled-stores.js'

/**
 * A property whose facade calls run concurrently, their port calls in an order
 * chosen by `fc.scheduler()`. Set-up and checks use the ungated facade.
 */
function interleaved<T>(
  suite: Suite,
  input: fc.Arbitrary<T>,
  body: (scheduler: fc.Scheduler, value: T, rig: Rig) => Promise<void>,
  policy: PolicyOverrides = {},
): Promise<void> {
  return fc.assert(
    fc.asyncProperty(fc.scheduler(), input, (scheduler, value) =>
      withRig(suite.open, { policy }, (rig) => body(scheduler, value, rig)),
    ),
    { numRuns: suite.options.numRuns },
  )
}

const users = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `u${i + from}`)

/** Invariants 1, 2, 4, 5 and 9 with concurrent calls, their port calls in the orders fast-check picks. */
export function describeBookingInterleavings(suite: Suite): void {
  describe('invariants under scheduled interleavings', () => {
    it('invariant 1 under interleavings: concurrent holds of one seat, racing its release, leave at most one live claim', () =>
      interleaved(
        suite,
        fc.record({ holders: fc.integer({ min: 2, max: 4 }), released: fc.boolean() }),
        async (s, input, rig) => {
          const { box } = rig
          const { concertId, scheduleId } = await openSale(box, { seats: 1 })
          const tokens = await admitUsers(box, concertId, ['u0', ...users(input.holders)])
          const first = input.released
            ? await holdSeat(box, { userId: 'u0', token: tokens[0] ?? '', scheduleId, seatNo: 1 })
            : null
          const gated = rig.facadeOver(scheduledStores(s))
          const holds = users(input.holders).map((userId, i) =>
            gated.holds.hold({ userId, token: tokens[i + 1] ?? '', scheduleId, seatNo: 1 }).match(succeeded, failed),
          )
          const release =
            first === null ? [] : [gated.holds.release({ userId: 'u0', holdId: first }).match(succeeded, failed)]
          const [answers, released] = await s.waitFor(Promise.all([Promise.all(holds), Promise.all(release)]))
          const winners = answers.filter((a) => a.ok).length
          expect(released.map(outcomeType)).toEqual(first === null ? [] : ['ok'])
          expect(winners).toBeLessThanOrEqual(1)
          if (first === null) expect(winners).toBe(1)
          for (const answer of answers) expect(['ok', 'SeatUnavailable']).toContain(outcomeType(answer))
          expect(await seatStatuses(box, scheduleId)).toEqual([winners === 1 ? 'HELD' : 'AVAILABLE'])
        },
      ))

    it('invariant 2 under interleavings: concurrent pays of one hold with different keys sell it once', () =>
      interleaved(
        suite,
        fc.record({ pays: fc.integer({ min: 2, max: 4 }), rivals: fc.integer({ min: 0, max: 2 }) }),
        async (s, input, rig) => {
          const { box } = rig
          const { concertId, scheduleId } = await openSale(box, { seats: 1, price: 300 })
          const tokens = await admitUsers(box, concertId, ['u1', ...users(input.rivals, 2)])
          const token = tokens[0] ?? ''
          await fund(box, 'u1', 1_000)
          const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
          const gated = rig.facadeOver(scheduledStores(s))
          const pays = Array.from({ length: input.pays }, (_, i) =>
            gated.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: `k${i}` }).match(succeeded, failed),
          )
          const rivals = users(input.rivals, 2).map((userId, i) =>
            gated.holds.hold({ userId, token: tokens[i + 1] ?? '', scheduleId, seatNo: 1 }).match(succeeded, failed),
          )
          const [paid, held] = await s.waitFor(Promise.all([Promise.all(pays), Promise.all(rivals)]))
          expect(paid.filter((a) => a.ok)).toHaveLength(1)
          for (const answer of paid) expect(['ok', 'AlreadyPaid', 'TokenNotFound']).toContain(outcomeType(answer))
          for (const answer of held) expect(outcomeType(answer)).toBe('SeatUnavailable')
          expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(700)
          const debits = (await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).filter(
            (e) => e.kind === 'PAYMENT',
          )
          expect(debits).toHaveLength(1)
          expect(await seatStatuses(box, scheduleId)).toEqual(['SOLD'])
        },
      ))

    it('invariant 4 under interleavings: concurrent charges add exactly their sum', () =>
      interleaved(
        suite,
        fc.array(fc.record({ user: fc.nat(1), amount: fc.integer({ min: 1, max: 1_000 }), keyed: fc.boolean() }), {
          minLength: 2,
          maxLength: 6,
        }),
        async (s, charges, rig) => {
          const gated = rig.facadeOver(scheduledStores(s))
          const calls = charges.map((c, i) =>
            gated.wallet
              .charge(
                c.keyed
                  ? { userId: `u${c.user}`, amount: c.amount, idempotencyKey: `k${i}` }
                  : { userId: `u${c.user}`, amount: c.amount },
              )
              .match(succeeded, failed),
          )
          const answers = await s.waitFor(Promise.all(calls))
          expect(answers.map(outcomeType)).toEqual(charges.map(() => 'ok'))
          for (const userId of ['u0', 'u1']) {
            const mine = charges.filter((c) => `u${c.user}` === userId)
            const balance = await rig.box.wallet.balance({ userId }).match(keep, unexpected)
            expect(balance).toBe(mine.reduce((sum, c) => sum + c.amount, 0))
            expect(await rig.box.wallet.history({ userId }).match(keep, unexpected)).toHaveLength(mine.length)
          }
        },
      ))

    it('invariant 5 under interleavings: paying two holds with points for one makes one whole sale and changes nothing else', () =>
      interleaved(
        suite,
        fc.record({ spare: fc.integer({ min: 0, max: 299 }), releaseRace: fc.boolean() }),
        async (s, input, rig) => {
          const { box } = rig
          const { concertId, scheduleId } = await openSale(box, { seats: 2, price: 300 })
          const token = (await admitUsers(box, concertId, ['u1']))[0] ?? ''
          await fund(box, 'u1', 300 + input.spare)
          const holdIds = [
            await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 }),
            await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 2 }),
          ]
          const gated = rig.facadeOver(scheduledStores(s))
          const pays = holdIds.map((holdId, i) =>
            gated.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: `k${i}` }).match(succeeded, failed),
          )
          const release = input.releaseRace
            ? [gated.holds.release({ userId: 'u1', holdId: holdIds[1] ?? '' }).match(succeeded, failed)]
            : []
          const [paid] = await s.waitFor(Promise.all([Promise.all(pays), Promise.all(release)]))
          const sales = paid.flatMap((a) => (a.ok ? [a.value] : []))
          expect(sales).toHaveLength(1) // the points cover one seat, and one pay always gets through
          for (const answer of paid) {
            expect(['ok', 'InsufficientBalance', 'TokenNotFound', 'HoldNotActive']).toContain(outcomeType(answer))
          }
          expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(
            300 + input.spare - 300 * sales.length,
          )
          const debits = (await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).filter(
            (e) => e.kind === 'PAYMENT',
          )
          expect(debits.map((e) => e.paymentId)).toEqual(sales.map((p) => p.paymentId))
          const statuses = await seatStatuses(box, scheduleId)
          expect(statuses.filter((st) => st === 'SOLD')).toHaveLength(sales.length)
          for (const sale of sales) expect(statuses[sale.seatNo - 1]).toBe('SOLD')
        },
      ))

    it('invariant 9 under interleavings: concurrent retries with one key have exactly one effect', () =>
      interleaved(
        suite,
        fc.record({ charges: fc.integer({ min: 2, max: 4 }), pays: fc.integer({ min: 2, max: 4 }) }),
        async (s, input, rig) => {
          const { box } = rig
          const { concertId, scheduleId } = await openSale(box, { seats: 1, price: 300 })
          const token = (await admitUsers(box, concertId, ['u1']))[0] ?? ''
          await fund(box, 'u1', 1_000)
          const holdId = await holdSeat(box, { userId: 'u1', token, scheduleId, seatNo: 1 })
          const gated = rig.facadeOver(scheduledStores(s))
          const charges = Array.from({ length: input.charges }, () =>
            gated.wallet.charge({ userId: 'u1', amount: 50, idempotencyKey: 'charge-key' }).match(succeeded, failed),
          )
          const pays = Array.from({ length: input.pays }, () =>
            gated.payments.pay({ userId: 'u1', token, holdId, idempotencyKey: 'pay-key' }).match(succeeded, failed),
          )
          const [charged, paid] = await s.waitFor(Promise.all([Promise.all(charges), Promise.all(pays)]))
          const receipts = charged.map((a) => (a.ok ? a.value : unexpected(a.error)))
          const payments = paid.map((a) => (a.ok ? a.value : unexpected(a.error)))
          for (const receipt of receipts) expect(receipt).toEqual(receipts[0])
          for (const payment of payments) expect(payment).toEqual(payments[0])
          const history = await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)
          expect(history.filter((e) => e.idempotencyKey === 'charge-key')).toHaveLength(1)
          expect(history.filter((e) => e.idempotencyKey === 'pay-key')).toHaveLength(1)
          expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(1_000 + 50 - 300)
        },
      ))
  })
}
