import * as z from 'zod'
import { titleSchema, type CreateConcertInput } from './catalog/schema.js'
import { idempotencyKeyFormat, idFormat, MAX_SEATS_PER_SCHEDULE, tokenFormat, wholeNumberRule } from './validation.js'

/*
 * Schema fragments for the code around the facade (an HTTP layer, a form),
 * as classic `zod` schemas so they take `.meta()`, `.optional()` and the rest.
 * Each is built from the very checks the facade validates with (`zod/mini`,
 * in `validation.ts`), so both refuse the same values with the same messages.
 * Every value here is marked pure: an application that imports none of them
 * bundles none of them, nor classic zod.
 */

/**
 * Ids (users, concerts, schedules, holds, tokens): 1-128 characters of
 * `A-Z a-z 0-9 . _ : @ -`. No braces, so an id can never forge a Redis hash tag,
 * and no whitespace or control characters.
 *
 * @example
 * ```ts
 * const concertParams = z.strictObject({ concertId: idSchema })
 * ```
 */
export const idSchema: z.ZodString = /* @__PURE__ */ z.string().check(idFormat)

/**
 * A queue token as `box.queue.enter` issues it: `<concertId>~<random id>`.
 *
 * @example
 * ```ts
 * const headers = z.object({ 'Queue-Token': tokenSchema.meta({ description: 'The queue token.' }) })
 * ```
 */
export const tokenSchema: z.ZodString = /* @__PURE__ */ z.string().check(tokenFormat)

/**
 * Idempotency keys: 1-255 printable ASCII characters, as most HTTP APIs accept.
 *
 * @example
 * ```ts
 * const headers = z.object({ 'Idempotency-Key': idempotencyKeySchema.optional() })
 * ```
 */
export const idempotencyKeySchema: z.ZodString = /* @__PURE__ */ z.string().check(idempotencyKeyFormat)

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
  const rule = wholeNumberRule(min, max)
  return z.int(rule.params).check(...rule.checks)
}

/**
 * A seat number: 1 to {@link MAX_SEATS_PER_SCHEDULE}.
 *
 * @example
 * ```ts
 * const holdBody = z.strictObject({ scheduleId: idSchema, seatNo: seatNoSchema })
 * ```
 */
export const seatNoSchema: z.ZodInt = /* @__PURE__ */ wholeNumber(1, MAX_SEATS_PER_SCHEDULE)

/**
 * Points are whole numbers: no fractions, NaN, infinities or unsafe integers.
 *
 * @example
 * ```ts
 * const seat = z.strictObject({ seatNo: seatNoSchema, price: pointsSchema })
 * ```
 */
export const pointsSchema: z.ZodInt = /* @__PURE__ */ wholeNumber(0)

/**
 * Points to charge: at least 1.
 *
 * @example
 * ```ts
 * const chargeBody = z.strictObject({ amount: amountSchema.meta({ example: 100 }) })
 * ```
 */
export const amountSchema: z.ZodInt = /* @__PURE__ */ wholeNumber(1)

/**
 * The input of `box.catalog.createConcert`, `{ title }` with the title trimmed
 * to 1-200 characters, as a request body an integration can reuse.
 *
 * @example
 * ```ts
 * const body = createConcertInput.meta({ id: 'CreateConcertBody' })
 * ```
 */
export const createConcertInput: z.ZodType<CreateConcertInput> = /* @__PURE__ */ z.strictObject({ title: titleSchema })
