import { err, ok, type Result } from 'neverthrow'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { validationFailed, type ValidationFailed } from './errors.js'
import { readPlainData } from './plain-data.js'

/*
 * The core validates with zod's tree-shakable `zod/mini` API, so an application
 * bundles only the checks the facade uses (a few KB) instead of the whole of
 * zod. A check (`z.regex`, `z.minimum`...) is shared by both zod APIs: the
 * classic schemas that `integration-schemas.ts` publishes are built from the
 * very checks defined here, so each rule and its message lives here once.
 */

/** Ids: 1-128 characters of `A-Z a-z 0-9 . _ : @ -`. */
export const idFormat: z.core.$ZodCheck<string> = z.regex(
  /^[A-Za-z0-9._:@-]{1,128}$/,
  'expected 1-128 characters from A-Z a-z 0-9 . _ : @ -',
)
/** Queue tokens: `<concertId>~<random id>`. */
export const tokenFormat: z.core.$ZodCheck<string> = z.regex(
  /^[A-Za-z0-9._:@-]{1,128}~[A-Za-z0-9._:@-]{1,128}$/,
  'expected a queue token as issued by enter',
)
/** Idempotency keys: 1-255 printable ASCII characters. */
export const idempotencyKeyFormat: z.core.$ZodCheck<string> = z.regex(
  /^[\x21-\x7e]{1,255}$/,
  'expected 1-255 printable ASCII characters',
)

/**
 * Ids (users, concerts, schedules, holds, tokens): 1-128 characters of
 * `A-Z a-z 0-9 . _ : @ -`. No braces, so an id can never forge a Redis hash tag,
 * and no whitespace or control characters.
 */
export const idSchema: z.ZodMiniString<string> = z.string().check(idFormat)

/**
 * Queue tokens are self-routing: `<concertId>~<random id>`. A store can find
 * the concert's keys (one Redis Cluster slot, one partition) from the token
 * alone; the random part (122 bits by default) makes it unguessable.
 */
export const tokenSchema: z.ZodMiniString<string> = z.string().check(tokenFormat)

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
export const idempotencyKeySchema: z.ZodMiniString<string> = z.string().check(idempotencyKeyFormat)

/** The parts of a whole-number schema, the same for either zod API: the integer's params and its bounds. */
export interface WholeNumberRule {
  readonly params: { readonly error: (issue: { readonly code?: string }) => string }
  readonly checks: readonly [z.core.$ZodCheck<number>, z.core.$ZodCheck<number>]
}

/**
 * A whole number from `min` to `max` whose every refusal names the real limit
 * ("must be at least 1", "must be at most 100000"), never zod's generic
 * wording, nor the safe-integer bound `z.int()` checks on its own.
 */
export function wholeNumberRule(min: number, max: number): WholeNumberRule {
  const range =
    max === Number.MAX_SAFE_INTEGER ? `a whole number, at least ${min}` : `a whole number from ${min} to ${max}`
  const error = (issue: { readonly code?: string }): string => {
    if (issue.code === 'too_small') return `must be at least ${min}`
    if (issue.code === 'too_big') return `must be at most ${max}`
    return `expected ${range}`
  }
  return { params: { error }, checks: [z.minimum(min, { error }), z.maximum(max, { error })] }
}

/**
 * A whole number from `min` to `max` (default: the largest safe integer), as
 * a `zod/mini` schema; see {@link wholeNumberRule} for its messages.
 */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER): z.ZodMiniInt {
  const rule = wholeNumberRule(min, max)
  return z.int(rule.params).check(...rule.checks)
}

/** The most seats one schedule may have. */
export const MAX_SEATS_PER_SCHEDULE = 100_000
/** A seat number: 1 to {@link MAX_SEATS_PER_SCHEDULE}. */
export const seatNoSchema: z.ZodMiniInt = wholeNumber(1, MAX_SEATS_PER_SCHEDULE)
/** Points are whole numbers: no fractions, NaN, infinities or unsafe integers. */
export const pointsSchema: z.ZodMiniInt = wholeNumber(0)
/** Points to charge: at least 1. */
export const amountSchema: z.ZodMiniInt = wholeNumber(1)

/**
 * zod's English messages, for every issue a schema gives no message of its
 * own, as parse options. `zod/mini` loads no locale, and the core leaves
 * zod's global configuration to the application: it passes these to a parse.
 */
export const englishMessages: { readonly error: z.core.$ZodErrorMap } = { error: en().localeError }

/**
 * The issues of a refused input, with zod's messages where the schema gives
 * none. Written as the application configured zod (classic zod loads its
 * English locale; an application may set its own), or, where nothing is
 * configured (a bundle with only `zod/mini`, which loads no locale), parsed
 * again with {@link englishMessages}: the same issues, in English.
 */
function inWords(schema: z.core.$ZodType, input: unknown, error: z.core.$ZodError): readonly z.core.$ZodIssue[] {
  const configured = z.config()
  if (configured.localeError !== undefined || configured.customError !== undefined) return error.issues
  return z.safeParse(schema, input, englishMessages).error?.issues ?? error.issues
}

const pathText = (path: readonly PropertyKey[]): string => (path.length === 0 ? '(input)' : path.map(String).join('.'))

/**
 * Parses `input` once at the facade. The input is first read as plain data
 * (`readPlainData`: own properties only, each read once), so a getter or a
 * Proxy that throws is a ValidationFailed naming where, and a polluted
 * `Object.prototype` can supply no field; the parsed value handed on inherits
 * nothing either, for the same reason. The first issue names the field, so a
 * client learns what to fix; all issues are kept for logs. Takes a schema of
 * either zod API (`zod` or `zod/mini`). Messages zod writes itself follow the
 * application's zod configuration, and are English where it has none.
 *
 * @example
 * ```ts
 * import { idSchema, parseInput } from '@boxoffice/core'
 * import { z } from 'zod'
 *
 * parseInput(z.strictObject({ concertId: idSchema }), { concertId: 'spring gala' })
 * // err({ type: 'ValidationFailed', field: 'concertId', ... })
 * ```
 */
export function parseInput<S extends z.core.$ZodType>(
  schema: S,
  input: unknown,
): Result<z.output<S>, ValidationFailed> {
  return readPlainData(input).match(
    (own) => {
      // Parse options, even an error map, take zod off its fast path for objects (a valid input
      // then costs several times more): the common case parses bare.
      const parsed = z.safeParse(schema, own)
      // The parser built the output from plain data: reading it again cannot fail.
      if (parsed.success) return ok(readPlainData(parsed.data).unwrapOr(parsed.data) as z.output<S>)
      const issues = inWords(schema, own, parsed.error).map((issue) => {
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
