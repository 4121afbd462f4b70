import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BookingStore } from '@boxoffice/core'
import { createPostgresBookingStore, migrate } from '../src/index.js'
import { startReplicaCluster, type ReplicaCluster } from './support/replica-cluster.js'
import { holdCommand, openSale, START } from './support/sale-fixture.js'

// A primary and a streaming replica this file starts itself (see replica-cluster.ts).
let cluster: ReplicaCluster | undefined
let primary: pg.Pool
let replica: pg.Pool
let booking: BookingStore
const schema = 'boxoffice'

const pools: pg.Pool[] = []
const poolAt = (port: number, options = ''): pg.Pool => {
  const pool = new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: 4, options })
  pool.on('error', () => {})
  pools.push(pool)
  return pool
}

beforeAll(async () => {
  cluster = await startReplicaCluster()
  primary = poolAt(cluster.primaryPort)
  replica = poolAt(cluster.replicaPort)
  ;(await migrate(primary, { schema }))._unsafeUnwrap()
  booking = createPostgresBookingStore({ pool: primary, readPool: replica, schema })
})

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)))
  await cluster?.stop()
})

/** Waits until the replica has replayed everything the primary committed so far. */
async function replayed(): Promise<void> {
  const { rows } = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
  const lsn = rows[0]?.lsn
  for (let attempt = 0; attempt < 600; attempt++) {
    const seen = await replica.query<{ caught_up: boolean }>(
      'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up',
      [lsn],
    )
    if (seen.rows[0]?.caught_up === true) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`the replica did not replay ${lsn} within 30 s`)
}

const statusOf = async (scheduleId: string, seatNo: number): Promise<string | undefined> =>
  (await booking.listSeats({ scheduleId, now: START }))._unsafeUnwrap().seats.find((seat) => seat.seatNo === seatNo)
    ?.status

const freeSeats = async (concertId: string): Promise<number | undefined> =>
  (await booking.listDates({ concertId, now: START }))._unsafeUnwrap()[0]?.availableSeats

describe('catalog reads on a streaming replica (readPool)', () => {
  it('reads from a hot standby, and a schedule created a moment ago is found at once', async () => {
    const { rows } = await replica.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby')
    expect(rows[0]?.standby).toBe(true)
    // created on the primary while the replica replays nothing: "not found" is asked of the primary again
    await replica.query('SELECT pg_wal_replay_pause()')
    let sale: { concertId: string; scheduleId: string }
    try {
      sale = await openSale(booking, 'fresh', 10, 100)
      expect((await booking.listSeats({ scheduleId: sale.scheduleId, now: START }))._unsafeUnwrap().seats).toHaveLength(
        10,
      )
      expect(await freeSeats(sale.concertId)).toBe(10)
      // the list of concerts has no "not found": it is the replica's, without the new concert yet
      const listed = (await booking.listConcerts())._unsafeUnwrap().map((concert) => concert.concertId)
      expect(listed).not.toContain(sale.concertId)
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()')
    }
    await replayed()
    expect((await booking.listConcerts())._unsafeUnwrap().map((concert) => concert.concertId)).toContain(sale.concertId)
  })

  it('lags by the replay lag only: a paused replay shows the seat map of before, resuming shows the hold', async () => {
    const sale = await openSale(booking, 'lag', 5, 100)
    await replayed()
    await replica.query('SELECT pg_wal_replay_pause()')
    try {
      const hold = await booking.holdSeat(
        holdCommand({
          holdId: 'hold-lag',
          userId: 'ann',
          concertId: sale.concertId,
          scheduleId: sale.scheduleId,
          seatNo: 2,
        }),
      )
      expect(hold.isOk()).toBe(true)
      // the primary has the hold; the reads come from the replica, which has not replayed it
      expect(await statusOf(sale.scheduleId, 2)).toBe('AVAILABLE')
      expect(await freeSeats(sale.concertId)).toBe(5)
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()')
    }
    await replayed()
    expect(await statusOf(sale.scheduleId, 2)).toBe('HELD')
    expect(await freeSeats(sale.concertId)).toBe(4)
  })

  it('lags by nothing when the primary commits with remote_apply and the replica is synchronous', async () => {
    await primary.query("ALTER SYSTEM SET synchronous_standby_names = 'boxoffice_replica'")
    await primary.query('SELECT pg_reload_conf()')
    try {
      const applied = poolAt(cluster?.primaryPort ?? 0, '-c synchronous_commit=remote_apply')
      const waiting = createPostgresBookingStore({ pool: applied, readPool: replica, schema })
      const sale = await openSale(waiting, 'sync', 3, 100)
      for (const seatNo of [1, 2, 3]) {
        const hold = await waiting.holdSeat(
          holdCommand({ holdId: `hold-sync-${seatNo}`, userId: `u${seatNo}`, ...sale, seatNo }),
        )
        expect(hold.isOk()).toBe(true)
        // no wait: the commit returned only once the replica had applied it
        const seats = (await waiting.listSeats({ scheduleId: sale.scheduleId, now: START }))._unsafeUnwrap().seats
        expect(seats.filter((seat) => seat.status === 'HELD').map((seat) => seat.seatNo)).toEqual(
          [1, 2, 3].filter((n) => n <= seatNo),
        )
        expect(
          (await waiting.listDates({ concertId: sale.concertId, now: START }))._unsafeUnwrap()[0]?.availableSeats,
        ).toBe(3 - seatNo)
      }
    } finally {
      await primary.query('ALTER SYSTEM RESET synchronous_standby_names')
      await primary.query('SELECT pg_reload_conf()')
    }
  })
})
