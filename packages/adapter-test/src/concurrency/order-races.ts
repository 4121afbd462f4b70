import type { BoxOffice, Hold } from '@boxoffice/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failed, keep, outcomeType, succeeded, unexpected, type Outcome } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { admitCrowd, admitUsers, fund, openSale } from '../sale-setup.js'
import { scheduledStores } from './scheduled-stores.js'

const BEST_BURST = 500
const BEST_SEATS = 1_000
const OVERLAP_BURST = 200

const crowdPolicy = (n: number) => ({ queue: { maxActive: n, admitPerTick: n } })

/** The seat numbers each status has in the schedule's seat map. */
async function seatsBy(box: BoxOffice, scheduleId: string): Promise<Record<'AVAILABLE' | 'HELD' | 'SOLD', number[]>> {
  const { seats } = await box.catalog.listSeats({ scheduleId }).match(keep, unexpected)
  const by: Record<'AVAILABLE' | 'HELD' | 'SOLD', number[]> = { AVAILABLE: [], HELD: [], SOLD: [] }
  for (const seat of seats) by[seat.status].push(seat.seatNo)
  return by
}

/** The longest run of consecutive free seat numbers (one unlabelled row). */
function longestRun(free: readonly number[]): number {
  let longest = 0
  let run = 0
  free.forEach((seatNo, i) => {
    run = i > 0 && free[i - 1] === seatNo - 1 ? run + 1 : 1
    longest = Math.max(longest, run)
  })
  return longest
}

/**
 * Invariant 10 (a hold is all or nothing: every seat of a hold is claimed by it,
 * or none is) as a property, under scheduled interleavings and under bursts.
 */
