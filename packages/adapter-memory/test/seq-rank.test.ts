import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SeqRank } from '../src/seq-rank.js'

describe('SeqRank', () => {
  it('counts present sequence numbers exactly as a plain set does, through growth and sliding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant<'insert'>('insert'), fc.nat({ max: 5000 })), { maxLength: 4000 }),
        fc.array(fc.nat({ max: 6000 }), { minLength: 1, maxLength: 20 }),
        (ops, probes) => {
          const rank = new SeqRank()
          const present = new Set<number>()
          let next = 0
          const lowest = (): number => (present.size === 0 ? next : Math.min(...present))
          for (const op of ops) {
            if (op === 'insert') {
              rank.insert(next, lowest)
              present.add(next++)
            } else {
              // remove an existing number (or a missing one, which must be a no-op)
              const victim = next === 0 ? 0 : op % next
              rank.remove(victim)
              present.delete(victim)
            }
          }
          expect(rank.size).toBe(present.size)
          for (const probe of probes) {
            const expected = [...present].filter((seq) => seq <= probe).length
            expect(rank.countUpTo(probe)).toBe(expected)
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it('keeps its table bounded by the live span when old numbers leave from the front', () => {
    const rank = new SeqRank()
    let lowest = 0
    for (let seq = 0; seq < 200_000; seq++) {
      rank.insert(seq, () => lowest)
      if (seq >= 100) {
        rank.remove(lowest)
        lowest++
      }
    }
    expect(rank.size).toBe(100)
    expect(rank.capacity).toBeLessThanOrEqual(1024)
    expect(rank.countUpTo(199_999)).toBe(100)
    expect(rank.countUpTo(199_949)).toBe(50)
  })
})
