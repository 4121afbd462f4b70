import fc from 'fast-check'

/** Stands for "the field is left out" in a generated input. */
export const MISSING: unique symbol = Symbol('missing')

const ID_CHAR = /^[A-Za-z0-9._:@-]$/
const idChar = fc.constantFrom(...'abcxyzABCXYZ0189._:@-'.split(''))
const idText = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: idChar, minLength, maxLength })

/** A character no id or token may hold: whitespace, controls, braces, `~`, quotes, any non-ASCII. */
const forbiddenChar: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ' ',
    '\t',
    '\n',
    '\u0000',
    '\u007f',
    '~',
    '{',
    '}',
    '/',
    '#',
    '"',
    "'",
    '%',
    '*',
    'é',
    '한',
    '😀',
    '\u202e',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !ID_CHAR.test(c)),
)

/** Any value of another type than a string. */
const notAString: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(MISSING),
  fc.bigInt(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
  fc.date(),
)

/** Any value of another type than a number. */
const notANumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 5 }),
  fc.integer().map(String),
  fc.boolean(),
  fc.constant(null),
  fc.constant(MISSING),
  fc.bigInt(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
)

const fraction = fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((x) => !Number.isInteger(x))
const nonFinite = fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY)
const unsafe = fc.constantFrom(2 ** 53, 2 ** 60, 1e20, 1e300, Number.MAX_VALUE, -(2 ** 53), -1e300)
const veryLong = fc.constant('a'.repeat(100_000))

export const invalidId: fc.Arbitrary<unknown> = fc.oneof(
  notAString,
  fc.constant(''),
  fc.tuple(idText(0, 10), forbiddenChar, idText(0, 10)).map(([a, bad, b]) => a + bad + b),
  idText(129, 300),
  veryLong,
)

export const invalidToken: fc.Arbitrary<unknown> = fc.oneof(
  notAString,
  fc.constant(''),
  idText(1, 40).map((id) => id), // no `~` at all
  idText(1, 20).map((id) => `~${id}`),
  idText(1, 20).map((id) => `${id}~`),
  fc.tuple(idText(1, 10), idText(1, 10), idText(1, 10)).map(([a, b, c]) => `${a}~${b}~${c}`),
  fc.tuple(idText(1, 10), forbiddenChar, idText(1, 10)).map(([a, bad, b]) => `${a}~${bad}${b}`),
  idText(129, 200).map((id) => `${id}~abc`),
  veryLong,
)

/** Seat numbers run 1..100,000. */
export const invalidSeatNo: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  fc.integer({ max: 0 }),
  fc.integer({ min: 100_001 }),
  fraction,
  nonFinite,
  unsafe,
)

/** A charge is a safe integer of at least 1 (a valid one above the policy limit is not a validation error). */
export const invalidAmount: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  fc.integer({ max: 0 }),
  fraction,
  nonFinite,
  unsafe,
)

/** A price is a safe integer of at least 0. */
export const invalidPrice: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  fc.integer({ max: -1 }),
  fraction,
  nonFinite,
  unsafe,
)

export const invalidSeatCount: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  fc.integer({ max: 0 }),
  fc.integer({ min: 100_001 }),
  fraction,
  nonFinite,
  unsafe,
  fc.constant([]),
)

/** Seat lists: empty, or with one bad, duplicated or malformed seat. */
export const invalidSeatList: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant([]),
  invalidSeatNo
    .filter((v) => v !== MISSING)
    .map((seatNo) => [
      { seatNo: 1, price: 10 },
      { seatNo, price: 10 },
    ]),
  invalidPrice.filter((v) => v !== MISSING).map((price) => [{ seatNo: 1, price }]),
  fc.integer({ min: 1, max: 100_000 }).map((seatNo) => [
    { seatNo, price: 10 },
    { seatNo, price: 20 },
  ]),
  fc.constantFrom(
    [null],
    [1, 2],
    ['seat'],
    [{ seatNo: 1 }],
    [{ price: 1 }],
    [{ seatNo: 1, price: 1, row: '' }],
    [{ seatNo: 1, price: 1, row: 5 }],
    [{ seatNo: 1, price: 1, row: 'A'.repeat(41) }],
    [{ seatNo: 1, price: 1, aisle: true }],
  ),
)