export function describeOrderRaces(suite: Suite): void {
  describe('invariant 10: a hold is all or nothing', () => {
    it('invariant 10: after any sequence of multi-seat holds, best-available holds, releases, payments and clock moves, the claimed seats are exactly the seats of the live holds', () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.record({
                kind: fc.constant('hold' as const),
                user: fc.nat(2),
                seatNos: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
              }),
              fc.record({
                kind: fc.constant('best' as const),
                user: fc.nat(2),
                count: fc.integer({ min: 1, max: 3 }),
                allowSplit: fc.boolean(),
              }),
              fc.record({ kind: fc.constant('release' as const), pick: fc.nat(5) }),
              fc.record({ kind: fc.constant('pay' as const), pick: fc.nat(5) }),
              fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(30_000, 200_000) }),
            ),
            { maxLength: 25 },
          ),
          (steps) =>
            withRig(suite.open, { policy: { hold: { maxSeatsPerUser: 6 } } }, async ({ box, clock }) => {
              const { concertId, scheduleId } = await openSale(box, { seats: 6, price: 10 })
              const users = ['u0', 'u1', 'u2']
              const tokens = await admitUsers(box, concertId, users)
              for (const userId of users) await fund(box, userId, 1_000)
              const holds: Hold[] = []
              const track = (hold: Hold): void => {
                const at = holds.findIndex((h) => h.holdId === hold.holdId)
                if (at >= 0) holds[at] = hold
                else holds.push(hold)
              }
              for (const step of steps) {
                const userId = users[step.kind === 'hold' || step.kind === 'best' ? step.user : 0] ?? 'u0'
                const token = tokens[users.indexOf(userId)] ?? ''
                const picked = step.kind === 'release' || step.kind === 'pay' ? holds.at(-1 - step.pick) : undefined
                if (step.kind === 'hold') {
                  await box.holds
                    .hold({ userId, token, scheduleId, seatNos: step.seatNos })
                    .match(track, () => undefined)
                } else if (step.kind === 'best') {
                  const input = { userId, token, scheduleId, count: step.count, allowSplit: step.allowSplit }
                  await box.holds.holdBest(input).match(track, () => undefined)
                } else if (step.kind === 'release' && picked !== undefined) {
                  await box.holds
                    .release({ userId: picked.userId, holdId: picked.holdId })
                    .match(track, () => undefined)
                } else if (step.kind === 'pay' && picked !== undefined) {
                  const owner = users.indexOf(picked.userId)
                  const input = { userId: picked.userId, token: tokens[owner] ?? '', holdId: picked.holdId }
                  await box.payments.pay({ ...input, idempotencyKey: `k-${picked.holdId}` }).match(
                    () => track({ ...picked, status: 'CONFIRMED' }),
                    () => undefined,
                  )
                } else if (step.kind === 'advance') {
                  clock.advance(step.ms)
                }
                const now = clock.now().getTime()
                const live = holds.filter(
                  (h) => h.status === 'CONFIRMED' || (h.status === 'HELD' && h.expiresAt.getTime() > now),
                )
                const claimed = live.flatMap((h) => h.seatNos).sort((a, b) => a - b)
                const seats = await seatsBy(box, scheduleId)
                expect(new Set(claimed).size).toBe(claimed.length)
                expect([...seats.HELD, ...seats.SOLD].sort((a, b) => a - b)).toEqual(claimed)
                expect(seats.SOLD).toEqual(
                  live
                    .filter((h) => h.status === 'CONFIRMED')
                    .flatMap((h) => h.seatNos)
                    .sort((a, b) => a - b),
                )
              }
            }),
        ),
        { numRuns: suite.options.numRuns },
      ))

    it('invariant 10 under interleavings: concurrent multi-seat and best-available holds never share a seat, and each takes all its seats or none', () =>
      fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.array(
            fc.oneof(
              fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
              fc.integer({ min: 1, max: 3 }),
            ),
            { minLength: 2, maxLength: 4 },
          ),
          (s, asks) =>
            withRig(suite.open, {}, async (rig) => {
              const { box } = rig
              const { concertId, scheduleId } = await openSale(box, { seats: 5 })
              const users = asks.map((_, i) => `u${i}`)
              const tokens = await admitUsers(box, concertId, users)
              const gated = rig.facadeOver(scheduledStores(s))
              const calls = asks.map((ask, i) => {
                const base = { userId: users[i] ?? '', token: tokens[i] ?? '', scheduleId }
                return typeof ask === 'number'
                  ? gated.holds.holdBest({ ...base, count: ask }).match(succeeded, failed)
                  : gated.holds.hold({ ...base, seatNos: ask }).match(succeeded, failed)
              })
              const answers: Outcome<Hold, { type: string }>[] = await s.waitFor(Promise.all(calls))
              const won = answers.flatMap((a) => (a.ok ? [a.value] : []))
              for (const answer of answers) {
                expect(['ok', 'SeatUnavailable', 'NoAdjacentSeats', 'NotEnoughSeats']).toContain(outcomeType(answer))
              }
              asks.forEach((ask, i) => {
                const answer = answers[i]
                if (answer?.ok === true && typeof ask !== 'number')
                  expect(answer.value.seatNos).toEqual([...ask].sort())
                if (answer?.ok === true && typeof ask === 'number') expect(answer.value.seatNos).toHaveLength(ask)
              })
              const claimed = won.flatMap((h) => h.seatNos).sort((a, b) => a - b)
              expect(new Set(claimed).size).toBe(claimed.length)
              expect((await seatsBy(box, scheduleId)).HELD).toEqual(claimed)
            }),
        ),
        { numRuns: suite.options.numRuns },
      ))

    it(`invariant 10 under a burst: ${BEST_BURST} concurrent holdBest of 2-4 seats on a ${BEST_SEATS}-seat schedule never share a seat, and a call is refused only when too few seats remain for it`, () =>
      withRig(suite.open, { policy: crowdPolicy(BEST_BURST) }, async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: BEST_SEATS })
        const tokens = await admitCrowd(box, concertId, BEST_BURST)
        const counts = tokens.map((_, i) => 2 + ((i * 7) % 3))
        const answers = await Promise.all(
          tokens.map((token, i) =>
            box.holds.holdBest({ userId: `u${i}`, token, scheduleId, count: counts[i] ?? 2 }).match(succeeded, failed),
          ),
        )
        const won = answers.flatMap((a) => (a.ok ? [a.value] : []))
        const claimed = won.flatMap((h) => h.seatNos).sort((a, b) => a - b)
        expect(new Set(claimed).size).toBe(claimed.length)
        const seats = await seatsBy(box, scheduleId)
        expect(seats.HELD).toEqual(claimed)
        // Seats are only taken during the burst, so a block free now was free all along:
        // a refused call must not fit in any run of free seats left at the end.
        const longest = longestRun(seats.AVAILABLE)
        answers.forEach((answer, i) => {
          if (answer.ok) {
            expect(answer.value.seatNos).toHaveLength(counts[i] ?? 0)
            return
          }
          expect(['NoAdjacentSeats', 'NotEnoughSeats']).toContain(answer.error.type)
          expect(longest).toBeLessThan(counts[i] ?? 0)
        })
        expect(won.length).toBeGreaterThan(0)
      }))

    it(`invariant 10 under a burst: ${OVERLAP_BURST} racing multi-seat holds that overlap on one seat, exactly one wins and the others change nothing`, () =>
      withRig(suite.open, { policy: crowdPolicy(OVERLAP_BURST) }, async ({ box }) => {
        const { concertId, scheduleId } = await openSale(box, { seats: OVERLAP_BURST * 2 + 1 })
        const tokens = await admitCrowd(box, concertId, OVERLAP_BURST)
        const answers = await Promise.all(
          tokens.map((token, i) =>
            box.holds
              .hold({ userId: `u${i}`, token, scheduleId, seatNos: [2 + 2 * i, 1, 3 + 2 * i] })
              .match(succeeded, failed),
          ),
        )
        const won = answers.flatMap((a) => (a.ok ? [a.value] : []))
        expect(won).toHaveLength(1)
        for (const answer of answers) {
          if (!answer.ok) expect(answer.error).toMatchObject({ type: 'SeatUnavailable', seatNos: [1] })
        }
        expect((await seatsBy(box, scheduleId)).HELD).toEqual(won[0]?.seatNos)
      }))
  })
}
