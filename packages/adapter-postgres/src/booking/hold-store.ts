import {
  seatNotFound,
  seatUnavailable,
  type Hold,
  type SeatNotFound,
  type SeatUnavailable,
  type StoreError,
} from '@boxoffice/core'
import {
  placeHold,
  releaseHold,
  type BookingStore,
  type HoldSituation,
  type PlaceHoldCommand,
  type PlaceHoldError,
} from '@boxoffice/core/adapter'
import { err, errAsync, ok, okAsync, ResultAsync, type Result } from 'neverthrow'
import { attemptStatement, runStatement, withRetries } from '../atomic.js'
import { retry, type Violations } from '../classify-postgres-error.js'
import type { PostgresPool } from '../postgres-pool.js'
import { statement } from '../statement.js'
import { HOLD_COLUMNS, toHold, type HoldRow } from './booking-rows.js'
import { SeatTurns } from './seat-turns.js'

type HoldPart = Pick<BookingStore, 'holdSeat' | 'releaseHold' | 'expireHolds'>

/** A `hold_attempt` row: what hold_seat saw in its last look, and whether it placed the hold. */
interface AttemptRow extends Partial<Omit<HoldRow, 'hold_id'>> {
  readonly schedule_concert_id: string | null
  readonly seat_id: string | null
  readonly seat_price: string | null
  readonly hold_id: string | null
  readonly user_live_holds: string
  readonly placed: boolean
}

