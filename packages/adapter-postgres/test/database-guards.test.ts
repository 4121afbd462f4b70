import type pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPostgresBookingStore } from '../src/index.js'
import { payCommand } from './support/sale-fixture.js'
import { createTestPool, createTestSchema, emptySchema, type TestSchema } from './support/test-database.js'

/*
 * The invariants the database guards by itself, whatever the application
 * writes: these tests bypass the adapter's logic and write rows directly.
 */

const pool = createTestPool(5)
let db: TestSchema
let s: string

beforeAll(async () => {
  db = await createTestSchema(pool, 'bo_guards')
  s = `"${db.schema}"`
})
afterAll(async () => {
  await db.drop()
  await pool.end()
})

const at = (minute: number): Date => new Date(Date.UTC(2030, 0, 1, 0, minute))

beforeEach(async () => {
  await emptySchema(pool, db.schema)
  await pool.query(`INSERT INTO ${s}.concerts VALUES ('c1', 'Gala', $1)`, [at(0)])
  await pool.query(`INSERT INTO ${s}.schedules VALUES ('s1', 'c1', $1, 2)`, [at(0)])
  await pool.query(`INSERT INTO ${s}.seats (schedule_id, seat_no, price) VALUES ('s1', 1, 100), ('s1', 2, 100)`)
})

async function insertHold(holdId: string, seatNo: number, status: string, from: number, until: number): Promise<void> {
  await pool.query(
    `INSERT INTO ${s}.holds (hold_id, user_id, concert_id, schedule_id, seat_no, seat_id, price, status, created_at, expires_at, seat_nos)
     SELECT $1, 'u-' || $1, 'c1', 's1', $2, seat_id, 100, $3, $4, $5, ARRAY[$2::integer] FROM ${s}.seats WHERE seat_no = $2`,
    [holdId, seatNo, status, at(from), at(until)],
  )
}

async function refusal(write: Promise<unknown>): Promise<{ code: string; constraint: string | undefined }> {
  const error = await write.then(
    () => undefined,
    (cause: unknown) => cause as pg.DatabaseError,
  )
  if (error === undefined) throw new Error('the database accepted the write')
  return { code: String(error.code), constraint: error.constraint }
}

