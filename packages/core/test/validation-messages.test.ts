import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { createConcertInput as facadeCreateConcert } from '../src/catalog/schema.js'
import { holdInput } from '../src/hold/schema.js'
import * as integration from '../src/integration-schemas.js'
import { parseInput, resolvePolicy } from '../src/index.js'
import * as facade from '../src/validation.js'
import { chargeInput, historyInput } from '../src/wallet/schema.js'

/** What zod answers for `value`: accepted or not, and its messages. */
const verdict = (schema: z.core.$ZodType, value: unknown): { ok: boolean; messages: string[] } => {
  const parsed = z.safeParse(schema, value, facade.englishMessages)
  return { ok: parsed.success, messages: parsed.success ? [] : parsed.error.issues.map((issue) => issue.message) }
}

describe("zod's own messages are English even where no zod locale is loaded", () => {
  // A bundle that never imports classic zod loads no locale at all: the facade must still speak.
  let saved: z.core.$ZodConfig['localeError']
  beforeEach(() => {
    saved = z.config().localeError
    z.config({ localeError: undefined })
  })
  afterEach(() => {
    z.config({ localeError: saved })
  })

  it("names zod's own English messages for an empty title and an unknown key, with no locale loaded", () => {
    expect(parseInput(facadeCreateConcert, { title: '  ' })._unsafeUnwrapErr()).toMatchObject({
      field: 'title',
      issues: [{ path: 'title', message: 'Too small: expected string to have >=1 characters' }],
    })
    expect(parseInput(facadeCreateConcert, { title: 'Gala', extra: 1 })._unsafeUnwrapErr()).toMatchObject({
      field: 'extra',
      issues: [{ path: 'extra', message: 'Unrecognized key: "extra"' }],
    })
    expect(parseInput(chargeInput, { userId: 7, amount: 1 })._unsafeUnwrapErr()).toMatchObject({
      field: 'userId',
      issues: [{ path: 'userId', message: 'Invalid input: expected string, received number' }],
    })
  })

  it('names the real limits of whole numbers and the rules of ids, tokens and keys', () => {
    const hold = { userId: 'u1', token: 'c1~t1', scheduleId: 's1', seatNo: 1 }
    expect(parseInput(holdInput, { ...hold, seatNo: 0 })._unsafeUnwrapErr().issues[0]?.message).toBe(
      'must be at least 1',
    )
    expect(parseInput(holdInput, { ...hold, seatNo: 100_001 })._unsafeUnwrapErr().issues[0]?.message).toBe(
      'must be at most 100000',
    )
    expect(parseInput(holdInput, { ...hold, seatNo: 1.5 })._unsafeUnwrapErr().issues[0]?.message).toBe(
      'expected a whole number from 1 to 100000',
    )
    expect(parseInput(holdInput, { ...hold, token: 'c1' })._unsafeUnwrapErr().issues[0]?.message).toBe(
      'expected a queue token as issued by enter',
    )
    expect(parseInput(historyInput, { userId: 'u 1' })._unsafeUnwrapErr().issues[0]?.message).toBe(
      'expected 1-128 characters from A-Z a-z 0-9 . _ : @ -',
    )
    expect(parseInput(historyInput, { userId: 'u1' })._unsafeUnwrap()).toEqual({ userId: 'u1', limit: 50 })
  })

  it('explains a malformed policy in English', () => {
    expect(() => resolvePolicy({ queue: { maxActive: 0 } })).toThrow(
      /invalid boxoffice policy: .*Too small: expected number to be >=1[\s\S]*queue\.maxActive/,
    )
  })
})

describe('the classic zod fragments an integration uses refuse exactly what the facade refuses', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.stringMatching(/^[A-Za-z0-9._:@~ -]{0,140}$/),
    fc.constantFrom('c1~t1', 'a'.repeat(128), 'a'.repeat(129), '{tag}', ''),
  )
  const number = fc.oneof(
    fc.integer({ min: -5, max: 200_000 }),
    fc.double(),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, Number.NaN, -0),
  )
  const pairs = [
    ['idSchema', integration.idSchema, facade.idSchema, text],
    ['tokenSchema', integration.tokenSchema, facade.tokenSchema, text],
    ['idempotencyKeySchema', integration.idempotencyKeySchema, facade.idempotencyKeySchema, text],
    ['seatNoSchema', integration.seatNoSchema, facade.seatNoSchema, number],
    ['pointsSchema', integration.pointsSchema, facade.pointsSchema, number],
    ['amountSchema', integration.amountSchema, facade.amountSchema, number],
    ['wholeNumber(1, 1000)', integration.wholeNumber(1, 1_000), facade.wholeNumber(1, 1_000), number],
  ] as const

  it.each(pairs)('%s: same verdict and same messages', (_name, classic, mini, values) => {
    fc.assert(
      fc.property(fc.oneof(values as fc.Arbitrary<unknown>, fc.anything()), (value) => {
        expect(verdict(classic, value)).toEqual(verdict(mini, value))
      }),
    )
  })

  it('createConcertInput: same verdict and same messages', () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ title: fc.string({ maxLength: 210 }) }), fc.anything()), (value) => {
        expect(verdict(integration.createConcertInput, value)).toEqual(verdict(facadeCreateConcert, value))
      }),
    )
  })
})