function holdStatements(s: string) {
  return {
    // The whole hold, decided and written in the database (migration 0002).
    // $1 lock namespace, $2 hold id, $3 user, $4 token's concert, $5 schedule,
    // $6 seat no, $7 now, $8 expires at, $9 max per user.
    holdSeat: statement(`SELECT * FROM ${s}.hold_seat($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
    // releaseHold's success case as one conditional UPDATE: owner, HELD, unexpired.
    release: statement(`
      UPDATE ${s}.holds SET status = 'RELEASED'
       WHERE hold_id = $1 AND user_id = $2 AND status = 'HELD' AND expires_at > $3
      RETURNING ${HOLD_COLUMNS}`),
    read: statement(`SELECT ${HOLD_COLUMNS} FROM ${s}.holds WHERE hold_id = $1`),
    // Holds a payment is settling right now are skipped, not waited for.
    expire: statement(`
      WITH swept AS (
        UPDATE ${s}.holds SET status = 'EXPIRED' WHERE hold_id IN (
          SELECT hold_id FROM ${s}.holds WHERE status = 'HELD' AND expires_at <= $1
           ORDER BY expires_at LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED)
        RETURNING 1)
      SELECT count(*) AS swept FROM swept`),
  }
}

function toSituation(row: AttemptRow | undefined, seatNo: number): HoldSituation {
  return {
    scheduleConcertId: row?.schedule_concert_id ?? undefined,
    seat: row?.seat_id === null || row?.seat_id === undefined ? undefined : { seatNo, price: Number(row.seat_price) },
    claim: row?.hold_id === null || row?.hold_id === undefined ? undefined : toHold(row as HoldRow),
    userLiveHolds: Number(row?.user_live_holds ?? 0),
  }
}

/** 32-bit FNV-1a of the schema: the advisory lock namespace, so two schemas never share user locks. */
function lockNamespace(schema: string): number {
  let hash = 0x811c9dc5
  for (const char of `boxoffice:holds:${schema}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193)
  return hash | 0
}

function holdViolations(cmd: PlaceHoldCommand): Violations<SeatUnavailable | SeatNotFound> {
  return {
    // The database's own guard (exclusion constraint): a claim that overlaps
    // another on the seat, whatever the application decided.
    holds_one_claim_per_seat: () => seatUnavailable(cmd.scheduleId, cmd.seatNo),
    holds_seat_exists: () => seatNotFound(cmd.scheduleId, cmd.seatNo),
  }
}

/**
 * The core's answer for what hold_seat saw: the hold it placed, or why not.
 * hold_seat decides with placeHold's own checks, so the two always agree; a
 * disagreement is a bug in this package, never an outcome to report.
 */
function holdOutcome(
  row: AttemptRow | undefined,
  situation: HoldSituation,
  cmd: PlaceHoldCommand & { readonly now: Date },
): Result<Hold, PlaceHoldError> {
  const placed = row?.placed === true
  const disagree = (): Error =>
    new Error(`hold_seat and placeHold disagree on hold ${cmd.holdId} (hold_seat placed it: ${String(placed)})`)
  return placeHold(situation, cmd, cmd.now).match(
    (hold): Result<Hold, PlaceHoldError> => {
      if (!placed) throw disagree()
      return ok(hold)
    },
    (refused): Result<Hold, PlaceHoldError> => {
      if (placed) throw disagree()
      return err(refused)
    },
  )
}

type HoldAnswer = Result<Hold, PlaceHoldError | StoreError>

/**
 * Another caller's answer from what a hold_seat call saw (with the hold it
 * placed as the seat's claim), when that answer does not depend on who asks:
 * the seat is missing, of another concert, or claimed. Undefined otherwise.
 */
function answerFromSeen(seen: HoldSituation, cmd: PlaceHoldCommand & { readonly now: Date }): HoldAnswer | undefined {
  return placeHold({ ...seen, userLiveHolds: 0 }, cmd, cmd.now).match(
    () => undefined,
    (refused) => err(refused),
  )
}

/**
 * Holds. `holdSeat` is one statement, the hold_seat function (migration
 * 0002): a refusal is read without a lock, so a call losing a race for a seat
 * costs one short statement and never waits; a hold that looks possible locks
 * its user and seat inside that statement and decides again. Calls in this
 * process for one seat take turns ({@link SeatTurns}), so a crowd racing for
 * it is mostly answered from the statement of the call before them.
 */
export function createHoldStore(pool: PostgresPool, schema: string): HoldPart {
  const sql = holdStatements(schema)
  const namespace = lockNamespace(schema)

  const turns = new SeatTurns<HoldSituation, HoldAnswer>()

  const send = async (cmd: PlaceHoldCommand & { readonly now: Date }) => {
    const sent = await runStatement<AttemptRow, SeatUnavailable | SeatNotFound>(
      pool,
      sql.holdSeat,
      [
        namespace,
        cmd.holdId,
        cmd.userId,
        cmd.concertId,
        cmd.scheduleId,
        cmd.seatNo,
        cmd.now,
        // placeHold's expiry, so the row written and the hold answered agree.
        new Date(cmd.now.getTime() + cmd.ttlMs),
        cmd.maxPerUser,
      ],
      holdViolations(cmd),
    )
    return sent.match(
      ([row]) => {
        const situation = toSituation(row, cmd.seatNo)
        return holdOutcome(row, situation, cmd).match(
          (hold) => ({ answer: ok(hold), seen: { ...situation, claim: hold } }),
          (refused) => ({ answer: err(refused), seen: situation }),
        )
      },
      (failed) => ({ answer: err(failed), seen: undefined }),
    )
  }

  return {
    holdSeat: (cmd) =>
      ResultAsync.fromSafePromise(
        turns.take(
          `${cmd.scheduleId}\u0000${cmd.seatNo}`,
          () => send(cmd),
          (seen) => answerFromSeen(seen, cmd),
        ),
      ).andThen((answer) => answer),

    releaseHold: ({ holdId, userId, now }) =>
      withRetries(() =>
        attemptStatement<HoldRow>(pool, sql.release, [holdId, userId, now]).andThen(([released]) => {
          if (released !== undefined) return okAsync(toHold(released))
          // Not released: read the hold and let the core's rule say why.
          return attemptStatement<HoldRow>(pool, sql.read, [holdId]).andThen(([row]) => {
            const decided = releaseHold(holdId, row === undefined ? undefined : toHold(row), userId, now)
            // The rule would release it after all: it changed under us, so look again.
            return decided.isErr() ? errAsync(decided.error) : errAsync(retry)
          })
        }),
      ),

    expireHolds: ({ now, limit }) =>
      runStatement<{ readonly swept: string }>(pool, sql.expire, [now, limit]).map(([row]) => Number(row?.swept ?? 0)),
  }
}
