import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SeatSpec } from '../src/index.js'
import { extendHold, pickBestSeats, placeBestHold, placeHold } from '../src/adapter.js'

const request = (count: number, more: { maxPrice?: number; allowSplit?: boolean } = {}) => ({
  scheduleId: 's1',
  count,
  maxPrice: more.maxPrice ?? null,
  allowSplit: more.allowSplit ?? false,
})
const row = (label: string, from: number, to: number, price = 100): SeatSpec[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seatNo: from + i, price, row: label }))
const numbers = (seats: readonly SeatSpec[]): number[] => seats.map((seat) => seat.seatNo)

describe('pickBestSeats: best available', () => {
  it('takes the first block that leaves no single orphan seat beside it', () => {
    // Row A has 3 free seats: 2 of them would leave one alone. Row B has exactly 2.
    const free = [...row('A', 1, 3), ...row('B', 11, 12)]
    expect(numbers(pickBestSeats(free, request(2))._unsafeUnwrap())).toEqual([11, 12])
  })

  it('falls back to a block that leaves an orphan when no other exists', () => {
    expect(numbers(pickBestSeats(row('A', 1, 3), request(2))._unsafeUnwrap())).toEqual([1, 2])
  })

  it('never joins seats of two rows or with a gap', () => {
    const free = [...row('A', 1, 1), ...row('B', 2, 2), { seatNo: 4, price: 100, row: 'B' }]
    expect(pickBestSeats(free, request(2))._unsafeUnwrapErr()).toMatchObject({ type: 'NoAdjacentSeats', count: 2 })
    expect(numbers(pickBestSeats(free, request(2, { allowSplit: true }))._unsafeUnwrap())).toEqual([1, 2])
  })

  it('skips seats above maxPrice and says how many remain when too few do', () => {
    const free = [...row('A', 1, 4, 500), ...row('B', 5, 6, 90)]
    expect(numbers(pickBestSeats(free, request(2, { maxPrice: 100 }))._unsafeUnwrap())).toEqual([5, 6])
    expect(pickBestSeats(free, request(3, { maxPrice: 100, allowSplit: true }))._unsafeUnwrapErr()).toMatchObject({
      type: 'NotEnoughSeats',
      available: 2,
    })
  })

  it('agrees with the rule read off every window of seats (property)', () => {
    const seatsArb = fc
      .array(fc.record({ gap: fc.boolean(), newRow: fc.boolean(), price: fc.constantFrom(50, 100, 150) }), {
        maxLength: 40,
      })
      .map((steps) => {
        const seats: SeatSpec[] = []
        let seatNo = 0
        let label = 0
        for (const step of steps) {
          seatNo += step.gap ? 2 : 1
          if (step.newRow) label++
          seats.push({ seatNo, price: step.price, row: `R${label}` })
        }
        return seats
      })
    fc.assert(
      fc.property(
        seatsArb,
        fc.integer({ min: 1, max: 5 }),
        fc.option(fc.constantFrom(50, 100), { nil: undefined }),
        fc.boolean(),
        (seats, count, maxPrice, allowSplit) => {
          const eligible = seats.filter((seat) => maxPrice === undefined || seat.price <= maxPrice)
          const next = (a: SeatSpec | undefined, b: SeatSpec | undefined): boolean =>
            a !== undefined && b !== undefined && a.seatNo + 1 === b.seatNo && a.row === b.row
          // Every window of `count` adjacent eligible seats, and the run left on each side of it.
          const windows = eligible.flatMap((_, start) => {
            const block = eligible.slice(start, start + count)
            if (block.length < count || block.some((seat, i) => i > 0 && !next(block[i - 1], seat))) return []
            let left = 0
            while (next(eligible[start - left - 1], eligible[start - left])) left++
            let right = 0
            while (next(eligible[start + count - 1 + right], eligible[start + count + right])) right++
            return [{ block, orphan: left === 1 || right === 1 }]
          })
          const picked = pickBestSeats(
            seats,
            request(count, { ...(maxPrice === undefined ? {} : { maxPrice }), allowSplit }),
          )
          const expected =
            windows.find((w) => !w.orphan)?.block ??
            windows[0]?.block ??
            (allowSplit && eligible.length >= count ? eligible.slice(0, count) : undefined)
          if (expected === undefined) {
            expect(picked._unsafeUnwrapErr().type).toBe(eligible.length < count ? 'NotEnoughSeats' : 'NoAdjacentSeats')
          } else {
            expect(numbers(picked._unsafeUnwrap())).toEqual(numbers(expected))
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('multi-seat holds and extension', () => {
  const t0 = new Date('2030-01-01T00:00:00Z')
  const cmd = {
    holdId: 'h1',
    userId: 'u1',
    concertId: 'c1',
    token: 'c1~t',
    scheduleId: 's1',
    seatNos: [3, 4],
    ttlMs: 1000,
    maxSeatsPerUser: 4,
  }
  const seats = [
    { seatNo: 3, price: 700 },
    { seatNo: 4, price: 300 },
  ]
  const free = { scheduleConcertId: 'c1', seats, taken: [], userLiveSeats: 0 }

  it('a hold of several seats costs the sum of their prices; a taken seat refuses them all, naming each', () => {
    expect(placeHold(free, cmd, t0)._unsafeUnwrap()).toMatchObject({ seatNo: 3, seatNos: [3, 4], price: 1000 })
    expect(placeHold({ ...free, taken: [4, 3] }, cmd, t0)._unsafeUnwrapErr()).toMatchObject({
      type: 'SeatUnavailable',
      seatNo: 3,
      seatNos: [3, 4],
    })
    expect(placeHold({ ...free, userLiveSeats: 3 }, cmd, t0)._unsafeUnwrapErr().type).toBe('HoldLimitReached')
  })

  it('holdBest counts the seats asked for against the user limit before picking', () => {
    const best = { ...cmd, count: 2, maxPrice: null, allowSplit: false }
    expect(placeBestHold('c1', 3, seats, best, t0)._unsafeUnwrapErr().type).toBe('HoldLimitReached')
    expect(placeBestHold(undefined, 0, seats, best, t0)._unsafeUnwrapErr().type).toBe('ScheduleNotFound')
    expect(placeBestHold('c1', 0, seats, best, t0)._unsafeUnwrap()).toMatchObject({ seatNos: [3, 4], price: 1000 })
  })

  it('a hold is extended once, by its owner, while HELD and unexpired and still claiming its seats', () => {
    const held = placeHold(free, cmd, t0)._unsafeUnwrap()
    const longer = extendHold('h1', held, 'u1', 500, t0, true)._unsafeUnwrap()
    expect(longer).toMatchObject({ expiresAt: new Date(t0.getTime() + 1500), extended: true })
    expect(extendHold('h1', longer, 'u1', 500, t0, true)._unsafeUnwrapErr()).toMatchObject({ status: 'EXTENDED' })
    expect(extendHold('h1', held, 'u2', 500, t0, true)._unsafeUnwrapErr().type).toBe('NotHoldOwner')
    expect(extendHold('h1', held, 'u1', 500, new Date(t0.getTime() + 1000), true)._unsafeUnwrapErr()).toMatchObject({
      type: 'HoldNotExtendable',
      status: 'EXPIRED',
    })
    expect(extendHold('h1', held, 'u1', 500, t0, false)._unsafeUnwrapErr().type).toBe('HoldNotExtendable')
  })
})
