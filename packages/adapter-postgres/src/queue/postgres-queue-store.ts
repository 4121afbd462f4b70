import {
  type LineSettings,
  type QueuePolicy,
  type QueueToken,
  type SaleClosed,
  saleClosed,
  type StoreError,
  type TokenNotFound,
  tokenNotFound,
} from '@boxoffice/core'
import {
  applyControls,
  authorizeToken,
  decideEnter,
  decideSchedule,
  pollToken,
  type QueuePosition,
  type QueueStore,
  saleStage,
} from '@boxoffice/core/adapter'
import { err, errAsync, ok, okAsync, type ResultAsync } from 'neverthrow'
import {
  attemptStatement,
  attemptTransaction,
  runStatement,
  runTransaction,
  withRetries,
  type AttemptError,
} from '../atomic.js'
import { retry, type Violations } from '../classify-postgres-error.js'
import type { PostgresPool, PostgresQueryable } from '../postgres-pool.js'
import { DEFAULT_SCHEMA, quoteSchema } from '../schema-name.js'
import { execute } from '../statement.js'
import { admitTick } from './admit-tick.js'
import { queueStatements } from './queue-sql.js'
import { toLineSettings, toPosition, toToken, type LineRow, type PositionColumns, type TokenRow } from './token-row.js'

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

/** What a new token of the line is: decided from the line's settings read at the start of the enter. */
type Arrival = 'WAITING' | 'PRE_QUEUED'

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
      toPosition(token, row ?? { ahead: '0', window_admitted: '0', window_since: null, line: null }),
    )

  const readLine = (concertId: string): ResultAsync<LineSettings, AttemptError<never>> =>
    attemptStatement<LineRow>(pool, sql.readLine, [concertId]).map(([row]) => toLineSettings(concertId, row))

  // The user's token is dead (idle or expired, not swept yet): replace it under
  // its row lock, so two enters cannot both replace it.
  const replaceDead = (
    cmd: EnterCommand,
    arrival: Arrival,
    line: LineSettings,
  ): ResultAsync<QueuePosition, AttemptError<never>> =>
    attemptTransaction(
      pool,
      async (tx) => {
        const [row] = await execute<TokenRow>(tx, sql.lockUserToken, [cmd.concertId, cmd.userId])
        const decision = decideEnter(
          row === undefined ? undefined : toToken(row),
          cmd.now,
          cmd.policy,
          line.salesOpenAt,
        )
        // Live after all (another enter just made it): the fast path answers it.
        if (decision.kind === 'existing') return err(retry)
        if (decision.replaces !== null) await execute(tx, sql.remove, [decision.replaces.token])
        const [issued] = await execute<TokenRow>(tx, sql.issue, [
          cmd.token,
          cmd.concertId,
          cmd.userId,
          cmd.now,
          arrival,
        ])
        return issued === undefined ? err(retry) : ok(toToken(issued))
      },
      enterViolations,
    ).andThen(positionOf)

  const enterOnce = (cmd: EnterCommand): ResultAsync<QueuePosition, AttemptError<SaleClosed>> =>
    readLine(cmd.concertId).andThen((line) => {
      const stage = saleStage(line, cmd.now)
      if (stage === 'closed') return errAsync(saleClosed(cmd.concertId, line.salesCloseAt ?? cmd.now))
      const arrival: Arrival = stage === 'before' ? 'PRE_QUEUED' : 'WAITING'
      return attemptStatement<TokenRow & PositionColumns>(pool, sql.refreshLive, [
        cmd.concertId,
        cmd.userId,
        cmd.now,
        idleBefore(cmd.now, cmd.policy),
      ]).andThen(([live]) => {
        if (live !== undefined) return okAsync(toPosition(toToken(live), live))
        return attemptStatement<TokenRow>(
          pool,
          sql.issue,
          [cmd.token, cmd.concertId, cmd.userId, cmd.now, arrival],
          enterViolations,
        ).andThen(([issued]) => (issued === undefined ? replaceDead(cmd, arrival, line) : positionOf(toToken(issued))))
      })
    })

  const saveLine = async (tx: PostgresQueryable, line: LineSettings): Promise<LineSettings> => {
    const [saved] = await execute<LineRow>(tx, sql.saveLine, [
      line.concertId,
      line.salesOpenAt,
      line.salesCloseAt,
      line.paused,
      line.maxActive,
      line.admitPerTick,
    ])
    return toLineSettings(line.concertId, saved)
  }

  const remove = (token: string): ResultAsync<void, TokenNotFound | StoreError> =>
    runStatement<{ readonly token: string }>(pool, sql.remove, [token]).andThen((rows) =>
      rows.length === 0 ? errAsync(tokenNotFound(token)) : okAsync(undefined),
    )

  return {
    enter: (cmd) => withRetries(() => enterOnce(cmd)),

    status: ({ token, now, policy }) =>
      runStatement<TokenRow & PositionColumns>(pool, sql.poll, [token, now, idleBefore(now, policy)]).andThen(([row]) =>
        pollToken(
          token,
          row === undefined ? undefined : toToken(row),
          now,
          policy,
          row === undefined ? null : toLineSettings(row.concert_id, row.line).salesOpenAt,
        ).map((polled) =>
          toPosition(polled, row ?? { ahead: null, window_admitted: '0', window_since: null, line: null }),
        ),
      ),

    leave: ({ token }) => remove(token),

    authorize: ({ token, userId, now, policy }) =>
      runStatement<TokenRow & Pick<PositionColumns, 'line'>>(pool, sql.read, [token]).andThen(([row]) =>
        authorizeToken(
          token,
          row === undefined ? undefined : toToken(row),
          userId,
          now,
          policy,
          row === undefined ? null : toLineSettings(row.concert_id, row.line).salesOpenAt,
        ),
      ),

    complete: ({ token }) => remove(token),

    admit: (cmd) => admitTick(pool, sql, cmd),

    concerts: ({ limit }) =>
      runStatement<{ readonly concert_id: string }>(pool, sql.concerts, [limit]).map((rows) =>
        rows.map((row) => row.concert_id),
      ),

    lineSettings: ({ concertId }) => withRetries(() => readLine(concertId)),

    // decideSchedule (the core's rule, applied here) over the locked line and its live count
    scheduleSale: ({ concertId, window, now }) =>
      runTransaction(pool, async (tx) => {
        const [row] = await execute<LineRow>(tx, sql.lockLine, [concertId])
        const [count] = await execute<{ readonly live: string }>(tx, sql.countLive, [concertId])
        const decided = decideSchedule(toLineSettings(concertId, row), window, Number(count?.live ?? 0), now)
        return decided.isErr() ? err(decided.error) : ok(await saveLine(tx, decided.value))
      }),

    controlLine: ({ concertId, controls }) =>
      runTransaction(pool, async (tx) => {
        const [row] = await execute<LineRow>(tx, sql.lockLine, [concertId])
        return ok(await saveLine(tx, applyControls(toLineSettings(concertId, row), controls)))
      }),
  }
}
