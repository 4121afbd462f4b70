import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { failed, keep, succeeded, unexpected } from '../outcome.js'
import { withRig, type Suite } from '../rig.js'
import { inBatches } from '../sale-setup.js'
import { scheduledStores } from './scheduled-stores.js'

/** Invariants 7 and 8 under scheduled interleavings and real bursts. */
export function describeQueueConcurrency(suite: Suite): void {
  const { holds, pays } = suite.options.burst

  describe('queue invariants under concurrency', () => {
    it('invariant 8 under interleavings: concurrent enters, racing an admit, give each user one token', () =>
      fc.assert(
        fc.asyncProperty(
          fc.scheduler(),
          fc.record({
            mine: fc.integer({ min: 2, max: 5 }),
            theirs: fc.integer({ min: 0, max: 3 }),
            stale: fc.boolean(),
            admit: fc.boolean(),
          }),
          (s, input) =>
            withRig(suite.open, {}, async ({ box, clock, facadeOver }) => {
              const old = input.stale
                ? await box.queue.enter({ userId: 'u1', concertId: 'c1' }).match(keep, unexpected)
                : null
              // an earlier token of u1, if any, is idle (past the declared heartbeat step too): every enter must agree on its one replacement
              clock.advance(2 * 60_000 + suite.options.heartbeatStepMs)
              const gated = facadeOver(scheduledStores(s))
              const enters = [
                ...Array.from({ length: input.mine }, () =>
                  gated.queue.enter({ userId: 'u1', concertId: 'c1' }).match(succeeded, failed),
                ),
                ...Array.from({ length: input.theirs }, () =>
                  gated.queue.enter({ userId: 'u2', concertId: 'c1' }).match(succeeded, failed),
                ),
              ]
              const admits = input.admit ? [gated.queue.admit({ concertId: 'c1' }).match(succeeded, failed)] : []
              const [answers] = await s.waitFor(Promise.all([Promise.all(enters), Promise.all(admits)]))
              const tickets = answers.map((a) => (a.ok ? a.value : unexpected(a.error)))
              const mine = new Set(tickets.filter((t) => t.userId === 'u1').map((t) => t.token))
              const theirs = new Set(tickets.filter((t) => t.userId === 'u2').map((t) => t.token))
              expect(mine.size).toBe(1)
              expect(theirs.size).toBe(input.theirs === 0 ? 0 : 1)
              if (old !== null) {
                expect(mine.has(old.token)).toBe(false)
                expect((await box.queue.status({ token: old.token }).match(unexpected, keep)).type).toBe(
                  'TokenNotFound',
                )
              }
              const report = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
              expect(report.active + report.waiting).toBe(1 + (input.theirs === 0 ? 0 : 1))
            }),
        ),
        { numRuns: suite.options.numRuns },
      ))

    it(`invariant 8 under a burst: ${pays} concurrent enters by one user give one token; ${holds} users entering at once get ranks 1..${holds}`, () =>
      withRig(suite.open, {}, async ({ box }) => {
        const same = await Promise.all(
          Array.from({ length: pays }, () =>
            box.queue.enter({ userId: 'solo', concertId: 'c1' }).match(keep, unexpected),
          ),
        )
        expect(new Set(same.map((t) => t.token)).size).toBe(1)
        const crowd = await Promise.all(
          Array.from({ length: holds }, (_, i) =>
            box.queue.enter({ userId: `u${i}`, concertId: 'c2' }).match(keep, unexpected),
          ),
        )
        expect(new Set(crowd.map((t) => t.token)).size).toBe(holds)
        const ranks = await inBatches(holds, 100, (i) =>
          box.queue.status({ token: crowd[i]?.token ?? '' }).match((t) => t.rank, unexpected),
        )
        expect([...ranks].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: holds }, (_, i) => i + 1))
      }))

    it('invariant 7 under a burst: concurrent admit ticks never let ACTIVE tokens exceed maxActive', () =>
      withRig(suite.open, { policy: { queue: { maxActive: 5, admitPerTick: 2 } } }, async ({ box }) => {
        await inBatches(20, 20, (i) => box.queue.enter({ userId: `u${i}`, concertId: 'c1' }).match(keep, unexpected))
        const reports = await Promise.all(
          Array.from({ length: 50 }, () => box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)),
        )
        for (const report of reports) {
          expect(report.active).toBeLessThanOrEqual(5)
          expect(report.admitted).toBeLessThanOrEqual(2)
        }
        expect(reports.reduce((sum, r) => sum + r.admitted, 0)).toBe(5)
        const after = await box.queue.admit({ concertId: 'c1' }).match(keep, unexpected)
        expect(after).toMatchObject({ admitted: 0, active: 5, waiting: 15 })
      }))
  })
}
