import { errAsync, ResultAsync, type Result } from 'neverthrow'
import { storeConflict, type StoreConflict, type StoreUnavailable } from '@boxoffice/core'
import {
  classifyPostgresError,
  connectionSurvives,
  isRetry,
  type Retry,
  type Violations,
} from './classify-postgres-error.js'
import { checkOut } from './pool-checkout.js'
import type { PostgresPool, PostgresQueryable } from './postgres-pool.js'
import { execute, type Statement } from './statement.js'

/** What one attempt may fail with before retries are resolved. */
export type AttemptError<E> = E | Retry | StoreUnavailable | StoreConflict

/** Attempts per call when it keeps losing races (deadlock, serialization failure, unique race). */
const MAX_ATTEMPTS = 6
const BACKOFF_BASE_MS = 4

const pause = (attempt: number): Promise<void> =>
  // Full jitter: concurrent losers spread out instead of colliding again in step.
  new Promise((resolve) => setTimeout(resolve, Math.random() * BACKOFF_BASE_MS * 2 ** attempt))

/** Runs `attempt` again, after a jittered pause, while it answers Retry; then gives StoreConflict. */
export function withRetries<T, E extends { readonly type: string }>(
  attempt: () => ResultAsync<T, E | Retry>,
): ResultAsync<T, Exclude<E, Retry> | StoreConflict> {
  const run = (n: number): ResultAsync<T, Exclude<E, Retry> | StoreConflict> =>
    attempt().orElse((error) => {
      if (!isRetry(error)) return errAsync(error as Exclude<E, Retry>)
      if (n + 1 >= MAX_ATTEMPTS) return errAsync(storeConflict())
      return ResultAsync.fromSafePromise(pause(n)).andThen(() => run(n + 1))
    })
  return run(0)
}

/** One statement, one round trip, atomic on its own (autocommit). No retry: see {@link withRetries}. */
export function attemptStatement<Row, V = never>(
  db: PostgresQueryable,
  prepared: Statement,
  values: readonly unknown[],
  violations: Violations<V> = {},
): ResultAsync<Row[], AttemptError<V>> {
  return ResultAsync.fromPromise(execute<Row>(db, prepared, values), (cause) =>
    classifyPostgresError(cause, violations),
  )
}

/** One statement, retried on deadlock or serialization failure. */
export function runStatement<Row, V extends { readonly type: string } = never>(
  db: PostgresQueryable,
  prepared: Statement,
  values: readonly unknown[],
  violations: Violations<V> = {},
): ResultAsync<Row[], Exclude<V, Retry> | StoreUnavailable | StoreConflict> {
  return withRetries(() => attemptStatement<Row, V>(db, prepared, values, violations))
}

/**
 * The body of a transaction: runs statements on `tx` (they may throw: the
 * driver's errors are classified once, around the whole attempt) and answers
 * the call's Result. An Ok commits, an Err rolls back, so a refused call
 * leaves nothing behind.
 */
export type TransactionBody<T, E> = (tx: PostgresQueryable) => Promise<Result<T, E>>

async function transactOnce<T, E>(pool: PostgresPool, body: TransactionBody<T, E>): Promise<Result<T, E>> {
  const { client, lost, release } = await checkOut(pool)
  try {
    await client.query({ text: 'BEGIN' })
    const outcome = await body(client)
    await client.query({ text: outcome.isOk() ? 'COMMIT' : 'ROLLBACK' })
    release()
    return outcome
  } catch (cause) {
    // pg-pool does not roll back for us: a live session must leave clean or not at all.
    const clean =
      lost() === undefined &&
      connectionSurvives(cause) &&
      (await client.query({ text: 'ROLLBACK' }).then(
        () => true,
        () => false,
      ))
    release(!clean)
    throw cause
  }
}

/** One READ COMMITTED transaction, no retry: see {@link withRetries}. */
export function attemptTransaction<T, E, V = never>(
  pool: PostgresPool,
  body: TransactionBody<T, E>,
  violations: Violations<V> = {},
): ResultAsync<T, AttemptError<E | V>> {
  return ResultAsync.fromPromise(transactOnce(pool, body), (cause) => classifyPostgresError(cause, violations)).andThen(
    (outcome) => outcome,
  )
}

/** One transaction, retried on deadlock, serialization failure or a Retry answered by the body. */
export function runTransaction<T, E extends { readonly type: string }, V extends { readonly type: string } = never>(
  pool: PostgresPool,
  body: TransactionBody<T, E | Retry>,
  violations: Violations<V> = {},
): ResultAsync<T, Exclude<E | V, Retry> | StoreUnavailable | StoreConflict> {
  return withRetries(() => attemptTransaction(pool, body, violations))
}
