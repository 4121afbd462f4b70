import { err, ok, type Result } from 'neverthrow'

/** Where an input could not be read as plain data, and why. */
export interface UnreadableInput {
  /** Property names from the input down to the value that failed; empty for the input itself. */
  readonly path: readonly (string | number)[]
  readonly message: string
}

/** Deeper than any input of the facade: past this, a structure is refused (a cycle ends here too). */
const MAX_DEPTH = 16
/** More items than any list the facade takes (a schedule has at most 100,000 seats). */
const MAX_ITEMS = 1_000_000

class Unreadable extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    readonly reason: string,
  ) {
    super(reason)
  }
}

/** Runs one read of the caller's object; a throw (a getter, a Proxy trap) is reported at `path`. */
function reading<T>(path: readonly (string | number)[], read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof Unreadable) throw error
    throw new Unreadable(path, 'could not be read as plain data (reading it threw)')
  }
}

/** The instant of a real Date (a Proxy around one is not a Date), or undefined. */
function dateTime(value: object, path: readonly (string | number)[]): number | undefined {
  if (!reading(path, () => value instanceof Date)) return undefined
  return reading(path, () => Date.prototype.getTime.call(value))
}

/** An own property's value, read once: a data property's value, or its getter called once. */
function ownValue(source: object, key: string | number, path: readonly (string | number)[]): unknown {
  return reading(path, () => {
    const descriptor = Reflect.getOwnPropertyDescriptor(source, key)
    if (descriptor === undefined) return undefined
    return 'value' in descriptor ? descriptor.value : descriptor.get?.call(source)
  })
}

function copy(value: unknown, path: readonly (string | number)[]): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (path.length > MAX_DEPTH) throw new Unreadable(path, `nested deeper than ${MAX_DEPTH} levels`)
  const time = dateTime(value, path)
  if (time !== undefined) return new Date(time)
  if (reading(path, () => Array.isArray(value))) {
    const length = ownValue(value, 'length', path)
    if (typeof length !== 'number' || length > MAX_ITEMS) throw new Unreadable(path, `more than ${MAX_ITEMS} items`)
    return Array.from({ length }, (_, index) => copy(ownValue(value, index, [...path, index]), [...path, index]))
  }
  const plain: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const key of reading(path, () => Reflect.ownKeys(value))) {
    if (typeof key !== 'string') continue
    const enumerable = reading([...path, key], () => Reflect.getOwnPropertyDescriptor(value, key)?.enumerable)
    if (enumerable !== true) continue
    plain[key] = copy(ownValue(value, key, [...path, key]), [...path, key])
  }
  return plain
}

/**
 * `value` as plain data, read once through its own enumerable string-keyed
 * properties: objects become null-prototype objects, arrays stay arrays,
 * dates are copied, primitives are kept. Nothing inherited is read, so a
 * polluted `Object.prototype` cannot supply a field, neither to validation
 * nor to the code that reads the validated copy; a getter runs once; and a
 * read that throws (a getter, a Proxy trap, a revoked Proxy) is reported
 * with the path it happened at instead of escaping.
 *
 * @example
 * ```ts
 * readPlainData({ userId: 'u1' }) // ok({ userId: 'u1' }), with a null prototype
 * readPlainData(Object.defineProperty({}, 'amount', { get: () => { throw new Error() }, enumerable: true }))
 * // err({ path: ['amount'], message: 'could not be read as plain data (reading it threw)' })
 * ```
 */
export function readPlainData(value: unknown): Result<unknown, UnreadableInput> {
  try {
    return ok(copy(value, []))
  } catch (error) {
    if (error instanceof Unreadable) return err({ path: error.path, message: error.reason })
    throw error
  }
}