describe('what the database refuses on its own', () => {
  it('two holds claiming one seat over overlapping periods', async () => {
    await insertHold('h1', 1, 'HELD', 0, 5)
    expect(await refusal(insertHold('h2', 1, 'HELD', 4, 9))).toEqual({
      code: '23P01',
      constraint: 'hold_seats_one_claim_per_seat',
    })
  })

  it('a hold of several seats overlapping a live claim on any one of them', async () => {
    await insertHold('h1', 2, 'HELD', 0, 5)
    const several = pool.query(
      `INSERT INTO ${s}.holds (hold_id, user_id, concert_id, schedule_id, seat_no, seat_id, price, status, created_at, expires_at, seat_nos)
       SELECT 'h2', 'u-h2', 'c1', 's1', 1, seat_id, 200, 'HELD', $1, $2, '{1,2}' FROM ${s}.seats WHERE seat_no = 1`,
      [at(1), at(6)],
    )
    expect(await refusal(several)).toEqual({ code: '23P01', constraint: 'hold_seats_one_claim_per_seat' })
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${s}.hold_seats`)
    expect(rows[0]).toEqual({ n: 1 })
  })

  it('nothing when the earlier hold ran out before the next one starts, swept or not', async () => {
    await insertHold('h1', 1, 'HELD', 0, 5)
    await insertHold('h2', 1, 'HELD', 5, 10)
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${s}.holds WHERE status = 'HELD'`)
    expect(rows[0]).toEqual({ n: 2 })
  })

  it('a hold on a seat that is sold, at any later time', async () => {
    await insertHold('h1', 1, 'HELD', 0, 5)
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query(`UPDATE ${s}.holds SET status = 'CONFIRMED', payment_id = 'p1' WHERE hold_id = 'h1'`)
      await client.query(
        `INSERT INTO ${s}.payments (payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, amount, idempotency_key, paid_at, seat_nos) VALUES ('p1', 'u-h1', 'h1', 'c1', 's1', 1, 100, 'k1', $1, '{1}')`,
        [at(1)],
      )
      await client.query('COMMIT')
    } finally {
      client.release()
    }
    expect(await refusal(insertHold('h2', 1, 'HELD', 600, 605))).toMatchObject({ code: '23P01' })
  })

  it('a second payment for one hold', async () => {
    await insertHold('h1', 1, 'HELD', 0, 5)
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      await client.query(`UPDATE ${s}.holds SET status = 'CONFIRMED', payment_id = 'p1' WHERE hold_id = 'h1'`)
      await client.query(
        `INSERT INTO ${s}.payments (payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, amount, idempotency_key, paid_at, seat_nos) VALUES ('p1', 'u-h1', 'h1', 'c1', 's1', 1, 100, 'k1', $1, '{1}')`,
        [at(1)],
      )
      const second = client.query(
        `INSERT INTO ${s}.payments (payment_id, user_id, hold_id, concert_id, schedule_id, seat_no, amount, idempotency_key, paid_at, seat_nos) VALUES ('p2', 'u-h1', 'h1', 'c1', 's1', 1, 100, 'k2', $1, '{1}')`,
        [at(1)],
      )
      expect(await refusal(second)).toEqual({ code: '23505', constraint: 'payments_one_per_hold' })
    } finally {
      await client.query('ROLLBACK')
      client.release()
    }
  })

  it('a CONFIRMED hold without its payment', async () => {
    await insertHold('h1', 1, 'HELD', 0, 5)
    const confirm = pool.query(`UPDATE ${s}.holds SET status = 'CONFIRMED' WHERE hold_id = 'h1'`)
    expect(await refusal(confirm)).toEqual({ code: '23514', constraint: 'holds_confirmed_has_payment' })
  })

  it('a second live queue token for one user and concert', async () => {
    const insert = (token: string): Promise<unknown> =>
      pool.query(
        `INSERT INTO ${s}.queue_tokens (token, user_id, concert_id, status, seq, entered_at, last_seen_at)
         VALUES ($1, 'u1', 'c1', 'WAITING', 1, $2, $2)`,
        [token, at(0)],
      )
    await insert('c1~a')
    expect(await refusal(insert('c1~b'))).toEqual({ code: '23505', constraint: 'queue_tokens_one_live_per_user' })
  })

  it('a balance below zero', async () => {
    await pool.query(`INSERT INTO ${s}.wallets VALUES ('u1', 50)`)
    const overdraw = pool.query(`UPDATE ${s}.wallets SET balance = balance - 80 WHERE user_id = 'u1'`)
    expect(await refusal(overdraw)).toEqual({ code: '23514', constraint: 'wallets_balance_not_negative' })
  })
})

describe('the guard behind the adapter', () => {
  it('a payment stamped by a lagging clock cannot sell a seat someone else now holds', async () => {
    const booking = createPostgresBookingStore({ pool, schema: db.schema })
    const holdOf = (userId: string, holdId: string, now: Date) =>
      booking.holdSeat({
        holdId,
        userId,
        concertId: 'c1',
        token: `c1~${userId}`,
        scheduleId: 's1',
        seatNos: [1],
        ttlMs: 5 * 60_000,
        maxSeatsPerUser: 4,
        now,
      })
    ;(await holdOf('u1', 'h1', at(0)))._unsafeUnwrap()
    // u1's hold ran out at minute 5; u2 holds the seat from minute 6.
    ;(await holdOf('u2', 'h2', at(6)))._unsafeUnwrap()
    ;(
      await booking.charge({
        entryId: 'e1',
        userId: 'u1',
        amount: 500,
        idempotencyKey: null,
        maxBalance: 10_000,
        now: at(0),
      })
    )._unsafeUnwrap()
    // A process whose clock still reads minute 4 settles u1's hold: the
    // exclusion constraint refuses to let the sale overlap u2's claim.
    const paid = await booking.pay(
      payCommand({
        paymentId: 'p1',
        entryId: 'e2',
        userId: 'u1',
        holdId: 'h1',
        idempotencyKey: 'k1',
        now: at(4),
        concertId: 'c1',
      }),
    )
    expect(paid._unsafeUnwrapErr()).toMatchObject({ type: 'HoldExpired', holdId: 'h1' })
    expect((await booking.balance({ userId: 'u1' }))._unsafeUnwrap()).toBe(500)
    expect((await booking.findPayment({ userId: 'u1', idempotencyKey: 'k1' }))._unsafeUnwrap()).toBeNull()
  })
})
