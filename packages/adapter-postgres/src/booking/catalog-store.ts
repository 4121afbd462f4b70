import {
  concertNotFound,
  scheduleNotFound,
  type Concert,
  type Schedule,
  type ScheduleAvailability,
  type SeatStatus,
} from '@boxoffice/core'
import { type BookingStore } from '@boxoffice/core/adapter'
import { err, ok } from 'neverthrow'
import { runStatement } from '../atomic.js'
import type { PostgresPool } from '../postgres-pool.js'
import { statement } from '../statement.js'

type CatalogPart = Pick<BookingStore, 'createConcert' | 'listConcerts' | 'addSchedule' | 'listDates' | 'listSeats'>

interface ConcertRow {
  readonly concert_id: string
  readonly title: string
  readonly created_at: Date
}

interface ScheduleRow {
  readonly schedule_id: string
  readonly concert_id: string
  readonly starts_at: Date
  readonly seat_count: number
  readonly status: Schedule['status']
}

const toSchedule = (row: ScheduleRow): Schedule => ({
  scheduleId: row.schedule_id,
  concertId: row.concert_id,
  startsAt: row.starts_at,
  seatCount: row.seat_count,
  status: row.status,
})

// A seat's claim (migration 0004): 'infinity' once sold, the HELD claim's
// expiry while held, null when free; a claim past $2 has lapsed.
function catalogStatements(s: string) {
  return {
    createConcert: statement(`INSERT INTO ${s}.concerts (concert_id, title, created_at) VALUES ($1, $2, $3)`),
    listConcerts: statement(`SELECT concert_id, title, created_at FROM ${s}.concerts ORDER BY created_at, concert_id`),
    // The schedule and its seats in one statement; a missing concert fails the
    // foreign key `schedules_concert_exists`.
    addSchedule: statement(`
      WITH schedule AS (
        INSERT INTO ${s}.schedules (schedule_id, concert_id, starts_at, seat_count) VALUES ($1, $2, $3, $4)
        RETURNING schedule_id)
      INSERT INTO ${s}.seats (schedule_id, seat_no, price, row_label)
      SELECT schedule.schedule_id, spec.seat_no, spec.price, spec.row_label
        FROM schedule, unnest($5::integer[], $6::bigint[], $7::text[]) AS spec (seat_no, price, row_label)`),
    // One row per schedule, or one row with no schedule for a concert without
    // dates; no row at all when the concert does not exist. The seats claimed
    // at $2 come from the counts kept with the writes (migration 0009) less the
    // claims that lapsed by $2 and were not swept yet (an index probe, normally
    // empty): exactly the seats with claimed_until > $2. The instant is read
    // through a sub-select, so no plan depends on its value and the server
    // keeps one generic plan instead of planning the probe on every call.
    listDates: statement(`
      SELECT c.concert_id AS found, s.schedule_id, s.concert_id, s.starts_at, s.seat_count, s.status,
        coalesce((SELECT sum(n.claimed) FROM ${s}.schedule_claim_counts n WHERE n.schedule_id = s.schedule_id), 0)
          - (SELECT count(*) FROM ${s}.seats st
              WHERE st.schedule_id = s.schedule_id AND st.claimed_until <= (SELECT $2::timestamptz)) AS claimed
      FROM ${s}.concerts c LEFT JOIN ${s}.schedules s ON s.concert_id = c.concert_id
      WHERE c.concert_id = $1
      ORDER BY s.starts_at, s.schedule_id`),
    // Seat status derived as core's seatStatus: SOLD over HELD over AVAILABLE.
    listSeats: statement(`
      SELECT s.schedule_id, s.concert_id, s.starts_at, s.seat_count, s.status AS schedule_status, st.seat_no, st.price,
        st.row_label, CASE WHEN st.claimed_until = 'infinity' THEN 'SOLD' WHEN st.claimed_until > $2 THEN 'HELD'
             ELSE 'AVAILABLE' END AS status
      FROM ${s}.schedules s
      LEFT JOIN ${s}.seats st ON st.schedule_id = s.schedule_id
      WHERE s.schedule_id = $1
      ORDER BY st.seat_no`),
  }
}

/**
 * Concerts, schedules and seats: plain single statements. The three reads
 * (concerts, dates, seat map) go to `readPool`, which may be a streaming
 * replica; a schedule or concert it does not know yet (created moments ago, not
 * replayed there) is asked of `pool` once more, so "not found" is never stale.
 */
export function createCatalogStore(pool: PostgresPool, schema: string, readPool: PostgresPool = pool): CatalogPart {
  const sql = catalogStatements(schema)

  const readDates = (db: PostgresPool, concertId: string, now: Date) =>
    runStatement<Partial<ScheduleRow> & { readonly claimed: string }>(db, sql.listDates, [concertId, now])

  const readSeats = (db: PostgresPool, scheduleId: string, now: Date) =>
    runStatement<
      Omit<ScheduleRow, 'status'> & {
        readonly schedule_status: Schedule['status']
        readonly seat_no: number | null
        readonly price: string | null
        readonly row_label: string | null
        readonly status: SeatStatus
      }
    >(db, sql.listSeats, [scheduleId, now])

  return {
    createConcert: ({ concert }) =>
      runStatement(pool, sql.createConcert, [concert.concertId, concert.title, concert.createdAt]).map(() => concert),

    listConcerts: () =>
      runStatement<ConcertRow>(readPool, sql.listConcerts, []).map((rows) =>
        rows.map((row): Concert => ({ concertId: row.concert_id, title: row.title, createdAt: row.created_at })),
      ),

    addSchedule: ({ schedule, seats }) =>
      runStatement(
        pool,
        sql.addSchedule,
        [
          schedule.scheduleId,
          schedule.concertId,
          schedule.startsAt,
          schedule.seatCount,
          seats.map((seat) => seat.seatNo),
          seats.map((seat) => seat.price),
          seats.map((seat) => seat.row ?? null),
        ],
        { schedules_concert_exists: () => concertNotFound(schedule.concertId) },
      ).map(() => schedule),

    listDates: ({ concertId, now }) =>
      readDates(readPool, concertId, now)
        .andThen((rows) => (rows.length === 0 && readPool !== pool ? readDates(pool, concertId, now) : ok(rows)))
        .andThen((rows) => {
          if (rows.length === 0) return err(concertNotFound(concertId))
          const dates: ScheduleAvailability[] = []
          for (const row of rows) {
            if (row.schedule_id === undefined || row.schedule_id === null) continue
            dates.push({
              ...toSchedule(row as ScheduleRow),
              availableSeats: (row.seat_count ?? 0) - Number(row.claimed),
            })
          }
          return ok(dates)
        }),

    listSeats: ({ scheduleId, now }) =>
      readSeats(readPool, scheduleId, now)
        .andThen((rows) => (rows.length === 0 && readPool !== pool ? readSeats(pool, scheduleId, now) : ok(rows)))
        .andThen((rows) => {
          const first = rows[0]
          if (first === undefined) return err(scheduleNotFound(scheduleId))
          const seats = rows.flatMap((row) =>
            row.seat_no === null
              ? []
              : [{ seatNo: row.seat_no, price: Number(row.price), row: row.row_label, status: row.status }],
          )
          return ok({ schedule: toSchedule({ ...first, status: first.schedule_status }), seats })
        }),
  }
}
