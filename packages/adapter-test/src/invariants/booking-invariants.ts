import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { fund } from '../sale-setup.js'
import {
  BookingWalk,
  bookingOps,
  WALK_POLICY,
  WALK_SEATS,
  WALK_USERS,
  type BookingOp,
  type WalkEvent,
} from './booking-walk.js'

type WalkCheck = (walk: BookingWalk, op: BookingOp, event: WalkEvent) => Promise<void>

/** A property over random booking walks: `check` runs after every step. */
function walkProperty(suite: Suite, makeCheck: () => WalkCheck): Promise<void> {
  return fc.assert(
    fc.asyncProperty(bookingOps, (ops) =>
      withRig(suite.open, { policy: WALK_POLICY }, async ({ box, clock }) => {
        const walk = await BookingWalk.open(box, clock)
        for (const userId of WALK_USERS) await fund(box, userId, 400)
        const check = makeCheck()
        for (const op of ops) await check(walk, op, await walk.step(op))
      }),
    ),
    { numRuns: suite.options.numRuns },
  )
}

const seatNumbers = Array.from({ length: WALK_SEATS }, (_, i) => i + 1)

/** The seat statuses the walk's observations imply. */
function derivedStatuses(walk: BookingWalk): string[] {
  return seatNumbers.map((seatNo) => {
    const claims = walk.liveClaims(seatNo)
    if (claims.some((h) => h.status === 'CONFIRMED')) return 'SOLD'
    return claims.length > 0 ? 'HELD' : 'AVAILABLE'
  })
}

/** Invariants 1-5 and 9 of docs/concepts.md, over random sequences of calls. */
export function describeBookingInvariants(suite: Suite): void {
  describe('invariants over random sequences of booking calls', () => {
    it('invariant 1: a seat never has two live claims', () =>
      walkProperty(suite, () => async (walk) => {
        for (const seatNo of seatNumbers) expect(walk.liveClaims(seatNo).length).toBeLessThanOrEqual(1)
        expect(await walk.seatStatuses()).toEqual(derivedStatuses(walk))
      }))

    it('invariant 2: a seat is sold at most once and a hold is paid at most once', () =>
      walkProperty(suite, () => async (walk) => {
        for (const seen of walk.holds) expect(seen.paymentIds.length).toBeLessThanOrEqual(1)
        for (const seatNo of seatNumbers) {
          expect(
            walk.holds.filter((h) => h.hold.seatNo === seatNo && h.status === 'CONFIRMED').length,
          ).toBeLessThanOrEqual(1)
        }
        let debits = 0
        for (const userId of WALK_USERS)
          debits += (await walk.ledger(userId)).filter((e) => e.kind === 'PAYMENT').length
        expect(debits).toBe(walk.holds.reduce((sum, h) => sum + h.paymentIds.length, 0))
        expect((await walk.seatStatuses()).filter((s) => s === 'SOLD').length).toBe(
          walk.holds.filter((h) => h.status === 'CONFIRMED').length,
        )
      }))

    it("invariant 3: a balance never goes negative and always equals the sum of the user's ledger", () =>
      walkProperty(suite, () => async (walk) => {
        for (const userId of WALK_USERS) {
          const balance = await walk.balance(userId)
          const ledger = await walk.ledger(userId)
          expect(balance).toBeGreaterThanOrEqual(0)
          expect(ledger.reduce((sum, e) => sum + e.amount, 0)).toBe(balance)
          expect(ledger[0]?.balanceAfter ?? 0).toBe(balance)
          for (const [i, entry] of ledger.entries()) {
            expect(entry.balanceAfter - entry.amount).toBe(ledger[i + 1]?.balanceAfter ?? 0)
            expect(entry.balanceAfter).toBeGreaterThanOrEqual(0)
          }
        }
      }))

    it('invariant 4: no lost update: concurrent charges of a user add exactly their sum', () =>
      fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 2, maxLength: 30 }), (amounts) =>
          withRig(suite.open, {}, async ({ box }) => {
            const receipts = await Promise.all(
              amounts.map((amount) => box.wallet.charge({ userId: 'u1', amount }).match(keep, unexpected)),
            )
            const total = amounts.reduce((sum, a) => sum + a, 0)
            expect(await box.wallet.balance({ userId: 'u1' }).match(keep, unexpected)).toBe(total)
            expect(await box.wallet.history({ userId: 'u1' }).match(keep, unexpected)).toHaveLength(amounts.length)
            expect(Math.max(...receipts.map((r) => r.balance))).toBe(total)
          }),
        ),
        { numRuns: suite.options.numRuns },
      ))

    it('invariant 5: a payment is all or nothing: debit, PAYMENT entry, CONFIRMED hold and payment together, or none', () =>
      walkProperty(suite, () => {
        let before: unknown
        return async (walk, _op, event) => {
          const snapshot = async (): Promise<unknown> => ({
            seats: await walk.seatStatuses(),
            ledgers: await Promise.all(WALK_USERS.map((u) => walk.ledger(u))),
          })
          if (event.op === 'pay' && typeof event.answer === 'string' && before !== undefined) {
            expect(await snapshot(), `a refused pay (${event.answer}) changed something`).toEqual(before)
          }
          for (const userId of WALK_USERS) {
            const debits = (await walk.ledger(userId)).filter((e) => e.kind === 'PAYMENT')
            const paid = walk.holds.filter((h) => h.hold.userId === userId && h.status === 'CONFIRMED')
            expect(debits.map((e) => e.paymentId).sort()).toEqual(paid.flatMap((h) => h.paymentIds).sort())
            for (const debit of debits)
              expect(debit.amount).toBe(
                -(paid.find((h) => h.paymentIds.includes(debit.paymentId ?? ''))?.hold.price ?? 0),
              )
          }
          expect(await walk.seatStatuses()).toEqual(derivedStatuses(walk))
          before = await snapshot() // what a refused pay in the next step must leave untouched
        }
      }))

    it('invariant 9: a retried call with the same idempotency key has exactly one effect', () =>
      walkProperty(suite, () => {
        const firstAnswers = new Map<string, unknown>()
        return async (walk, _op, event) => {
          if (event.op !== 'other' && typeof event.answer !== 'string' && event.key !== null) {
            const id = JSON.stringify([event.userId, event.key])
            const first = firstAnswers.get(id)
            if (first === undefined) firstAnswers.set(id, event.answer)
            else expect(event.answer, 'a replay must answer what the first call answered').toEqual(first)
          }
          for (const userId of WALK_USERS) {
            const keyed = (await walk.ledger(userId)).flatMap((e) =>
              e.idempotencyKey === null ? [] : [e.idempotencyKey],
            )
            expect(keyed.length, `one ledger entry per key of ${userId}`).toBe(new Set(keyed).size)
          }
        }
      }))
  })
}
