import { createBoxOffice, type BoxOffice } from '@boxoffice/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keep, unexpected } from '../outcome.js'
import { seededRandom, START, withRig, type Suite } from '../rig.js'
import { enterLine, tokenStatus } from '../sale-setup.js'

const OPEN_IN = 60_000
const at = (ms: number): Date => new Date(START.getTime() + ms)

async function preQueuedConcert(box: BoxOffice): Promise<string> {
  const concert = await box.catalog.createConcert({ title: 'Fair', salesOpenAt: at(OPEN_IN) }).match(keep, unexpected)
  return concert.concertId
}

/** The permutations of 0..n-1, for the cells of the chi-square test. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]]
  return permutations(n - 1).flatMap((rest) =>
    Array.from({ length: n }, (_, i) => [...rest.slice(0, i), n - 1, ...rest.slice(i)]),
  )
}

/** Pearson's statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[], total: number): number {
  const expected = total / counts.length
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0)
}

// The chi-square quantile at p = 0.001 with 23 degrees of freedom (the 24 orders of 4 tokens, less one):
// a statistic above it has less than one chance in a thousand under a uniform shuffle.
const CHI_SQUARE_23_P001 = 49.728
const LINE = 4
const SHUFFLES = 2_000
// Fixed seeds: the test is deterministic, so it cannot flake; each seed is its own test of uniformity.
const SEEDS = [20_301, 77_003]

/** Invariant 12 (SPEC 8.3): the pre-queue opens fairly on every queue store. */
export function describeFairOpening(suite: Suite): void {
  describe('invariant 12: a fair opening', () => {
    it('invariant 12: everyone pre-queued is admitted before anyone who entered after the opening', () =>
      fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 7 }),
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 1, max: 3 }),
          fc.nat(),
          async (early, late, perTick, seed) =>
            withRig(
              suite.open,
              { policy: { queue: { admitPerTick: perTick, maxActive: 100 } }, random: seededRandom(seed) },
              async ({ box, clock }) => {
                const concertId = await preQueuedConcert(box)
                const before = await enterLine(
                  box,
                  concertId,
                  Array.from({ length: early }, (_, i) => `e${i}`),
                )
                clock.set(at(OPEN_IN))
                const after = await enterLine(
                  box,
                  concertId,
                  Array.from({ length: late }, (_, i) => `l${i}`),
                )
                const admittedAt = new Map<string, number>()
                for (let tick = 0; admittedAt.size < early + late; tick++) {
                  expect(tick, 'the line never emptied').toBeLessThan(early + late + 1)
                  await box.queue.admit({ concertId }).match(keep, unexpected)
                  for (const token of [...before, ...after]) {
                    if (!admittedAt.has(token) && (await tokenStatus(box, token)) === 'ACTIVE')
                      admittedAt.set(token, tick)
                  }
                }
                const lastEarly = Math.max(...before.map((t) => admittedAt.get(t) ?? Infinity))
                const firstLate = Math.min(Infinity, ...after.map((t) => admittedAt.get(t) ?? -1))
                // a tick may admit the last pre-queued and the first late tokens together, never a late one earlier
                expect(firstLate).toBeGreaterThanOrEqual(lastEarly)
                if (firstLate === lastEarly) {
                  const sameTick = after.filter((t) => admittedAt.get(t) === firstLate).length
                  expect(sameTick).toBeLessThanOrEqual(perTick - 1)
                }
              },
            ),
        ),
        { numRuns: suite.options.numRuns },
      ))

    for (const seed of SEEDS) {
      it(
        `invariant 12: the pre-queue order is a uniform permutation (chi-square over ${SHUFFLES} openings of ${LINE} tokens, p > 0.001, seed ${seed})`,
        () =>
          withRig(suite.open, {}, async ({ stores, clock }) => {
            const counts = new Map(permutations(LINE).map((order) => [order.join(''), 0]))
            // Each opening has a facade of its own with its own seeded source, so openings can run
            // side by side (a networked store is slow one at a time) and still draw the same numbers on every run.
            const gather = async (i: number) => {
              const box = createBoxOffice({ ...stores, clock, random: seededRandom(seed * 10_000 + i) })
              const concertId = await preQueuedConcert(box)
              // paused: the opening shuffles them in, nobody is admitted, so every rank stays readable
              await box.queue.pause({ concertId }).match(keep, unexpected)
              return { box, concertId, tokens: await enterLine(box, concertId, ['a', 'b', 'c', 'd']) }
            }
            const open = async ({ box, concertId, tokens }: Awaited<ReturnType<typeof gather>>): Promise<string> => {
              await box.queue.admit({ concertId }).match(keep, unexpected)
              const ranks: number[] = []
              for (const token of tokens) {
                const ticket = await box.queue.status({ token }).match(keep, unexpected)
                ranks.push((ticket.rank ?? 0) - 1)
              }
              return ranks.join('')
            }
            const lines = await Promise.all(Array.from({ length: SHUFFLES }, (_, i) => gather(i)))
            clock.set(at(OPEN_IN))
            for (const order of await Promise.all(lines.map(open))) {
              expect(counts.has(order), `ranks ${order} are not a permutation`).toBe(true)
              counts.set(order, (counts.get(order) ?? 0) + 1)
            }
            expect(chiSquare([...counts.values()], SHUFFLES)).toBeLessThan(CHI_SQUARE_23_P001)
          }),
        300_000,
      )
    }
  })
}
