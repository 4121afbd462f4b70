import type pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createPostgresBookingStore, migrate } from '../src/index.js'
import { createReleaseSchema } from './support/release-data.js'
import { holdCommand } from './support/sale-fixture.js'
import { createTestPool } from './support/test-database.js'

const pool = createTestPool(5)
const drops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const drop of drops) await drop()
  await pool.end()
})

const at = (iso: string): Date => new Date(iso)

/** Free seats per schedule at `now`, counted straight from the seats, as listDates did before 0009. */
async function freeSeatsCounted(db: pg.Pool, schema: string, now: Date): Promise<Record<string, number>> {
  const { rows } = await db.query<{ schedule_id: string; free: number }>(
    `SELECT sc.schedule_id, sc.seat_count - (SELECT count(*) FROM "${schema}".seats st
              WHERE st.schedule_id = sc.schedule_id AND st.claimed_until > $1)::int AS free
       FROM "${schema}".schedules sc`,
    [now],
  )
  return Object.fromEntries(rows.map((row) => [row.schedule_id, row.free]))
}

async function claimCounts(
  db: pg.Pool,
  schema: string,
): Promise<{ kept: Record<string, number>; seen: Record<string, number> }> {
  const kept = await db.query<{ schedule_id: string; claimed: number }>(
    `SELECT schedule_id, sum(claimed)::int AS claimed FROM "${schema}".schedule_claim_counts GROUP BY schedule_id`,
  )
  const seen = await db.query<{ schedule_id: string; claimed: number }>(
    `SELECT schedule_id, count(*)::int AS claimed FROM "${schema}".seats
      WHERE claimed_until IS NOT NULL GROUP BY schedule_id`,
  )
  const byId = (rows: { schedule_id: string; claimed: number }[]) =>
    Object.fromEntries(rows.filter((row) => row.claimed !== 0).map((row) => [row.schedule_id, row.claimed]))
  return { kept: byId(kept.rows), seen: byId(seen.rows) }
}

describe('migration 0009 on a database at version 5 holding data', () => {
  it('counts the claims already there, answers the dates as before at any instant, and keeps counting', async () => {
    const release = await createReleaseSchema(pool, 'bo_readmodels')
    drops.push(release.drop)
    const { schema } = release
    ;(await migrate(pool, { schema, toVersion: 5 }))._unsafeUnwrap()

    // Written by the code of version 5: a hold of two seats, and a hold that lapses unswept.
    const booking = createPostgresBookingStore({ pool, schema })
    const two = await booking.holdSeat(
      holdCommand({
        holdId: 'hold-v5-two',
        userId: 'gus',
        concertId: 'concert-0002',
        scheduleId: 'schedule-0005',
        seatNo: 2,
        moreSeatNos: [3],
        now: at('2030-01-01T09:06:00Z'),
      }),
    )
    expect(two.isOk()).toBe(true)
    const lapsing = await booking.holdSeat(
      holdCommand({
        holdId: 'hold-v5-lapsing',
        userId: 'hal',
        concertId: 'concert-0001',
        scheduleId: 'schedule-0003',
        seatNo: 7,
        now: at('2030-01-01T09:00:30Z'),
      }),
    )
    expect(lapsing.isOk()).toBe(true)

    // sold, live, lapsed-but-unswept and multi-seat claims, at instants before and after each expiry
    const instants = [
      at('2030-01-01T09:04:00Z'),
      at('2030-01-01T09:05:30Z'),
      at('2030-01-01T09:06:10Z'),
      at('2030-01-01T09:11:05Z'),
      at('2030-01-01T09:12:00Z'),
    ]
    const before = await Promise.all(instants.map((now) => freeSeatsCounted(pool, schema, now)))
    // the instants do tell the states apart
    expect(new Set(before.map((free) => JSON.stringify(free))).size).toBeGreaterThanOrEqual(3)

    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report.applied).toContain('0009_read_models.sql')
    const counts = await claimCounts(pool, schema)
    expect(counts.kept).toEqual(counts.seen)
    expect(counts.kept).toEqual({ 'schedule-0003': 4, 'schedule-0004': 2, 'schedule-0005': 2 })

    const listed = async (now: Date): Promise<Record<string, number>> => {
      const free: Record<string, number> = {}
      for (const concertId of ['concert-0001', 'concert-0002']) {
        for (const date of (await booking.listDates({ concertId, now }))._unsafeUnwrap())
          free[date.scheduleId] = date.availableSeats
      }
      return free
    }
    for (const [i, now] of instants.entries()) expect(await listed(now)).toEqual(before[i])

    // Writes after the upgrade keep the counts: a hold on the lapsed seat, a release, a sale, the sweep.
    const now = at('2030-01-01T09:06:20Z')
    const retake = await booking.holdSeat(
      holdCommand({
        holdId: 'hold-v9-retake',
        userId: 'ida',
        concertId: 'concert-0001',
        scheduleId: 'schedule-0003',
        seatNo: 7,
        now,
      }),
    )
    expect(retake.isOk()).toBe(true)
    ;(await booking.releaseHold({ holdId: 'hold-v5-two', userId: 'gus', now }))._unsafeUnwrap()
    const fresh = await booking.holdSeat(
      holdCommand({
        holdId: 'hold-v9-fresh',
        userId: 'ida',
        concertId: 'concert-0001',
        scheduleId: 'schedule-0003',
        seatNo: 9,
        now,
      }),
    )
    expect(fresh.isOk()).toBe(true)
    const later = at('2030-01-01T09:11:30Z')
    expect((await booking.expireHolds({ now: later, limit: 100 }))._unsafeUnwrap()).toBe(5)

    const after = await claimCounts(pool, schema)
    expect(after.kept).toEqual(after.seen)
    for (const instant of [now, at('2030-01-01T09:11:10Z'), later, at('2030-01-01T09:12:00Z')])
      expect(await listed(instant)).toEqual(await freeSeatsCounted(pool, schema, instant))
  })
})
