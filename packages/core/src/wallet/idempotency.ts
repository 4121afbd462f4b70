import { err, ok, type Result } from 'neverthrow'
import { idempotencyConflict, type IdempotencyConflict } from '../errors.js'

/**
 * What a store remembers of a key: which call used it, with which parameters
 * (the fingerprint), and the id of what it made (a ledger entry, a payment or a refund).
 * Keys are scoped per user. Only a call that took effect records its key, so a
 * rejected call (validation, insufficient balance...) can be retried with the
 * same key once the cause is fixed.
 */
export interface IdempotencyRecord {
  readonly userId: string
  readonly key: string
  readonly operation: 'charge' | 'pay' | 'refund'
  readonly fingerprint: string
  readonly resultId: string
  readonly createdAt: Date
}

/** The parameters a charge's idempotency key is bound to. */
export const chargeFingerprint = (amount: number): string => `amount=${amount}`
/** The parameters a payment's idempotency key is bound to. */
export const payFingerprint = (holdId: string): string => `hold=${holdId}`
/** The parameters a refund's idempotency key is bound to. */
export const refundFingerprint = (paymentId: string): string => `payment=${paymentId}`

/**
 * Stripe's rule: an unused key runs the call (`fresh`); the same key with the
 * same operation and parameters replays the first result (`replay`); anything
 * else is a conflict.
 */
export function matchIdempotency(
  record: IdempotencyRecord | undefined,
  operation: IdempotencyRecord['operation'],
  key: string,
  fingerprint: string,
): Result<{ kind: 'fresh' } | { kind: 'replay'; resultId: string }, IdempotencyConflict> {
  if (record === undefined) return ok({ kind: 'fresh' })
  if (record.operation !== operation || record.fingerprint !== fingerprint) return err(idempotencyConflict(key))
  return ok({ kind: 'replay', resultId: record.resultId })
}
