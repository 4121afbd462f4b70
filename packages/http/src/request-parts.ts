import { parseInput, validationFailed, type ValidationFailed } from '@boxoffice/core'
import { err, type Result } from 'neverthrow'
import { idSchema } from '@boxoffice/core'
import { z } from 'zod'
import {
  missingIdempotencyKey,
  missingIdentity,
  missingQueueToken,
  type MissingIdempotencyKey,
  type MissingIdentity,
  type MissingQueueToken,
} from './api-error.js'
import type { HeaderValue, HttpRequestParts } from './http-exchange.js'
import { chargeHeaders, paymentHeaders, tokenHeaders } from './request-schemas.js'

type Headers = HttpRequestParts['headers']

// Built once: these run on every request.
const tokenHeader = tokenHeaders.pick({ 'Queue-Token': true })
const paymentKeyHeader = paymentHeaders.pick({ 'Idempotency-Key': true })
const chargeKeyHeader = chargeHeaders.pick({ 'Idempotency-Key': true })
const caller = z.strictObject({ userId: idSchema })

/** A header's text; a repeated header is joined as Node joins unknown ones, so it fails validation. */
function headerText(headers: Headers, name: string): string | undefined {
  const value: HeaderValue = headers[name.toLowerCase()]
  const text = typeof value === 'string' ? value : value?.join(', ')
  return text === undefined || text.trim() === '' ? undefined : text
}

/**
 * The caller the host's `identify` hook named: MissingIdentity (401) when it
 * named nobody, ValidationFailed of `userId` (400) when the name is not an id.
 */
export function readUserId(
  request: Pick<HttpRequestParts, 'userId'>,
): Result<string, MissingIdentity | ValidationFailed> {
  if (request.userId === undefined || request.userId === '') return err(missingIdentity())
  return parseInput(caller, { userId: request.userId }).map((parsed) => parsed.userId)
}

/** The token from `Queue-Token`: 401 when absent, 400 when it is not a token. */
export function readQueueToken(headers: Headers): Result<string, MissingQueueToken | ValidationFailed> {
  const value = headerText(headers, 'Queue-Token')
  if (value === undefined) return err(missingQueueToken())
  return parseInput(tokenHeader, { 'Queue-Token': value }).map((parsed) => parsed['Queue-Token'])
}

/** `Idempotency-Key` for a payment: required (MissingIdempotencyKey when absent), because a retried payment must never pay twice. */
export function readPaymentKey(headers: Headers): Result<string, MissingIdempotencyKey | ValidationFailed> {
  const value = headerText(headers, 'Idempotency-Key')
  if (value === undefined) return err(missingIdempotencyKey())
  return parseInput(paymentKeyHeader, { 'Idempotency-Key': value }).map((parsed) => parsed['Idempotency-Key'])
}

/** `Idempotency-Key` for a charge: optional. */
export function readChargeKey(headers: Headers): Result<string | undefined, ValidationFailed> {
  const value = headerText(headers, 'Idempotency-Key')
  return parseInput(chargeKeyHeader, { 'Idempotency-Key': value }).map((parsed) => parsed['Idempotency-Key'])
}

/** Path parameters; a failure names the parameter. */
export function readParams<S extends z.ZodType>(
  schema: S,
  params: HttpRequestParts['params'],
): Result<z.output<S>, ValidationFailed> {
  return parseInput(schema, { ...params })
}

/** The JSON body; a failure names the field as `body.<field>` (`body` when there is none). */
export function readBody<S extends z.ZodType>(schema: S, body: unknown): Result<z.output<S>, ValidationFailed> {
  const prefix = (path: string): string => (path === '(input)' ? 'body' : `body.${path}`)
  return parseInput(schema, body).mapErr((error) =>
    validationFailed(
      prefix(error.field),
      error.issues.map((issue) => ({ ...issue, path: prefix(issue.path) })),
    ),
  )
}
