import {
  holdLimitReached,
  holdNotExtendable,
  noAdjacentSeats,
  notEnoughSeats,
  scheduleNotFound,
  scheduleCancelled,
  seatUnavailable,
  tokenConcertMismatch,
  type Hold,
  type HoldNotExtendable,
  type ScheduleCancelled,
  type SeatUnavailable,
  type StoreError,
} from '@boxoffice/core'
import {
  extendHold,
  placeHold,
  releaseHold,
  type BestHoldCommand,
  type BestHoldError,
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

type HoldPart = Pick<BookingStore, 'holdSeat' | 'holdBest' | 'releaseHold' | 'extendHold' | 'expireHolds'>

/** A `place_hold_attempt` row: what place_hold saw in its last look, and whether it placed the hold. */
interface AttemptRow {
  readonly schedule_concert_id: string | null
  readonly seat_nos: readonly number[]
  readonly prices: readonly string[]
  readonly taken: readonly number[]
  readonly user_live_seats: string
  readonly placed: boolean
}

/** A `best_hold_attempt` row. */
interface BestAttemptRow {
  readonly schedule_concert_id: string | null
  readonly user_live_seats: string | null
  readonly seat_nos: readonly number[] | null
  readonly prices: readonly string[] | null
  readonly eligible: number
  readonly placed: boolean
}

function holdStatements(s: string) {
  return {
    // The whole hold, decided and written in the database (migration 0004).
    // $1 lock namespace, $2 hold id, $3 user, $4 token's concert, $5 schedule,
    // $6 seat nos, $7 now, $8 expires at, $9 max seats per user.
    placeHold: statement(`SELECT * FROM ${s}.place_hold($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
    // Best available, picked and written in the database (migration 0004).
    // $1 lock namespace, $2 hold id, $3 user, $4 token's concert, $5 schedule, $6 count,
    // $7 max price, $8 allow split, $9 now, $10 expires at, $11 max seats per user.
    holdBest: statement(`SELECT * FROM ${s}.hold_best_seats($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`),
    // releaseHold's success case as one conditional UPDATE: owner, HELD, unexpired.
    release: statement(`
      UPDATE ${s}.holds SET status = 'RELEASED'
       WHERE hold_id = $1 AND user_id = $2 AND status = 'HELD' AND expires_at > $3
      RETURNING ${HOLD_COLUMNS}`),
    // extendHold's success case as one conditional UPDATE: owner, HELD, unexpired, not extended yet.
    // The trigger moves every seat's claim along; hold_seats_one_claim_per_seat
    // refuses it if a later hold claims a seat meanwhile.
    extend: statement(`
      UPDATE ${s}.holds SET expires_at = expires_at + make_interval(secs => $4::double precision / 1000), extended = true
       WHERE hold_id = $1 AND user_id = $2 AND status = 'HELD' AND expires_at > $3 AND NOT extended
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

function toSituation(row: AttemptRow | undefined, cmd: PlaceHoldCommand): HoldSituation {
  const found = new Map((row?.seat_nos ?? []).map((seatNo, i) => [seatNo, Number(row?.prices[i] ?? 0)]))
  return {
    scheduleConcertId: row?.schedule_concert_id ?? undefined,
    seats: cmd.seatNos.map((seatNo) => {
      const price = found.get(seatNo)
      return price === undefined ? undefined : { seatNo, price }
    }),
    taken: row?.taken ?? [],
    userLiveSeats: Number(row?.user_live_seats ?? 0),
  }
}

/** 32-bit FNV-1a of the schema: the advisory lock namespace, so two schemas never share user locks. */
function lockNamespace(schema: string): number {
  let hash = 0x811c9dc5
  for (const char of `boxoffice:holds:${schema}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193)
  return hash | 0
}

/**
 * The core's answer for what place_hold saw: the hold it placed, or why not.
 * place_hold decides with placeHold's own checks, so the two always agree; a
 * disagreement is a bug in this package, never an outcome to report.
 */
function holdOutcome(
  row: AttemptRow | undefined,
  situation: HoldSituation,
  cmd: PlaceHoldCommand & { readonly now: Date },
): Result<Hold, PlaceHoldError> {
  const placed = row?.placed === true
  const disagree = (): Error =>
    new Error(`place_hold and placeHold disagree on hold ${cmd.holdId} (place_hold placed it: ${String(placed)})`)
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

/**
 * What hold_best_seats answered, as placeBestHold would: the hold placed on
 * the seats it picked, or the refusal in placeBestHold's order (schedule,
 * concert, seat limit, then too few seats or no adjacent block).
 */
function bestOutcome(
  row: BestAttemptRow | undefined,
  cmd: BestHoldCommand & { readonly now: Date },
): Result<Hold, BestHoldError> {
  const concertId = row?.schedule_concert_id ?? undefined
  if (concertId === undefined) return err(scheduleNotFound(cmd.scheduleId))
  if (concertId !== cmd.concertId) return err(tokenConcertMismatch(cmd.token, cmd.concertId))
  const userLiveSeats = Number(row?.user_live_seats ?? 0)
  if (row?.placed !== true || row.seat_nos === null || row.prices === null) {
    if (userLiveSeats + cmd.count > cmd.maxSeatsPerUser) return err(holdLimitReached(cmd.maxSeatsPerUser))
    const eligible = row?.eligible ?? 0
    return err(
      eligible < cmd.count
        ? notEnoughSeats(cmd.scheduleId, cmd.count, eligible)
        : noAdjacentSeats(cmd.scheduleId, cmd.count),
    )
  }
  const prices = row.prices
  const seats = row.seat_nos.map((seatNo, i) => ({ seatNo, price: Number(prices[i] ?? 0) }))
  return placeHold(
    { scheduleConcertId: concertId, seats, taken: [], userLiveSeats },
    { ...cmd, seatNos: row.seat_nos },
    cmd.now,
  ).mapErr((refused): BestHoldError => {
    throw new Error(`hold_best_seats placed hold ${cmd.holdId}, but placeHold refuses it: ${refused.type}`)
  })
}

type HoldAnswer = Result<Hold, PlaceHoldError | StoreError>

/**
 * Another caller's answer from what a place_hold call for one seat saw (with
 * the hold it placed as the seat's claim), when that answer does not depend on
 * who asks: the seat is missing, of another concert, or claimed. Undefined otherwise.
 */
function answerFromSeen(seen: HoldSituation, cmd: PlaceHoldCommand & { readonly now: Date }): HoldAnswer | undefined {
  return placeHold({ ...seen, userLiveSeats: 0 }, cmd, cmd.now).match(
    () => undefined,
    (refused) => err(refused),
  )
}

/**
 * Holds. `holdSeat` is one statement, the place_hold function (migration
 * 0004): a refusal is read without a lock, so a call losing a race for a seat
 * costs one short statement and never waits; a hold that looks possible locks
 * its user and seats (in seat order) inside that statement and decides again.
 * Calls in this process for one single seat take turns ({@link SeatTurns}), so
 * a crowd racing for it is mostly answered from the statement of the call
 * before them. `holdBest` is one statement too, hold_best_seats.
 */
export function createHoldStore(pool: PostgresPool, schema: string): HoldPart {
  const sql = holdStatements(schema)
  const namespace = lockNamespace(schema)

  const turns = new SeatTurns<HoldSituation, HoldAnswer>()

  const send = async (cmd: PlaceHoldCommand & { readonly now: Date }) => {
    const sent = await runStatement<AttemptRow, SeatUnavailable | ScheduleCancelled>(
      pool,
      sql.placeHold,
      [
        namespace,
        cmd.holdId,
        cmd.userId,
        cmd.concertId,
        cmd.scheduleId,
        cmd.seatNos,
        cmd.now,
        // placeHold's expiry, so the row written and the hold answered agree.
        new Date(cmd.now.getTime() + cmd.ttlMs),
        cmd.maxSeatsPerUser,
      ],
      {
        // The database's own guard (exclusion constraint): a claim that overlaps
        // another on a seat, whatever the application decided.
        hold_seats_one_claim_per_seat: () => seatUnavailable(cmd.scheduleId, cmd.seatNos),
        // The schedule was cancelled (trigger, migration 0006): placeHold checks it last.
        holds_schedule_not_cancelled: () => scheduleCancelled(cmd.scheduleId),
      },
    )
    return sent.match(
      ([row]) => {
        const situation = toSituation(row, cmd)
        return holdOutcome(row, situation, cmd).match(
          (hold) => ({ answer: ok(hold), seen: { ...situation, taken: hold.seatNos } }),
          (refused) => ({ answer: err(refused), seen: situation }),
        )
      },
      (failed) => ({ answer: err(failed), seen: undefined }),
    )
  }

  const extendViolations = (holdId: string): Violations<HoldNotExtendable> => ({
    // A later hold claims a seat of this one (the hold lapsed by another clock).
    hold_seats_one_claim_per_seat: () => holdNotExtendable(holdId, 'EXPIRED'),
  })

  return {
    holdSeat: (cmd) => {
      const [seatNo, ...more] = cmd.seatNos
      if (more.length > 0 || seatNo === undefined) {
        return ResultAsync.fromSafePromise(send(cmd)).andThen(({ answer }) => answer)
      }
      return ResultAsync.fromSafePromise(
        turns.take(
          `${cmd.scheduleId}\u0000${seatNo}`,
          () => send(cmd),
          (seen) => answerFromSeen(seen, cmd),
        ),
      ).andThen((answer) => answer)
    },

    holdBest: (cmd) =>
      runStatement<BestAttemptRow, ScheduleCancelled>(
        pool,
        sql.holdBest,
        [
          namespace,
          cmd.holdId,
          cmd.userId,
          cmd.concertId,
          cmd.scheduleId,
          cmd.count,
          cmd.maxPrice,
          cmd.allowSplit,
          cmd.now,
          new Date(cmd.now.getTime() + cmd.ttlMs),
          cmd.maxSeatsPerUser,
        ],
        // A place_hold took a picked seat between the pick and the insert: pick again.
        {
          hold_seats_one_claim_per_seat: () => retry,
          // The schedule was cancelled (trigger, migration 0006): placeBestHold checks it last.
          holds_schedule_not_cancelled: () => scheduleCancelled(cmd.scheduleId),
        },
      ).andThen(([row]) => bestOutcome(row, cmd)),

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

    extendHold: ({ holdId, userId, extendMs, now }) =>
      withRetries(() =>
        attemptStatement<HoldRow, HoldNotExtendable>(
          pool,
          sql.extend,
          [holdId, userId, now, extendMs],
          extendViolations(holdId),
        ).andThen(([extended]) => {
          if (extended !== undefined) return okAsync(toHold(extended))
          return attemptStatement<HoldRow>(pool, sql.read, [holdId]).andThen(([row]) => {
            // Whether the hold still claims its seats is judged by the exclusion constraint above.
            const hold = row === undefined ? undefined : toHold(row)
            const decided = extendHold(holdId, hold, userId, extendMs, now, true)
            return decided.isErr() ? errAsync(decided.error) : errAsync(retry)
          })
        }),
      ),

    expireHolds: ({ now, limit }) =>
      runStatement<{ readonly swept: string }>(pool, sql.expire, [now, limit]).map(([row]) => Number(row?.swept ?? 0)),
  }
}
