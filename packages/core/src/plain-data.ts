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

/**
 * The prototype of every copied object: frozen, empty, with no prototype of
 * its own, so nothing (a polluted `Object.prototype` included) is inherited.
 * Objects built on it stay in V8's fast mode, unlike `Object.create(null)`
 * ones, and validation runs at the speed it has on literals.
 */
const DETACHED: object = Object.freeze(Object.create(null) as object)

/** A structure refused for its shape (too deep, too long), with the path it was found at. */
class Unreadable extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}

/**
 * Copies `value` as plain data. `path` is a stack of the property names being
 * read: when a read throws, it still names where (nothing pops it), which is
 * what the caller reports.
 */
function copy(value: unknown, path: (string | number)[]): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (path.length > MAX_DEPTH) throw new Unreadable(`nested deeper than ${MAX_DEPTH} levels`)
  // A Proxy around a Date passes instanceof but is no Date: getTime throws, reported here.
  if (value instanceof Date) return new Date(Date.prototype.getTime.call(value))
  if (Array.isArray(value)) {
    const length = value.length
    if (length > MAX_ITEMS) throw new Unreadable(`more than ${MAX_ITEMS} items`)
    const items: unknown[] = new Array(length)
    for (let index = 0; index < length; index++) {
      path.push(index)
      // A hole is undefined, not whatever a polluted Array.prototype holds at that index.
      items[index] = Object.hasOwn(value, index) ? copy(value[index], path) : undefined
      path.pop()
    }
    return items
  }
  const plain = Object.create(DETACHED) as Record<string, unknown>
  // Own enumerable string keys only; each read once ([[Get]] of an own key never reaches a prototype).
  for (const key of Object.keys(value)) {
    path.push(key)
    plain[key] = copy((value as Record<string, unknown>)[key], path)
    path.pop()
  }
  return plain
}

/**
 * `value` as plain data, read once through its own enumerable string-keyed
 * properties: objects become fresh objects, arrays stay arrays,
 * dates are copied, primitives are kept, and the copies inherit nothing
 * (their prototype is an empty frozen object). Nothing inherited is read, so a
 * polluted `Object.prototype` cannot supply a field, neither to validation
 * nor to the code that reads the validated copy; a getter runs once; and a
 * read that throws (a getter, a Proxy trap, a revoked Proxy) is reported
 * with the path it happened at instead of escaping.
 *
 * @example
 * ```ts
 * readPlainData({ userId: 'u1' }) // ok({ userId: 'u1' }), inheriting nothing
 * readPlainData(Object.defineProperty({}, 'amount', { get: () => { throw new Error() }, enumerable: true }))
 * // err({ path: ['amount'], message: 'could not be read as plain data (reading it threw)' })
 * ```
 */
export function readPlainData(value: unknown): Result<unknown, UnreadableInput> {
  const path: (string | number)[] = []
  try {
    return ok(copy(value, path))
  } catch (error) {
    const message = error instanceof Unreadable ? error.reason : 'could not be read as plain data (reading it threw)'
    return err({ path: [...path], message })
  }
}