/** A hold's seat list: 1..100 distinct valid seat numbers (a list the policy refuses is also ValidationFailed). */
export const invalidSeatNos: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant([]),
  fc.integer({ min: 1, max: 100_000 }).map((seatNo) => [seatNo, seatNo]),
  fc.constant(Array.from({ length: 101 }, (_, i) => i + 1)),
  fc.constant([1, 2, 3, 4, 5]), // over the default hold.maxSeatsPerHold (4)
  invalidSeatNo.filter((v) => v !== MISSING).map((seatNo) => [2, seatNo]),
  notANumber.filter((v) => v !== MISSING && !Array.isArray(v)),
)

/** How many seats `holdBest` picks: 1..hold.maxSeatsPerHold. */
export const invalidSeatCount100: fc.Arbitrary<unknown> = fc.oneof(
  notANumber,
  fc.integer({ max: 0 }),
  fc.integer({ min: 5, max: 1_000 }), // over the default hold.maxSeatsPerHold (4)
  fraction,
  nonFinite,
  unsafe,
)

/** A price ceiling: a whole number of points, 0 or more. */
export const invalidMaxPrice: fc.Arbitrary<unknown> = fc.oneof(
  notANumber.filter((v) => v !== MISSING),
  fc.integer({ max: -1 }),
  fraction,
  nonFinite,
)

/** A flag: true or false. */
export const invalidFlag: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, 'true', 'yes', null, [], {}),
  fc.string({ maxLength: 3 }),
)

export const invalidInstant: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(MISSING),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.constant(new Date(Number.NaN)),
  fc.constantFrom('', 'tomorrow', '2030-01-01', '2030-01-01T19:00:00', '2030-13-01T19:00:00Z', '19:00', 'Z'),
  fc.string({ maxLength: 30 }).filter((s) => !/^\d{4}-/.test(s)),
)

export const invalidTitle: fc.Arbitrary<unknown> = fc.oneof(
  notAString,
  fc.constant(''),
  fc.string({ unit: fc.constantFrom(' ', '\t', '\n'), minLength: 1, maxLength: 10 }),
  fc.string({ unit: fc.constantFrom('a', 'é', '한', 'Z'), minLength: 201, maxLength: 400 }),
  veryLong,
)

/** Idempotency keys are 1-255 printable ASCII characters. */
export const invalidKey = (optional: boolean): fc.Arbitrary<unknown> =>
  fc.oneof(
    optional ? notAString.filter((v) => v !== MISSING) : notAString,
    fc.constant(''),
    fc.string({ unit: fc.constantFrom('k', 'E', '7', '-'), minLength: 256, maxLength: 400 }),
    fc
      .tuple(
        fc.string({ maxLength: 5 }),
        fc.constantFrom(' ', '\t', '\n', '\u007f', 'é', '😀', '한'),
        fc.string({ maxLength: 5 }),
      )
      .map(([a, bad, b]) => a.replace(/[^\x21-\x7e]/g, '') + bad + b.replace(/[^\x21-\x7e]/g, '')),
  )

/** History limits run 1..1,000 (left out: 50). */
/** A cancellation's batch size: a whole number 1..100,000 (optional). */
export const invalidCancelLimit: fc.Arbitrary<unknown> = fc.oneof(
  notANumber.filter((v) => v !== MISSING),
  fc.integer({ max: 0 }),
  fc.integer({ min: 100_001 }),
  fraction,
  nonFinite,
)

export const invalidLimit: fc.Arbitrary<unknown> = fc.oneof(
  notANumber.filter((v) => v !== MISSING),
  fc.integer({ max: 0 }),
  fc.integer({ min: 1_001 }),
  fraction,
  nonFinite,
)

/** Inputs that are not objects at all. */
export const notAnObject: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.string({ maxLength: 10 }),
  fc.boolean(),
  fc.bigInt(),
  fc.array(fc.anything(), { maxLength: 3 }),
)
