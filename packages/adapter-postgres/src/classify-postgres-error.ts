import { storeConflict, storeUnavailable, type StoreConflict, type StoreUnavailable } from '@boxoffice/core'

/**
 * Internal signal: the attempt lost a race the store resolves by trying again
 * (serialization failure, deadlock, a unique race). Never leaves the adapter:
 * after the last attempt it becomes StoreConflict.
 */
export interface Retry {
  readonly type: 'Retry'
}
export const retry: Retry = Object.freeze({ type: 'Retry' })

export const isRetry = (error: { readonly type: string }): error is Retry => error.type === 'Retry'

/**
 * What a constraint violation means for the call that hit it, by constraint
 * name (the names are fixed by the migrations). The handlers are read only
 * when a violation happens, so they may use what the call learnt on its way.
 */
export type Violations<V> = Readonly<Record<string, () => V | Retry>>

/** The SQLSTATE of a server error (`23505`...); node's socket errors carry `ECONN...` codes instead. */
function sqlState(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null || !('code' in cause)) return undefined
  const code = cause.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

function constraintOf(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null || !('constraint' in cause)) return undefined
  return typeof cause.constraint === 'string' ? cause.constraint : undefined
}

/**
 * The one place driver failures are classified:
 * - `40001` serialization failure, `40P01` deadlock: retry (then StoreConflict);
 * - class `23` integrity violations: the domain error the violated constraint
 *   means for this call, or StoreConflict for one the call did not expect
 *   (never StoreUnavailable: the store answered, and said no);
 * - anything else (refused, reset or terminated connections, pool and statement
 *   timeouts, a server shutting down, a schema not migrated): StoreUnavailable.
 *
 * @example
 * ```ts
 * ResultAsync.fromPromise(pool.query(config), (cause) =>
 *   classifyPostgresError(cause, { holds_one_claim_per_seat: () => seatUnavailable(scheduleId, seatNo) }),
 * )
 * ```
 */
export function classifyPostgresError<V = never>(
  cause: unknown,
  violations: Violations<V> = {},
): V | Retry | StoreUnavailable | StoreConflict {
  const state = sqlState(cause)
  if (state === '40001' || state === '40P01') return retry
  if (state?.startsWith('23')) {
    const handler = violations[constraintOf(cause) ?? '']
    return handler === undefined ? storeConflict() : handler()
  }
  return storeUnavailable(cause)
}

/**
 * Whether the connection that raised `cause` can go back to the pool: a server
 * error on a live session (SQLSTATE outside connection-exception `08` and
 * operator-intervention `57`) leaves it usable once rolled back.
 */
export function connectionSurvives(cause: unknown): boolean {
  const state = sqlState(cause)
  return state !== undefined && !state.startsWith('08') && !state.startsWith('57')
}
