import { describe, expect, it } from 'vitest'
import { addScheduleInput } from '../src/catalog/schema.js'
import { parseInput } from '../src/index.js'
import { chargeInput } from '../src/wallet/schema.js'
import { readPlainData } from '../src/plain-data.js'

const throwing = (): never => {
  throw new Error('nope')
}

describe('reading an input as plain data', () => {
  it('copies own enumerable fields into null-prototype objects, keeps arrays and copies dates', () => {
    const startsAt = new Date('2030-01-01T00:00:00Z')
    const input = { concertId: 'c1', startsAt, seats: [{ seatNo: 1, price: 5 }] }
    const read = readPlainData(input)._unsafeUnwrap() as typeof input
    expect(read).toEqual(input)
    // Nothing is inherited: no Object.prototype behind the copies, and what is there is frozen.
    for (const copied of [read, read.seats[0]]) {
      const detached: unknown = Object.getPrototypeOf(copied)
      expect(detached).not.toBe(Object.prototype)
      expect(Object.getPrototypeOf(detached)).toBeNull()
      expect(Object.isFrozen(detached)).toBe(true)
    }
    expect('toString' in read).toBe(false)
    expect(Array.isArray(read.seats)).toBe(true)
    expect(read.startsAt).not.toBe(startsAt)
    expect(read.startsAt.getTime()).toBe(startsAt.getTime())
  })

  it('reads a getter once and ignores inherited, non-enumerable and symbol-keyed fields', () => {
    let reads = 0
    const base = { inherited: 'no' }
    const input = Object.create(base) as Record<string | symbol, unknown>
    Object.defineProperty(input, 'amount', {
      get: () => {
        reads++
        return 5
      },
      enumerable: true,
    })
    Object.defineProperty(input, 'hidden', { value: 'no', enumerable: false })
    input[Symbol('tag')] = 'no'
    expect(readPlainData(input)._unsafeUnwrap()).toEqual({ amount: 5 })
    expect(reads).toBe(1)
  })

  it('names the path of a read that throws: a getter deep inside, a Proxy trap, a revoked Proxy', () => {
    const deep = {
      seats: [
        { seatNo: 1, price: 1 },
        Object.defineProperty({ seatNo: 2 }, 'price', { get: throwing, enumerable: true }),
      ],
    }
    expect(readPlainData(deep)._unsafeUnwrapErr().path).toEqual(['seats', 1, 'price'])
    expect(readPlainData(new Proxy({}, { ownKeys: throwing }))._unsafeUnwrapErr().path).toEqual([])
    const { proxy, revoke } = Proxy.revocable({ amount: 1 }, {})
    revoke()
    expect(readPlainData({ nested: proxy })._unsafeUnwrapErr().path).toEqual(['nested'])
    const fakeDate = new Proxy(new Date(), {})
    expect(readPlainData({ startsAt: fakeDate })._unsafeUnwrapErr().path).toEqual(['startsAt'])
  })

  it('refuses a cycle as nested too deeply instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = { userId: 'u1' }
    cyclic['self'] = cyclic
    expect(readPlainData(cyclic)._unsafeUnwrapErr().message).toMatch(/nested deeper than/)
  })
})

describe('parseInput on inputs that are not plain data', () => {
  it('answers ValidationFailed naming the field whose getter throws, inside a list too', () => {
    const charge = Object.defineProperty({ userId: 'u1' }, 'amount', { get: throwing, enumerable: true })
    expect(parseInput(chargeInput, charge)._unsafeUnwrapErr()).toMatchObject({
      type: 'ValidationFailed',
      field: 'amount',
    })
    const schedule = {
      concertId: 'c1',
      startsAt: '2030-01-01T00:00:00Z',
      seats: [Object.defineProperty({ seatNo: 1 }, 'price', { get: throwing, enumerable: true })],
    }
    expect(parseInput(addScheduleInput, schedule)._unsafeUnwrapErr()).toMatchObject({ field: 'seats.0.price' })
  })

  it('takes no field from a polluted Object.prototype, neither while validating nor from the parsed value', () => {
    const proto = Object.prototype as Record<string, unknown>
    try {
      proto['idempotencyKey'] = 'planted'
      proto['price'] = 7
      const charge = parseInput(chargeInput, { userId: 'u1', amount: 5 })._unsafeUnwrap()
      const { idempotencyKey } = charge
      expect(idempotencyKey).toBeUndefined()
      const refused = parseInput(addScheduleInput, { concertId: 'c1', startsAt: '2030-01-01T00:00:00Z', seats: 3 })
      expect(refused._unsafeUnwrapErr()).toMatchObject({ field: 'price' })
      const listed = parseInput(addScheduleInput, {
        concertId: 'c1',
        startsAt: '2030-01-01T00:00:00Z',
        seats: [{ seatNo: 1, price: 5 }],
      })
      expect(listed.isOk()).toBe(true)
    } finally {
      delete proto['idempotencyKey']
      delete proto['price']
    }
  })
})
