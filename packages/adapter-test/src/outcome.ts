import { inspect } from 'node:util'

/*
 * Readers for `ResultAsync#match`, so every Result in the suite is consumed
 * where it is made:
 *   const ticket = await box.queue.enter(input).match(keep, unexpected)
 *   const error = await box.holds.hold(input).match(unexpected, keep)
 *   const outcome = await box.wallet.charge(input).match(succeeded, failed)
 */

/** The value or error itself. */
export function keep<T>(value: T): T {
  return value
}

/** Fails the test: the call took the branch it must not take. */
export function unexpected(value: unknown): never {
  throw new Error(`unexpected result: ${describeValue(value)}`)
}

export type Outcome<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

export function succeeded<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value }
}

export function failed<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error }
}

/** The `type` of an outcome's error, or 'ok': what comparisons and counts look at. */
export function outcomeType(outcome: Outcome<unknown, { readonly type: string }>): string {
  return outcome.ok ? 'ok' : outcome.error.type
}

export function describeValue(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Infinity })
}
