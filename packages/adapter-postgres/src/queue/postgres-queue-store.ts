import { tokenNotFound, type QueuePolicy, type QueueToken, type StoreError, type TokenNotFound } from '@boxoffice/core'
import { authorizeToken, decideEnter, pollToken, type QueuePosition, type QueueStore } from '@boxoffice/core/adapter'
import { err, errAsync, ok, okAsync, type ResultAsync } from 'neverthrow'
import { attemptStatement, attemptTransaction, runStatement, withRetries, type AttemptError } from '../atomic.js'
import { retry, type Violations } from '../classify-postgres-error.js'
import type { PostgresPool } from '../postgres-pool.js'
import { DEFAULT_SCHEMA, quoteSchema } from '../schema-name.js'
import { execute } from '../statement.js'
import { admitTick } from './admit-tick.js'
import { queueStatements } from './queue-sql.js'
import { toPosition, toToken, type PositionColumns, type TokenRow } from './token-row.js'

/** What `createPostgresQueueStore` takes. */
export interface PostgresQueueStoreOptions {
  /** A `pg.Pool` (or anything with its `query` and `connect`); the application owns it. */
  readonly pool: PostgresPool
  /** The schema `migrate` created (default `boxoffice`). */
  readonly schema?: string
}

interface EnterCommand {
  readonly token: string
  readonly userId: string
  readonly concertId: string
  readonly now: Date
  readonly policy: QueuePolicy
}

const idleBefore = (now: Date, policy: QueuePolicy): Date => new Date(now.getTime() - policy.waitingIdleTtlMs)

// Two enters of one user racing for the same line: the loser retries and finds the winner's token.
const enterViolations: Violations<never> = { queue_tokens_one_live_per_user: () => retry }

/**
 * The waiting room on PostgreSQL. A status poll, a returning user's enter,
 * leave, complete and authorize are one statement (one round trip) each; a
 * new arrival is two (its place, then its rank in a fresh snapshot); a tick,
 * and the rare replacement of a dead token, are one transaction each.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import { createBoxOffice } from '@boxoffice/core'
 * import { createPostgresBookingStore, createPostgresQueueStore, migrate } from '@boxoffice/adapter-postgres'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 })
 * await migrate(pool)
 * const box = createBoxOffice({
 *   queue: createPostgresQueueStore({ pool }),
 *   booking: createPostgresBookingStore({ pool }),
 * })
 * ```
 */
export function createPostgresQueueStore(options: PostgresQueueStoreOptions): QueueStore {
  const pool = options.pool
  const sql = queueStatements(quoteSchema(options.schema ?? DEFAULT_SCHEMA))

  const positionOf = (token: QueueToken): ResultAsync<QueuePosition, AttemptError<never>> =>
    attemptStatement<PositionColumns>(pool, sql.positionBySeq, [token.concertId, token.seq]).map(([row]) =>
      toPosition(token, row ?? { ahead: '0', window_admitted: '0', window_since: null }),
    )

  // The user's token is dead (idle or expired, not swept yet): replace it under
  // its row lock, so two enters cannot both replace it.
  const replaceDead = (cmd: EnterCommand): ResultAsync<QueuePosition, AttemptError<never>> =>
    attemptTransaction(
      pool,
      async (tx) => {
        const [row] = await execute<TokenRow>(tx, sql.lockUserToken, [cmd.concertId, cmd.userId])
        const decision = decideEnter(row === undefined ? undefined : toToken(row), cmd.now, cmd.policy)
        // Live after all (another enter just made it): the fast path answers it.
        if (decision.kind === 'existing') return err(retry)
        if (decision.replaces !== null) await execute(tx, sql.remove, [decision.replaces.token])
        const [issued] = await execute<TokenRow>(tx, sql.issue, [cmd.token, cmd.concertId, cmd.userId, cmd.now])
        return issued === undefined ? err(retry) : ok(toToken(issued))
      },
      enterViolations,
    ).andThen(positionOf)

  const enterOnce = (cmd: EnterCommand): ResultAsync<QueuePosition, AttemptError<never>> =>
    attemptStatement<TokenRow & PositionColumns>(pool, sql.refreshLive, [
      cmd.concertId,
      cmd.userId,
      cmd.now,
      idleBefore(cmd.now, cmd.policy),
    ]).andThen(([live]) => {
      if (live !== undefined) return okAsync(toPosition(toToken(live), live))
      return attemptStatement<TokenRow>(
        pool,
        sql.issue,
        [cmd.token, cmd.concertId, cmd.userId, cmd.now],
        enterViolations,
      ).andThen(([issued]) => (issued === undefined ? replaceDead(cmd) : positionOf(toToken(issued))))
    })

  const remove = (token: string): ResultAsync<void, TokenNotFound | StoreError> =>
    runStatement<{ readonly token: string }>(pool, sql.remove, [token]).andThen((rows) =>
      rows.length === 0 ? errAsync(tokenNotFound(token)) : okAsync(undefined),
    )

  return {
    enter: (cmd) => withRetries(() => enterOnce(cmd)),

    status: ({ token, now, policy }) =>
      runStatement<TokenRow & PositionColumns>(pool, sql.poll, [token, now, idleBefore(now, policy)]).andThen(([row]) =>
        pollToken(token, row === undefined ? undefined : toToken(row), now, policy).map((polled) =>
          toPosition(polled, row ?? { ahead: null, window_admitted: '0', window_since: null }),
        ),
      ),

    leave: ({ token }) => remove(token),

    authorize: ({ token, userId, now, policy }) =>
      runStatement<TokenRow>(pool, sql.read, [token]).andThen(([row]) =>
        authorizeToken(token, row === undefined ? undefined : toToken(row), userId, now, policy),
      ),

    complete: ({ token }) => remove(token),

    admit: (cmd) => admitTick(pool, sql, cmd),

    concerts: ({ limit }) =>
      runStatement<{ readonly concert_id: string }>(pool, sql.concerts, [limit]).map((rows) =>
        rows.map((row) => row.concert_id),
      ),
  }
}
