import {
  placeHold,
  releaseHold,
  seatNotFound,
  seatUnavailable,
  type BookingStore,
  type Hold,
  type HoldSituation,
  type PlaceHoldCommand,
  type PlaceHoldError,
  type SeatNotFound,
  type SeatUnavailable,
} from '@boxoffice/core'
import { err, errAsync, ok, okAsync, type Result } from 'neverthrow'
import { attemptStatement, runStatement, runTransaction, withRetries } from '../atomic.js'
import { retry, type Violations } from '../classify-postgres-error.js'
import type { PostgresPool } from '../postgres-pool.js'
import { execute, statement } from '../statement.js'
import { HOLD_COLUMNS, toHold, type HoldRow } from './booking-rows.js'

type HoldPart = Pick<BookingStore, 'holdSeat' | 'releaseHold' | 'expireHolds'>

interface SituationRow extends Partial<Omit<HoldRow, 'hold_id'>> {
  readonly schedule_concert_id: string | null
  readonly seat_id: string | null
  readonly seat_price: string | null
  readonly hold_id: string | null
  readonly user_live_holds: string
}

function holdStatements(s: string) {
  return {
    // Everything placeHold needs, read in one snapshot: the schedule's concert,
    // the seat, the claim on it (a live one first, else the latest), and the
    // user's live holds. $1 schedule, $2 seat no, $3 user, $4 now.
    situation: statement(`
      SELECT sc.concert_id AS schedule_concert_id, st.seat_id, st.price AS seat_price,
        claim.hold_id, claim.user_id, claim.concert_id, claim.schedule_id, claim.seat_no, claim.price,
        claim.status, claim.created_at, claim.expires_at,
        (SELECT count(*) FROM ${s}.holds u
          WHERE u.user_id = $3 AND u.status = 'HELD' AND u.expires_at > $4) AS user_live_holds
      FROM (SELECT 1) AS one
      LEFT JOIN ${s}.schedules sc ON sc.schedule_id = $1
      LEFT JOIN ${s}.seats st ON st.schedule_id = sc.schedule_id AND st.seat_no = $2
      LEFT JOIN LATERAL (
        SELECT ${HOLD_COLUMNS} FROM ${s}.holds h WHERE h.seat_id = st.seat_id
         ORDER BY (h.status = 'CONFIRMED' OR (h.status = 'HELD' AND h.expires_at > $4)) DESC, h.created_at DESC
         LIMIT 1) claim ON true`),
    // The user's hold count is guarded by an advisory lock per (schema, user):
    // there is no user row to lock, and the lock ends with the transaction.
    lockHolder: statement(`SELECT pg_advisory_xact_lock($1::integer, hashtext($2)) AS locked`),
    lockSeat: statement(`SELECT seat_id FROM ${s}.seats WHERE seat_id = $1 FOR NO KEY UPDATE`),
    insert: statement(`
      INSERT INTO ${s}.holds
        (hold_id, user_id, concert_id, schedule_id, seat_no, seat_id, price, status, created_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, 'HELD', $8, $9)`),
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

function toSituation(
  row: SituationRow | undefined,
  seatNo: number,
): HoldSituation & { readonly seatId: string | null } {
  return {
    scheduleConcertId: row?.schedule_concert_id ?? undefined,
    seat: row?.seat_id === null || row?.seat_id === undefined ? undefined : { seatNo, price: Number(row.seat_price) },
    claim: row?.hold_id === null || row?.hold_id === undefined ? undefined : toHold(row as HoldRow),
    userLiveHolds: Number(row?.user_live_holds ?? 0),
    seatId: row?.seat_id ?? null,
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
 * Holds. `holdSeat` first decides from a lock-free snapshot: a refusal read
 * there is already a true answer (the seat was taken, the limit reached), so
 * the crowd losing a race for one seat costs one read each and no lock. Only
 * a hold that looks possible locks its user and seat and decides again.
 */
export function createHoldStore(pool: PostgresPool, schema: string): HoldPart {
  const sql = holdStatements(schema)
  const namespace = lockNamespace(schema)

  const situationOf = (cmd: PlaceHoldCommand & { readonly now: Date }): readonly unknown[] => [
    cmd.scheduleId,
    cmd.seatNo,
    cmd.userId,
    cmd.now,
  ]

  return {
    holdSeat: (cmd) =>
      runStatement<SituationRow>(pool, sql.situation, situationOf(cmd))
        .andThen(([row]) => {
          const situation = toSituation(row, cmd.seatNo)
          return placeHold(situation, cmd, cmd.now).map(() => situation.seatId)
        })
        .andThen((seatId) =>
          runTransaction(
            pool,
            async (tx): Promise<Result<Hold, PlaceHoldError>> => {
              // Always user, then seat: one order everywhere, so these locks never deadlock.
              await execute(tx, sql.lockHolder, [namespace, cmd.userId])
              await execute(tx, sql.lockSeat, [seatId])
              // Decided again in a snapshot taken after both locks.
              const [row] = await execute<SituationRow>(tx, sql.situation, situationOf(cmd))
              return placeHold(toSituation(row, cmd.seatNo), cmd, cmd.now).match(
                async (hold) => {
                  await execute(tx, sql.insert, [
                    hold.holdId,
                    hold.userId,
                    hold.concertId,
                    hold.scheduleId,
                    hold.seatNo,
                    seatId,
                    hold.price,
                    hold.createdAt,
                    hold.expiresAt,
                  ])
                  return ok(hold)
                },
                async (refused) => err(refused),
              )
            },
            holdViolations(cmd),
          ),
        ),

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
