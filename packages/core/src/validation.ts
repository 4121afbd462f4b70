import { err, ok, type Result } from 'neverthrow'
import { z } from 'zod'
import { validationFailed, type ValidationFailed } from './errors.js'

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

/** The most seats one schedule may have. */
export const MAX_SEATS_PER_SCHEDULE = 100_000
/** A seat number: 1 to {@link MAX_SEATS_PER_SCHEDULE}. */
export const seatNoSchema: z.ZodInt = z.int().min(1).max(MAX_SEATS_PER_SCHEDULE)
/** Points are whole numbers: no fractions, NaN, infinities or unsafe integers. */
export const pointsSchema: z.ZodInt = z.int().min(0)

/**
 * Parses `input` once at the facade. The first issue names the field, so a
 * client learns what to fix; all issues are kept for logs.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Result<z.output<S>, ValidationFailed> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return ok(parsed.data)
  const issues = parsed.error.issues.map((issue) => {
    // An unknown key is reported on its object; name the key itself.
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path
    return { path: path.length === 0 ? '(input)' : path.map(String).join('.'), message: issue.message }
  })
  return err(validationFailed(issues[0]?.path ?? '(input)', issues))
}
