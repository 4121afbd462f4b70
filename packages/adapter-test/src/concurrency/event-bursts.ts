import { describe, expect, it } from 'vitest'
import { chargeSubjects, expectEventsAgree } from '../invariants/event-agreement.js'
import { failed, keep, succeeded, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { admitCrowd, fund, openSale } from '../sale-setup.js'

/** Invariant 13 under a burst of concurrent calls: events and state agree one to one. */
export function describeEventBursts(suite: Suite): void {
  const users = Math.max(4, Math.min(60, Math.floor(suite.options.burst.holds / 10)))

  describe('invariant 13 under bursts of concurrent calls', () => {
    it(`invariant 13 under a burst: ${users} users holding, releasing, extending, charging and paying at once leave exactly one event per change that took effect`, () =>
      withRig(suite.open, { policy: { queue: { maxActive: users, admitPerTick: users } } }, async ({ box }) => {
        const seats = Math.floor(users / 2)
        const { concertId, scheduleId } = await openSale(box, { seats, price: 100 })
        const tokens = await admitCrowd(box, concertId, users)
        for (let i = 0; i < users; i++) await fund(box, `u${i}`, 150)
        // Two users race for each seat; refused holds must leave nothing behind.
        const holds = await Promise.all(
          tokens.map((token, i) =>
            box.holds.hold({ userId: `u${i}`, token, scheduleId, seatNo: (i % seats) + 1 }).match(succeeded, failed),
          ),
        )
        const held = holds.flatMap((answer, i) => (answer.ok ? [{ i, holdId: answer.value.holdId }] : []))
        expect(held.length).toBe(seats)
        // Every holder at once: odd ones release, even ones extend twice and pay twice with one
        // key; everyone charges twice with one key and once without.
        const calls = held.map(({ i, holdId }) => {
          const userId = `u${i}`
          const token = tokens[i] ?? ''
          if (i % 2 === 1) return Promise.all([box.holds.release({ userId, holdId }).match(succeeded, failed)])
          return Promise.all([
            box.holds.extend({ userId, holdId }).match(succeeded, failed),
            box.holds.extend({ userId, holdId }).match(succeeded, failed),
            box.payments.pay({ userId, token, holdId, idempotencyKey: 'p' }).match(succeeded, failed),
            box.payments.pay({ userId, token, holdId, idempotencyKey: 'p' }).match(succeeded, failed),
          ])
        })
        const charges = Array.from({ length: users }, (_, i) => [
          box.wallet.charge({ userId: `u${i}`, amount: 5, idempotencyKey: 'c' }).match(succeeded, failed),
          box.wallet.charge({ userId: `u${i}`, amount: 5, idempotencyKey: 'c' }).match(succeeded, failed),
          box.wallet.charge({ userId: `u${i}`, amount: 7 }).match(succeeded, failed),
        ]).flat()
        const [answers] = await Promise.all([Promise.all(calls), Promise.all(charges)])

        // What the answers and the state say took effect.
        const expected: string[] = []
        for (const [n, { i, holdId }] of held.entries()) {
          expected.push(`HoldPlaced:${holdId}`)
          const [first, second] = answers[n] ?? []
          if (i % 2 === 1) {
            if (first?.ok === true) expected.push(`HoldReleased:${holdId}`)
            continue
          }
          const extends_ = [first, second].filter((answer) => answer?.ok === true)
          expect(extends_.length, `${holdId} is extended at most once`).toBeLessThanOrEqual(1)
          if (extends_.length === 1) expected.push(`HoldExtended:${holdId}`)
          const sold = (await box.wallet.history({ userId: `u${i}` }).match(keep, unexpected)).some(
            (entry) => entry.kind === 'PAYMENT',
          )
          if (sold) expected.push(`PaymentSettled:${holdId}`)
        }
        for (let i = 0; i < users; i++) expected.push(...(await chargeSubjects(box, `u${i}`)))
        await expectEventsAgree(box, expected, 'mixed burst')
      }))
  })
}
