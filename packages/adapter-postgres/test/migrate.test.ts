import { afterAll, describe, expect, it } from 'vitest'
import { createBoxOffice, createManualClock } from '@boxoffice/core'
import { createPostgresBookingStore, createPostgresQueueStore, migrate } from '../src/index.js'
import { createReleaseSchema } from './support/release-data.js'
import { holdCommand, openSale } from './support/sale-fixture.js'
import { createTestPool, randomSchemaName } from './support/test-database.js'

const pool = createTestPool(10)
const schemas: string[] = []
const newSchema = (): string => {
  const schema = randomSchemaName('bo_migrate')
  schemas.push(schema)
  return schema
}

afterAll(async () => {
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

async function tablesOf(schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  )
  return rows.map((row) => row.table_name)
}

describe('migrate', () => {
  it('creates the schema with every table and records the version applied', async () => {
    const schema = newSchema()
    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report).toEqual({
      schema,
      applied: [
        '0001_initial.sql',
        '0002_hold_seat.sql',
        '0003_payment_token.sql',
        '0004_multi_seat_holds.sql',
        '0005_scheduled_sales.sql',
        '0006_refunds.sql',
        '0007_pay_in_one_round_trip.sql',
        '0008_events.sql',
        '0009_read_models.sql',
      ],
      version: 9,
    })
    expect(await tablesOf(schema)).toEqual([
      'boxoffice_migrations',
      'concerts',
      'events',
      'hold_seats',
      'holds',
      'idempotency_keys',
      'ledger_entries',
      'payments',
      'queue_admissions',
      'queue_lines',
      'queue_rank_buckets',
      'queue_ticks',
      'queue_tokens',
      'refunds',
      'schedule_claim_counts',
      'schedules',
      'seats',
      'wallets',
    ])
  })

  it('is a no-op when the schema is up to date', async () => {
    const schema = newSchema()
    ;(await migrate(pool, { schema }))._unsafeUnwrap()
    const again = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(again).toEqual({ schema, applied: [], version: 9 })
    const { rows } = await pool.query(`SELECT version, name FROM "${schema}".boxoffice_migrations ORDER BY version`)
    expect(rows).toEqual([
      { version: 1, name: '0001_initial.sql' },
      { version: 2, name: '0002_hold_seat.sql' },
      { version: 3, name: '0003_payment_token.sql' },
      { version: 4, name: '0004_multi_seat_holds.sql' },
      { version: 5, name: '0005_scheduled_sales.sql' },
      { version: 6, name: '0006_refunds.sql' },
      { version: 7, name: '0007_pay_in_one_round_trip.sql' },
      { version: 8, name: '0008_events.sql' },
      { version: 9, name: '0009_read_models.sql' },
    ])
  })

  it('applies each migration exactly once when many processes start at the same moment', async () => {
    const schema = newSchema()
    const reports = await Promise.all(Array.from({ length: 8 }, () => migrate(pool, { schema })))
    const applied = reports.map((report) => report._unsafeUnwrap().applied.length)
    expect(applied.filter((count) => count === 9)).toHaveLength(1)
    expect(applied.filter((count) => count === 0)).toHaveLength(7)
    expect(reports.every((report) => report._unsafeUnwrap().version === 9)).toBe(true)
  })

  it('brings a schema created by an earlier version up to date, and its holds then work', async () => {
    const schema = newSchema()
    // What the first release left: only 0001 applied.
    ;(await migrate(pool, { schema, toVersion: 1 }))._unsafeUnwrap()
    const booking = createPostgresBookingStore({ pool, schema })
    const early = { concertId: 'c-early', scheduleId: 's-early' }
    const before = await booking.holdSeat(holdCommand({ ...early, holdId: 'h-before', userId: 'u1', seatNo: 1 }))
    expect(before._unsafeUnwrapErr()).toMatchObject({ type: 'StoreUnavailable' })

    const report = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(report).toEqual({
      schema,
      applied: [
        '0002_hold_seat.sql',
        '0003_payment_token.sql',
        '0004_multi_seat_holds.sql',
        '0005_scheduled_sales.sql',
        '0006_refunds.sql',
        '0007_pay_in_one_round_trip.sql',
        '0008_events.sql',
        '0009_read_models.sql',
      ],
      version: 9,
    })
    const sale = await openSale(booking, 'upgrade', 1, 100)
    const after = await booking.holdSeat(holdCommand({ ...sale, holdId: 'h-after', userId: 'u1', seatNo: 1 }))
    expect(after._unsafeUnwrap()).toMatchObject({ holdId: 'h-after', status: 'HELD', price: 100 })
  })

  it('stops at toVersion, and a later call takes the schema the rest of the way', async () => {
    const schema = newSchema()
    expect((await migrate(pool, { schema, toVersion: 1 }))._unsafeUnwrap()).toEqual({
      schema,
      applied: ['0001_initial.sql'],
      version: 1,
    })
    const rest = (await migrate(pool, { schema }))._unsafeUnwrap()
    expect(rest.applied[0]).toBe('0002_hold_seat.sql')
    expect(rest.version).toBeGreaterThanOrEqual(2)
  })

  it('upgrades a database holding 0.1.0 data, which the current code then reads and sells from', async () => {
    const release = await createReleaseSchema(pool)
    schemas.push(release.schema)
    const { schema } = release
    ;(await migrate(pool, { schema }))._unsafeUnwrap()
    const booking = createPostgresBookingStore({ pool, schema })
    const now = new Date('2030-01-01T09:06:05.000Z')
    expect((await booking.balance({ userId: 'ada' }))._unsafeUnwrap()).toBe(440)
    const paid = (await booking.findPayment({ userId: 'bob', idempotencyKey: 'bob-pay' }))._unsafeUnwrap()
    expect(paid?.payment).toMatchObject({ userId: 'bob', amount: 150 })
    const seats = (await booking.listSeats({ scheduleId: 'schedule-0003', now }))._unsafeUnwrap().seats
    expect(seats.slice(0, 5).map((seat) => seat.status)).toEqual(['SOLD', 'SOLD', 'AVAILABLE', 'AVAILABLE', 'HELD'])
    const hold = await booking.holdSeat(
      holdCommand({
        concertId: 'concert-0001',
        scheduleId: 'schedule-0003',
        holdId: 'h-new',
        userId: 'zed',
        seatNo: 3,
        now,
      }),
    )
    expect(hold._unsafeUnwrap()).toMatchObject({ holdId: 'h-new', status: 'HELD', price: 80 })
    const taken = await booking.holdSeat(
      holdCommand({
        concertId: 'concert-0001',
        scheduleId: 'schedule-0003',
        holdId: 'h-taken',
        userId: 'zed',
        seatNo: 1,
        now,
      }),
    )
    expect(taken._unsafeUnwrapErr()).toMatchObject({ type: 'SeatUnavailable' })
  })

  it('upgrades a database holding 0.1.0 data, then holds several seats, picks the best ones, pays, and frees old holds', async () => {
    const release = await createReleaseSchema(pool)
    schemas.push(release.schema)
    const { schema } = release
    ;(await migrate(pool, { schema }))._unsafeUnwrap()
    const clock = createManualClock(new Date('2030-01-01T09:06:05.000Z'))
    const box = createBoxOffice({
      queue: createPostgresQueueStore({ pool, schema }),
      booking: createPostgresBookingStore({ pool, schema }),
      clock,
    })
    const statuses = async (): Promise<string[]> =>
      (await box.catalog.listSeats({ scheduleId: 'schedule-0003' }))._unsafeUnwrap().seats.map((seat) => seat.status)
    const A = 'AVAILABLE'
    expect(await statuses()).toEqual(['SOLD', 'SOLD', A, A, 'HELD', A, A, A, A, A, A, A])
    const ticket = (await box.queue.enter({ userId: 'zed', concertId: 'concert-0001' }))._unsafeUnwrap()
    ;(await box.queue.admit({ concertId: 'concert-0001' }))._unsafeUnwrap()
    const zed = { userId: 'zed', token: ticket.token, scheduleId: 'schedule-0003' }
    ;(await box.wallet.charge({ userId: 'zed', amount: 1_000 }))._unsafeUnwrap()

    // eve's seat 5, held under 0.1.0, blocks a hold across it, naming it.
    const across = await box.holds.hold({ ...zed, seatNos: [4, 5, 6] })
    expect(across._unsafeUnwrapErr()).toMatchObject({ type: 'SeatUnavailable', seatNos: [5] })
    const pair = (await box.holds.hold({ ...zed, seatNos: [3, 4] }))._unsafeUnwrap()
    expect(pair).toMatchObject({ seatNos: [3, 4], price: 160 })
    const best = (await box.holds.holdBest({ ...zed, count: 2 }))._unsafeUnwrap()
    expect(best.seatNos).toEqual([6, 7])
    const payment = (
      await box.payments.pay({ userId: 'zed', token: ticket.token, holdId: pair.holdId, idempotencyKey: 'zed-pay' })
    )._unsafeUnwrap()
    expect(payment).toMatchObject({ seatNos: [3, 4], amount: 160 })
    expect((await box.wallet.balance({ userId: 'zed' }))._unsafeUnwrap()).toBe(840)

    // Holds written under 0.1.0 still release and extend, and their seats follow.
    ;(await box.holds.release({ userId: 'eve', holdId: 'hold-0031' }))._unsafeUnwrap()
    expect(await statuses()).toEqual(['SOLD', 'SOLD', 'SOLD', 'SOLD', A, 'HELD', 'HELD', A, A, A, A, A])
    const longer = (await box.holds.extend({ userId: 'fay', holdId: 'hold-0034' }))._unsafeUnwrap()
    expect(longer).toMatchObject({ seatNos: [3], extended: true, expiresAt: new Date('2030-01-01T09:13:05.000Z') })
    // An old payment reads with its one seat.
    const old = await box.payments.pay({ userId: 'bob', token: 'x~y', holdId: 'hold-0025', idempotencyKey: 'bob-pay' })
    expect(old._unsafeUnwrap()).toMatchObject({ seatNo: 1, seatNos: [1] })
  })

  it('upgrades 0.1.0 payments, whose replays complete no token, while a new payment records the token that paid', async () => {
    const release = await createReleaseSchema(pool)
    schemas.push(release.schema)
    const { schema } = release
    ;(await migrate(pool, { schema }))._unsafeUnwrap()
    const box = createBoxOffice({
      queue: createPostgresQueueStore({ pool, schema }),
      booking: createPostgresBookingStore({ pool, schema }),
      clock: createManualClock(new Date('2030-01-01T09:06:05.000Z')),
    })
    // bob paid under 0.1.0, which kept no token; he is back in line and admitted.
    const ticket = (await box.queue.enter({ userId: 'bob', concertId: 'concert-0001' }))._unsafeUnwrap()
    ;(await box.queue.admit({ concertId: 'concert-0001' }))._unsafeUnwrap()
    const replayed = await box.payments.pay({
      userId: 'bob',
      token: ticket.token,
      holdId: 'hold-0025',
      idempotencyKey: 'bob-pay',
    })
    expect(replayed._unsafeUnwrap()).toMatchObject({ paymentId: 'payment-0026', holdId: 'hold-0025', amount: 150 })
    expect((await box.queue.status({ token: ticket.token }))._unsafeUnwrap().status).toBe('ACTIVE')

    // fay pays with the current code for the hold she placed under 0.1.0.
    ;(await box.wallet.charge({ userId: 'fay', amount: 100 }))._unsafeUnwrap()
    const paid = await box.payments.pay({
      userId: 'fay',
      token: 'concert-0001~token-0011',
      holdId: 'hold-0034',
      idempotencyKey: 'fay-pay',
    })
    const payment = paid._unsafeUnwrap()
    const { rows } = await pool.query(
      `SELECT payment_id, token FROM "${schema}".payments ORDER BY token NULLS FIRST, payment_id`,
    )
    expect(rows).toEqual([
      { payment_id: 'payment-0019', token: null },
      { payment_id: 'payment-0022', token: null },
      { payment_id: 'payment-0026', token: null },
      { payment_id: payment.paymentId, token: 'concert-0001~token-0011' },
    ])
    expect((await box.wallet.balance({ userId: 'fay' }))._unsafeUnwrap()).toBe(20)
  })

  it('refuses a schema name that is not a plain identifier before touching the database', () => {
    expect(() => migrate(pool, { schema: 'x"; DROP TABLE y; --' })).toThrow(TypeError)
  })
})
