import { err, ok, type Result } from 'neverthrow'
import { z } from 'zod'
import { validationFailed, type ValidationFailed } from './errors.js'
import { readPlainData } from './plain-data.js'

/**
 * Ids (users, concerts, schedules, holds, tokens): 1-128 characters of
 * `A-Z a-z 0-9 . _ : @ -`. No braces, so an id can never forge a Redis hash tag,
 * and no whitespace or control characters.
 */
export const idSchema: z.ZodString = z
  .string()
  .regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'expected 1-128 characters from A-Z a-z 0-9 . _ : @ -')

/**
 * Queue tokens are self-routing: `<concertId>~<random id>`. A store can find
 * the concert's keys (one Redis Cluster slot, one partition) from the token
 * alone; the random part (122 bits by default) makes it unguessable.
 */
export const tokenSchema: z.ZodString = z
  .string()
  .regex(/^[A-Za-z0-9._:@-]{1,128}~[A-Za-z0-9._:@-]{1,128}$/, 'expected a queue token as issued by enter')

const TOKEN_SEPARATOR = '~'

/** The token a concert's line issues for a random id. */
export function composeToken(concertId: string, randomId: string): string {
  return `${concertId}${TOKEN_SEPARATOR}${randomId}`
}

/** The concert a token belongs to, read from the token itself (undefined when malformed). */
export function tokenConcertId(token: string): string | undefined {
  const at = token.indexOf(TOKEN_SEPARATOR)
  return at > 0 ? token.slice(0, at) : undefined
}

/** Idempotency keys: 1-255 printable ASCII characters, as most HTTP APIs accept. */
export const idempotencyKeySchema: z.ZodString = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'expected 1-255 printable ASCII characters')

/**
 * A whole number from `min` to `max` (default: the largest safe integer)
 * whose every refusal names the real limit — "must be at least 1", "must be
 * at most 100000" — never zod's generic wording, nor the safe-integer bound
 * `z.int()` checks on its own.
 *
 * @example
 * ```ts
 * const limit = wholeNumber(1, 1_000) // 0 -> "must be at least 1", 1.5 -> "expected a whole number from 1 to 1000"
 * ```
 */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER): z.ZodInt {
  const range =
    max === Number.MAX_SAFE_INTEGER ? `a whole number, at least ${min}` : `a whole number from ${min} to ${max}`
  const error = (issue: { readonly code?: string }): string => {
    if (issue.code === 'too_small') return `must be at least ${min}`
    if (issue.code === 'too_big') return `must be at most ${max}`
    return `expected ${range}`
  }
  return z.int({ error }).min(min, { error }).max(max, { error })
}

/** The most seats one schedule may have. */
export const MAX_SEATS_PER_SCHEDULE = 100_000
/** A seat number: 1 to {@link MAX_SEATS_PER_SCHEDULE}. */
export const seatNoSchema: z.ZodInt = wholeNumber(1, MAX_SEATS_PER_SCHEDULE)
/** Points are whole numbers: no fractions, NaN, infinities or unsafe integers. */
export const pointsSchema: z.ZodInt = wholeNumber(0)
/** Points to charge: at least 1. */
export const amountSchema: z.ZodInt = wholeNumber(1)

const pathText = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(input)' : path.map(String).join('.'))

/**
 * Parses `input` once at the facade. The input is first read as plain data
 * (`readPlainData`: own properties only, each read once), so a getter or a
 * Proxy that throws is a ValidationFailed naming where, and a polluted
 * `Object.prototype` can supply no field; the parsed value handed on inherits
 * nothing either, for the same reason. The first issue names the field, so a
 * client learns what to fix; all issues are kept for logs.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>, ValidationFailed> {
  return readPlainData(input).match(
    (own) => {
      const parsed = schema.safeParse(own)
      // The parser built the output from plain data: reading it again cannot fail.
      if (parsed.success) return ok(readPlainData(parsed.data).unwrapOr(parsed.data) as z.output<S>)
      const issues = parsed.error.issues.map((issue) => {
        // An unknown key is reported on its object; name the key itself.
        const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path
        return { path: pathText(path), message: issue.message }
      })
      return err(validationFailed(issues[0]?.path ?? '(input)', issues))
    },
    (unreadable) => {
      const field = pathText(unreadable.path)
      return err(validationFailed(field, [{ path: field, message: unreadable.message }]))
    },
  )
}
